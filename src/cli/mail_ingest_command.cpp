// `escalator mail-ingest`: one RFC 5322 message on stdin, as an MTA's pipe alias runs it
// (docs/email.md), taken into the service's database: a new ticket, a reply threaded onto
// its ticket, a recorded auto-reply, or the quarantine. It runs beside a running
// `escalator serve` on the same database (WAL; the server's scheduler learns of the ticket
// from a wake-up signal row). Exit status in the sysexits vocabulary the MTAs understand:
// 0 delivered or quarantined (the MTA is done with it), 75 EX_TEMPFAIL when the database is
// busy or unavailable or the policy cannot be used (the MTA keeps the mail and retries).
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/service/mail_intake.h"
#include "cli/commands.h"
#include "core/rfc3339.h"
#include "intake/take_in.h"
#include "policy/policy_loader.h"
#include "storage/sqlite/sqlite_store.h"

namespace esc::cli {
namespace {

constexpr int kExOk = 0;
constexpr int kExUsage = 64;     // EX_USAGE: a bad command line
constexpr int kExTempFail = 75;  // EX_TEMPFAIL: try again later

// All of stdin, byte for byte; false on a read error.
bool ReadAll(std::string& out) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

int RunMailIngest(const MailIngestOptions& options) {
  std::string raw;
  if (!ReadAll(raw)) {
    std::perror("mail-ingest: reading stdin");
    return kExTempFail;
  }
  std::unique_ptr<app::Clock> clock = std::make_unique<app::SystemClock>();
  if (!options.now.empty()) {
    auto parsed = core::ParseDateTime(options.now);
    if (!parsed || !parsed->utc_offset) {
      std::fprintf(stderr, "--now %s: expected an RFC 3339 instant with an offset\n",
                   options.now.c_str());
      return kExUsage;
    }
    clock = std::make_unique<app::ManualClock>(core::ToInstant(*parsed));
  }
  // A policy that cannot be read keeps the mail in the MTA's queue until it is fixed.
  auto loaded = policy::LoadPolicyFile(options.policy_file);
  if (!loaded) {
    for (const auto& problem : loaded.error()) {
      std::fprintf(stderr, "%s\n", problem.ToString().c_str());
    }
    return kExTempFail;
  }
  auto store = storage::SqliteStore::Open({options.db_path, true, 64});
  if (!store) {
    std::fprintf(stderr, "mail-ingest: %s: %s\n", options.db_path.c_str(),
                 store.error().ToString().c_str());
    return kExTempFail;
  }
  app::PolicyHolder policies(options.policy_file, std::move(*loaded));
  app::LiveEvents live;  // nobody listens in this process; the server's SSE does not see it
  app::Routing routing;
  app::ServiceContext context{**store, policies, *clock, live, routing, {}, {}, {}, {}, {}};
  // Routing balances on the open tickets each person holds, as the server does.
  std::vector<std::string> held;
  auto read = (*store)->Read([&](app::StoreTx& tx) -> core::Result<void> {
    auto rows = tx.CountOpenBy({"assignee"});
    if (!rows) return std::unexpected(rows.error());
    for (const auto& row : *rows) {
      for (std::int64_t i = 0; !row.keys[0].empty() && i < row.count; ++i) {
        held.push_back(row.keys[0]);
      }
    }
    return {};
  });
  if (!read) {
    std::fprintf(stderr, "mail-ingest: %s\n", read.error().ToString().c_str());
    return kExTempFail;
  }
  routing.Install(policies.Current(), held);

  app::TicketService tickets(context);
  app::MailIntake mail_intake(context, tickets, {.signal_other_process = true});
  auto outcome = intake::TakeIn(mail_intake, raw, intake::ParseOptionsFor(*policies.Current()));
  if (!outcome) {
    std::fprintf(stderr, "mail-ingest: %s\n", outcome.error().ToString().c_str());
    return kExTempFail;
  }
  std::string line = fmt::format("{}", app::ToString(outcome->kind));
  if (!outcome->ticket_key.empty()) line += " " + outcome->ticket_key;
  if (outcome->quarantine_id) line += fmt::format(" quarantine {}", outcome->quarantine_id);
  if (!outcome->detail.empty()) line += ": " + outcome->detail;
  std::printf("%s\n", line.c_str());
  return kExOk;
}

}  // namespace esc::cli
