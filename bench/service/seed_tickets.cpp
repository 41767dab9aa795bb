// Seeds a service database for the benchmarks (bench/service/README.md): N open tickets
// opened evenly over the week before now, each through the service's own TicketService
// (engine, routing, audit trail, next wake-up, exactly as the API would), so that with
// bench/service/service-policy.yaml their next wake-ups fall evenly over the next week.
// The threads open their tickets in lockstep rounds, one ticket each at the round's
// instant on a manual clock (the store runs the work on its writer thread, which reads
// the same clock). Also creates an admin user and prints an API token for wrk.
//
//   seed_tickets --policy bench/service/service-policy.yaml --db /tmp/bench.db --tickets 1000000
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "app/service/account_service.h"
#include "app/service/live_events.h"
#include "app/service/policy_holder.h"
#include "app/service/service_context.h"
#include "app/service/ticket_service.h"
#include "auth/password.h"
#include "policy/policy_loader.h"
#include "storage/sqlite/sqlite_store.h"

namespace {

using esc::core::Instant;

int Fail(const std::string& what) {
  std::fprintf(stderr, "seed_tickets: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string policy_file, db = "bench.db";
  long tickets = 1000000;
  int threads = 8;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--policy") policy_file = argv[i + 1];
    else if (flag == "--db") db = argv[i + 1];
    else if (flag == "--tickets") tickets = std::atol(argv[i + 1]);
    else if (flag == "--threads") threads = std::atoi(argv[i + 1]);
    else return Fail("unknown option " + flag);
  }
  if (policy_file.empty() || tickets < 0 || threads <= 0) {
    return Fail("usage: seed_tickets --policy FILE --db PATH [--tickets N] [--threads N]");
  }
  auto loaded = esc::policy::LoadPolicyFile(policy_file);
  if (!loaded) return Fail(policy_file + ": does not pass `escalator policy check`");
  esc::auth::InitCrypto();
  auto store = esc::storage::SqliteStore::Open({db, false, 512});
  if (!store) return Fail(store.error().ToString());

  esc::app::PolicyHolder policies(policy_file, std::move(*loaded));
  esc::app::LiveEvents live;
  esc::app::Routing routing;
  routing.Install(policies.Current(), {});
  const Instant now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  esc::app::ManualClock clock(now);
  esc::app::ServiceContext context{**store, policies, clock, live, routing, {}, {}, {}, {}, {}};
  esc::app::TicketService service(context);
  esc::app::AccountService accounts(context, std::chrono::hours(12));

  const auto system = esc::app::Actor::System();
  auto admin = accounts.CreateUser(system, {"bench-admin", "Bench admin", "bench@example.com",
                                            "admin", std::nullopt, "bench-password-1"});
  if (!admin) return Fail(admin.error().ToString());
  auto token = accounts.CreateApiToken(system, admin->id, "wrk");
  if (!token) return Fail(token.error().ToString());
  std::vector<esc::app::Id> customers;
  for (int c = 0; c < 10; ++c) {
    auto customer = accounts.CreateCustomer(system, "Customer " + std::to_string(c), "standard");
    if (!customer) return Fail(customer.error().ToString());
    customers.push_back(customer->id);
  }
  const esc::app::Actor actor = esc::app::AccountService::ActorFor(*admin);

  const char* categories[] = {"technical", "billing", "account"};
  const char* levels[] = {"high", "medium", "low"};
  const char* words[] = {"login", "invoice", "export", "timeout", "dashboard", "payment",
                         "report", "password", "crash", "upload", "search", "mail"};
  const std::int64_t week = 7 * 86400;
  const Instant first = now - std::chrono::seconds(week);
  std::atomic<long> failed{0};
  const long rounds = (tickets + threads - 1) / threads;
  long round = 0;
  int waiting = 0;
  std::mutex mutex;
  std::condition_variable turn;
  const auto started = std::chrono::steady_clock::now();
  // Round r opens tickets r * threads .. r * threads + threads - 1 at the same instant.
  auto next_round = [&] {
    ++round;
    waiting = 0;
    clock.Set(first + std::chrono::seconds((round * threads * week) / tickets));
    if (round % (100000 / threads) == 0) {
      const double s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr, "%ld tickets, %.0f/s\n", round * threads,
                   static_cast<double>(round * threads) / s);
    }
    turn.notify_all();
  };
  clock.Set(first);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (long r = 0; r < rounds; ++r) {
        const long i = r * threads + t;
        if (i < tickets) {
          esc::app::NewTicket input;
          input.subject = std::string(words[i % 12]) + " problem " + std::to_string(i);
          input.description = std::string("The ") + words[(i / 12) % 12] + " fails after the " +
                              words[(i / 144) % 12] + " step.";
          input.category = categories[i % 3];
          input.impact = levels[(i / 3) % 3];
          input.urgency = levels[(i / 9) % 3];
          input.customer_id = customers[static_cast<std::size_t>(i % 10)];
          if (!service.Create(actor, input)) ++failed;
        }
        std::unique_lock lock(mutex);
        if (++waiting == threads) {
          next_round();
        } else {
          turn.wait(lock, [&] { return round > r; });
        }
      }
    });
  }
  for (auto& thread : pool) thread.join();
  if (failed > 0) return Fail(std::to_string(failed.load()) + " tickets failed");
  std::printf("%s\n", token->second.c_str());
  return 0;
}
