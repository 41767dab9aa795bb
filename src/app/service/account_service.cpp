#include "app/service/account_service.h"

#include <fmt/format.h>

#include "app/service/input_checks.h"
#include "auth/password.h"
#include "auth/token.h"

namespace esc::app {
namespace {

Result<void> CheckUsername(const std::string& name) {
  if (auto ok = CheckLength("username", name, 1, 64); !ok) return ok;
  for (char c : name) {
    const bool fine = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                      c == '.' || c == '@';
    if (!fine) {
      return std::unexpected(core::Error::Invalid(
          "username may contain lower-case letters, digits and - _ . @ only", "username"));
    }
  }
  return {};
}

Result<void> CheckPassword(const std::string& password) {
  if (password.empty()) return {};
  return CheckLength("password", password, 10, 200);
}

core::Error Denied() { return core::Error::Unauthenticated("wrong user name or password"); }

}  // namespace

Actor AccountService::ActorFor(const UserRecord& user) {
  return Actor{user.id, user.username, user.role, user.customer_id};
}

Result<CustomerRecord> AccountService::CreateCustomer(const Actor& actor, const std::string& name,
                                                      const std::string& tier) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("staff manage customers"));
  if (auto ok = CheckLength("name", name, 1, 200); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckLength("tier", tier, 1, 60); !ok) return std::unexpected(ok.error());
  CustomerRecord customer{0, name, tier, context_.clock.Now()};
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto id = tx.InsertCustomer(customer);
    if (!id) return std::unexpected(id.error());
    customer.id = *id;
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return customer;
}

Result<CustomerRecord> AccountService::GetCustomer(const Actor& actor, Id id) {
  if (actor.customer() && actor.customer_id != id) {
    return std::unexpected(core::Error::NotFound(fmt::format("no customer {}", id), "id"));
  }
  CustomerRecord result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindCustomer(id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return std::unexpected(core::Error::NotFound(fmt::format("no customer {}", id), "id"));
    result = **found;
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<std::vector<CustomerRecord>> AccountService::ListCustomers(const Actor& actor, int limit,
                                                                  int offset) {
  if (actor.customer()) {
    auto own = GetCustomer(actor, actor.customer_id.value_or(0));
    if (!own) return std::unexpected(own.error());
    return std::vector<CustomerRecord>{*own};
  }
  std::vector<CustomerRecord> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto rows = tx.ListCustomers(limit, offset);
    if (!rows) return std::unexpected(rows.error());
    result = std::move(*rows);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<UserRecord> AccountService::CreateUser(const Actor& actor, const NewUser& input) {
  if (auto ok = CheckUsername(input.username); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckLength("display_name", input.display_name, 0, 200); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = CheckLength("email", input.email, 0, 320); !ok) return std::unexpected(ok.error());
  auto role = ParseRole(input.role);
  if (!role) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("role \"{}\" is not known; expected customer, agent, supervisor, "
                    "escalation_manager, manager or admin",
                    input.role),
        "role"));
  }
  if (*role == Role::kCustomer && !input.customer_id) {
    return std::unexpected(core::Error::Invalid("a customer user needs customer_id", "customer_id"));
  }
  if (*role != Role::kCustomer && input.customer_id) {
    return std::unexpected(
        core::Error::Invalid("only customer users belong to a customer", "customer_id"));
  }
  if (auto ok = CheckPassword(input.password); !ok) return std::unexpected(ok.error());
  const std::string hash = input.password.empty() ? "" : auth::HashPassword(input.password);
  UserRecord user;
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto count = tx.CountUsers();
    if (!count) return std::unexpected(count.error());
    const bool bootstrap = *count == 0 && actor.username == "system";
    if (!bootstrap && !IsAdmin(actor)) {
      return std::unexpected(core::Error::Forbidden("only admins manage users"));
    }
    auto taken = tx.FindUserByName(input.username);
    if (!taken) return std::unexpected(taken.error());
    if (*taken) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("user name \"{}\" is taken", input.username), "username"));
    }
    if (input.customer_id) {
      auto customer = tx.FindCustomer(*input.customer_id);
      if (!customer) return std::unexpected(customer.error());
      if (!*customer) {
        return std::unexpected(core::Error::NotFound(
            fmt::format("no customer {}", *input.customer_id), "customer_id"));
      }
    }
    user = UserRecord{0,     input.username, input.display_name, input.email, *role,
                      input.customer_id, hash, false, context_.clock.Now()};
    auto id = tx.InsertUser(user);
    if (!id) return std::unexpected(id.error());
    user.id = *id;
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return user;
}

Result<UserRecord> AccountService::UpdateUser(const Actor& actor, Id id, const UserChange& change) {
  if (!IsAdmin(actor)) return std::unexpected(core::Error::Forbidden("only admins manage users"));
  std::optional<Role> role;
  if (change.role) {
    role = ParseRole(*change.role);
    if (!role) {
      return std::unexpected(core::Error::Invalid(fmt::format("role \"{}\" is not known", *change.role), "role"));
    }
  }
  if (change.password) {
    if (auto ok = CheckPassword(*change.password); !ok) return std::unexpected(ok.error());
  }
  const std::string hash =
      change.password && !change.password->empty() ? auth::HashPassword(*change.password) : "";
  UserRecord user;
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindUser(id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return std::unexpected(core::Error::NotFound(fmt::format("no user {}", id), "id"));
    user = **found;
    if (change.display_name) user.display_name = *change.display_name;
    if (change.email) user.email = *change.email;
    if (role) {
      if ((*role == Role::kCustomer) != (user.role == Role::kCustomer)) {
        return std::unexpected(core::Error::Invalid(
            "a customer user cannot become staff or the other way round: create a new user",
            "role"));
      }
      user.role = *role;
    }
    if (change.password) user.password_hash = hash;
    if (change.disabled) {
      if (*change.disabled && user.id == actor.user_id) {
        return std::unexpected(core::Error::Conflict("admins cannot disable themselves", "disabled"));
      }
      user.disabled = *change.disabled;
    }
    return tx.UpdateUser(user);
  });
  // A role change or a disabled account takes effect on the very next request.
  auth_cache_.ForgetAll();
  if (!written) return std::unexpected(written.error());
  return user;
}

Result<std::vector<UserRecord>> AccountService::ListUsers(const Actor& actor,
                                                          std::optional<Id> customer_id, int limit,
                                                          int offset) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("staff only"));
  std::vector<UserRecord> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto rows = tx.ListUsers(customer_id, limit, offset);
    if (!rows) return std::unexpected(rows.error());
    result = std::move(*rows);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<UserRecord> AccountService::GetUser(const Actor& actor, Id id) {
  if (!actor.staff() && actor.user_id != id) {
    return std::unexpected(core::Error::NotFound(fmt::format("no user {}", id), "id"));
  }
  UserRecord result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindUser(id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return std::unexpected(core::Error::NotFound(fmt::format("no user {}", id), "id"));
    result = **found;
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<Session> AccountService::Login(const std::string& username, const std::string& password,
                                      const std::string& remote) {
  const Instant now = context_.clock.Now();
  const std::string user_key = "user:" + username, remote_key = "remote:" + remote;
  const auto wait = std::max(limiter_.RetryAfter(user_key, now), limiter_.RetryAfter(remote_key, now));
  if (wait.count() > 0) {
    return std::unexpected(core::Error::RateLimited(
        fmt::format("too many failed logins: try again in {} s", wait.count())));
  }
  std::optional<UserRecord> user;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindUserByName(username);
    if (!found) return std::unexpected(found.error());
    user = std::move(*found);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  const bool ok = user && !user->disabled && !user->password_hash.empty() &&
                  auth::VerifyPassword(user->password_hash, password);
  if (!ok) {
    limiter_.RecordFailure(user_key, now);
    limiter_.RecordFailure(remote_key, now);
    return std::unexpected(Denied());
  }
  limiter_.RecordSuccess(user_key);
  return OpenSession(*user);
}

Result<Session> AccountService::OpenSession(const UserRecord& user) {
  const Instant now = context_.clock.Now();
  Session session{auth::NewToken(), auth::NewToken(), user, now + session_lifetime_};
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    if (auto cleaned = tx.DeleteExpiredSessions(now); !cleaned) return cleaned;
    return tx.InsertSession(SessionRecord{auth::DigestToken(session.token), user.id,
                                          session.csrf_token, now, session.expires_at});
  });
  if (!written) return std::unexpected(written.error());
  return session;
}

Result<void> AccountService::Logout(const std::string& token) {
  const std::string digest = auth::DigestToken(token);
  auto deleted = context_.store.Write([&](StoreTx& tx) { return tx.DeleteSession(digest); });
  auth_cache_.Forget(digest);
  return deleted;
}

Result<Authenticated> AccountService::FromSession(const std::string& token) {
  const Instant now = context_.clock.Now();
  const std::string digest = auth::DigestToken(token);
  if (auto cached = auth_cache_.Find(digest, now)) {
    return Authenticated{std::move(cached->actor), std::move(cached->csrf_token), "full"};
  }
  const std::uint64_t generation = auth_cache_.Generation();
  Authenticated result;
  Instant expires_at;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto session = tx.FindSession(digest);
    if (!session) return std::unexpected(session.error());
    if (!*session || (*session)->expires_at <= now) {
      return std::unexpected(core::Error::Unauthenticated("the session has expired: log in again"));
    }
    auto user = tx.FindUser((*session)->user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user || (*user)->disabled) {
      return std::unexpected(core::Error::Unauthenticated("the account is disabled"));
    }
    result = Authenticated{ActorFor(**user), (*session)->csrf_token, "full"};
    expires_at = (*session)->expires_at;
    return {};
  });
  if (!read) return std::unexpected(read.error());
  auth_cache_.Remember(digest, generation, {result.actor, result.csrf_token, expires_at, "full"},
                       now);
  return result;
}

Result<Authenticated> AccountService::FromApiToken(const std::string& token) {
  const Instant now = context_.clock.Now();
  const std::string digest = auth::DigestToken(token);
  if (auto cached = auth_cache_.Find(digest, now)) {
    return Authenticated{std::move(cached->actor), "", std::move(cached->scope)};
  }
  const std::uint64_t generation = auth_cache_.Generation();
  Authenticated result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto found = tx.FindApiToken(digest);
    if (!found) return std::unexpected(found.error());
    if (!*found || (*found)->revoked) {
      return std::unexpected(core::Error::Unauthenticated("the API token is not valid"));
    }
    auto user = tx.FindUser((*found)->user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user || (*user)->disabled) {
      return std::unexpected(core::Error::Unauthenticated("the account is disabled"));
    }
    result = Authenticated{ActorFor(**user), "", (*found)->scope};
    return {};
  });
  if (!read) return std::unexpected(read.error());
  auth_cache_.Remember(digest, generation, {result.actor, "", Instant::max(), result.scope}, now);
  return result;
}

Result<std::pair<ApiTokenRecord, std::string>> AccountService::CreateApiToken(
    const Actor& actor, Id user_id, const std::string& name, const std::string& scope) {
  if (!IsAdmin(actor)) return std::unexpected(core::Error::Forbidden("only admins manage API tokens"));
  if (auto ok = CheckLength("name", name, 1, 100); !ok) return std::unexpected(ok.error());
  if (scope != "full" && scope != "intake") {
    return std::unexpected(core::Error::Invalid(
        fmt::format("scope \"{}\" is not known; expected full or intake", scope), "scope"));
  }
  const std::string token = auth::NewToken("esc_");
  ApiTokenRecord record{0, user_id, name, auth::DigestToken(token), context_.clock.Now(),
                        std::nullopt, false, scope};
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto user = tx.FindUser(user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) {
      return std::unexpected(core::Error::NotFound(fmt::format("no user {}", user_id), "user_id"));
    }
    auto id = tx.InsertApiToken(record);
    if (!id) return std::unexpected(id.error());
    record.id = *id;
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return std::pair{record, token};
}

Result<std::vector<ApiTokenRecord>> AccountService::ListApiTokens(const Actor& actor) {
  if (!IsAdmin(actor)) return std::unexpected(core::Error::Forbidden("only admins manage API tokens"));
  std::vector<ApiTokenRecord> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto rows = tx.ListApiTokens(std::nullopt);
    if (!rows) return std::unexpected(rows.error());
    result = std::move(*rows);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<void> AccountService::RevokeApiToken(const Actor& actor, Id id) {
  if (!IsAdmin(actor)) return std::unexpected(core::Error::Forbidden("only admins manage API tokens"));
  auto revoked = context_.store.Write([&](StoreTx& tx) { return tx.RevokeApiToken(id); });
  // The cache knows tokens by digest, not id: the revocation clears it all.
  auth_cache_.ForgetAll();
  return revoked;
}

}  // namespace esc::app
