// Customers (organisations), users and their roles, and authentication: password logins
// that open a session (a random cookie token stored only as its digest, with a CSRF
// token and an expiry), API tokens for integrations, and login rate limiting. Who may do
// what: admins manage users and tokens; staff manage customers; customers see their own
// organisation.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/service/actor.h"
#include "app/service/auth_cache.h"
#include "app/service/records.h"
#include "app/service/service_context.h"
#include "auth/login_limiter.h"

namespace esc::app {

struct NewUser {
  std::string username;
  std::string display_name;
  std::string email;
  std::string role;
  std::optional<Id> customer_id;  // required for customers, refused for staff
  std::string password;           // at least 10 characters; empty: no password login
};

struct UserChange {
  std::optional<std::string> display_name, email, role, password;
  std::optional<bool> disabled;
};

struct Session {
  std::string token;  // the cookie value (only the client keeps it)
  std::string csrf_token;
  UserRecord user;
  Instant expires_at;
};

struct Authenticated {
  Actor actor;
  std::string csrf_token;  // empty for API tokens (no cookie, so no CSRF)
  // "full": what the actor may do; "intake": an API token for the intake endpoints only.
  std::string scope = "full";
  bool intake_only() const { return scope == "intake"; }
};

class AccountService {
 public:
  // How long an authentication is answered from memory at most (see auth_cache.h).
  static constexpr std::chrono::seconds kAuthCacheLifetime{30};

  AccountService(ServiceContext& context, std::chrono::seconds session_lifetime)
      : context_(context), session_lifetime_(session_lifetime), auth_cache_(kAuthCacheLifetime) {}

  Result<CustomerRecord> CreateCustomer(const Actor& actor, const std::string& name,
                                        const std::string& tier);
  Result<CustomerRecord> GetCustomer(const Actor& actor, Id id);
  Result<std::vector<CustomerRecord>> ListCustomers(const Actor& actor, int limit, int offset);

  // `actor` must be an admin, except for the very first user (the CLI's bootstrap).
  Result<UserRecord> CreateUser(const Actor& actor, const NewUser& input);
  Result<UserRecord> UpdateUser(const Actor& actor, Id id, const UserChange& change);
  Result<std::vector<UserRecord>> ListUsers(const Actor& actor, std::optional<Id> customer_id,
                                            int limit, int offset);
  Result<UserRecord> GetUser(const Actor& actor, Id id);

  // Forbidden with a retry hint when rate-limited; Invalid for a wrong name or password
  // (the same message for both).
  Result<Session> Login(const std::string& username, const std::string& password,
                        const std::string& remote);
  // A session for a person a signed link vouches for (the portal sign-in link in customer
  // mail); the link's check has read the user and found the account enabled.
  Result<Session> OpenSession(const UserRecord& user);
  Result<void> Logout(const std::string& token);
  Result<Authenticated> FromSession(const std::string& token);
  Result<Authenticated> FromApiToken(const std::string& token);

  // Returns the token once; only its digest is stored. `scope`: "full" (what the user may
  // do) or "intake" (the intake endpoints only; Invalid otherwise).
  Result<std::pair<ApiTokenRecord, std::string>> CreateApiToken(const Actor& actor, Id user_id,
                                                                const std::string& name,
                                                                const std::string& scope = "full");
  Result<std::vector<ApiTokenRecord>> ListApiTokens(const Actor& actor);
  Result<void> RevokeApiToken(const Actor& actor, Id id);

  static Actor ActorFor(const UserRecord& user);

 private:
  ServiceContext& context_;
  std::chrono::seconds session_lifetime_;
  auth::LoginLimiter limiter_;
  AuthCache auth_cache_;
};

}  // namespace esc::app
