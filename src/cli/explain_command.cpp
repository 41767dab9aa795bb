// `escalator policy explain FILE --ticket TICKET.json [--at T]`.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/history_reader.h"
#include "app/ticket_explanation.h"
#include "cli/at_option.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"

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
  const std::optional<core::Instant> at = AtOrNow(options.at);
  if (!at) return 2;
  auto explanation = app::ExplainTicket(*policy, std::move(*ticket), *at);
  if (!explanation) {
    std::fprintf(stderr, "%s: %s\n", options.ticket_file.c_str(),
                 explanation.error().message.c_str());
    return 1;
  }
  std::fwrite(explanation->data(), 1, explanation->size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace esc::cli
