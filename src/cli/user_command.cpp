// `escalator user add`: creates a user directly in the database (the way to make the
// first admin). The password comes from ESCALATOR_PASSWORD or the first line of stdin,
// never from the command line where other users of the machine could read it.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "app/service/account_service.h"
#include "auth/password.h"
#include "cli/commands.h"
#include "storage/sqlite/sqlite_store.h"

namespace esc::cli {

int RunUserAdd(const UserAddOptions& options) {
  std::string password;
  if (const char* env = std::getenv("ESCALATOR_PASSWORD"); env && *env) {
    password = env;
  } else {
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  auth::InitCrypto();
  auto store = storage::SqliteStore::Open({options.db_path, true, 512});
  if (!store) {
    std::fprintf(stderr, "%s: %s\n", options.db_path.c_str(), store.error().ToString().c_str());
    return 2;
  }
  app::PolicyHolder policies("", core::Policy{});
  app::LiveEvents live;
  app::Routing routing;
  app::SystemClock clock;
  app::ServiceContext context{**store, policies, clock, live, routing, {}, {}, {}, {}, {}};
  app::AccountService accounts(context, std::chrono::hours(12));
  app::NewUser input{options.username, options.display_name, options.email, options.role,
                     options.customer_id, password};
  auto user = accounts.CreateUser(app::Actor::System(), input);
  if (!user) {
    std::fprintf(stderr, "%s\n", user.error().ToString().c_str());
    return 1;
  }
  std::printf("created user %s (id %lld, role %s)\n", user->username.c_str(),
              static_cast<long long>(user->id), std::string(app::ToString(user->role)).c_str());
  return 0;
}

}  // namespace esc::cli
