// `escalator policy explain FILE --ticket TICKET.json [--at T]`.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/history_reader.h"
#include "app/ticket_explanation.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"
#include "core/rfc3339.h"

namespace esc::cli {

int RunPolicyExplain(const ExplainOptions& options) {
  auto policy = LoadPolicyOrReport(options.policy_file);
  if (!policy) return 2;
  std::ifstream in(options.ticket_file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the ticket file\n", options.ticket_file.c_str());
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  app::HistoryParser parser;
  auto ticket = parser.Parse(text.str());
  if (!ticket) {
    std::fprintf(stderr, "%s: %s\n", options.ticket_file.c_str(), ticket.error().message.c_str());
    return 1;
  }
  core::Instant at = std::chrono::floor<core::Seconds>(std::chrono::system_clock::now());
  if (options.at) {
    auto parsed = core::ParseDateTime(*options.at);
    if (!parsed || !parsed->utc_offset) {
      std::fprintf(stderr, "--at: %s\n",
                   parsed ? "give an offset, e.g. 2026-03-06T16:30:00-05:00"
                          : parsed.error().message.c_str());
      return 2;
    }
    at = core::ToInstant(*parsed);
  }
  auto explanation = app::ExplainTicket(*policy, std::move(*ticket), at);
  if (!explanation) {
    std::fprintf(stderr, "%s: %s\n", options.ticket_file.c_str(),
                 explanation.error().message.c_str());
    return 1;
  }
  std::fwrite(explanation->data(), 1, explanation->size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace esc::cli
