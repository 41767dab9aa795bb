// Mail intake throughput: the corpus's typical messages (as mail_parse_bench) taken in
// through intake::TakeIn, i.e. parsed and then stored by app::MailIntake on a SQLite
// store (contact lookup, ticket or reply with the engine, attachments, Message-ID), one
// message per transaction as `escalator mail-ingest` commits them. Each iteration gives
// the message a new Message-ID so every one is stored, not a duplicate. Arg: 1 for a
// durable store (synchronous=FULL, an fsync per mail, what mail-ingest uses), 0 for
// synchronous=NORMAL. Reports messages per second (`items_per_second`).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/service/mail_intake.h"
#include "intake/take_in.h"
#include "policy/policy_loader.h"
#include "storage/sqlite/sqlite_store.h"
#include "typical_mail.h"

namespace {

// `raw` with its Message-ID header replaced by <bench-n@bench.example>.
std::string WithMessageId(const std::string& raw, std::size_t n) {
  const std::string header = "Message-ID: <bench-" + std::to_string(n) + "@bench.example>";
  const auto at = raw.find("\nMessage-ID:");
  if (at == std::string::npos) return header + "\r\n" + raw;
  const auto end = raw.find('\n', at + 1);
  return raw.substr(0, at + 1) + header + "\r" + raw.substr(end);
}

void BM_TakeInTypicalMail(benchmark::State& state) {
  using namespace esc;
  const std::vector<std::string> messages = LoadTypicalMessages();
  const auto dir = std::filesystem::temp_directory_path() /
                   ("escalator-mail-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto loaded =
      policy::LoadPolicyFile(std::string(ESCALATOR_SOURCE_DIR) + "/examples/saas-support.yaml");
  if (!loaded) {
    state.SkipWithError("policy");
    return;
  }
  {
    auto store = storage::SqliteStore::Open({(dir / "bench.db").string(), state.range(0) == 1, 64});
    if (!store) {
      state.SkipWithError(store.error().ToString().c_str());
      return;
    }
    app::PolicyHolder policies("", std::move(*loaded));
    app::SystemClock clock;
    app::LiveEvents live;
    app::Routing routing;
    routing.Install(policies.Current(), {});
    app::ServiceContext context{**store, policies, clock, live, routing, {}, {}, {}, {}, {}};
    app::TicketService tickets(context);
    app::MailIntake intake(context, tickets, {.signal_other_process = true});
    const auto options = intake::ParseOptionsFor(*policies.Current());
    std::size_t n = 0;
    for (auto _ : state) {
      state.PauseTiming();
      const std::string raw = WithMessageId(messages[n % messages.size()], n);
      ++n;
      state.ResumeTiming();
      auto outcome = intake::TakeIn(intake, raw, options);
      if (!outcome) state.SkipWithError(outcome.error().ToString().c_str());
      benchmark::DoNotOptimize(outcome);
    }
    state.SetItemsProcessed(state.iterations());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_TakeInTypicalMail)->Arg(1)->Arg(0)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
