// `escalator calendars --policy FILE [--at T]`.
#include <cstdio>

#include "app/calendar_table.h"
#include "cli/at_option.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"

namespace esc::cli {

int RunCalendars(const CalendarsOptions& options) {
  auto policy = LoadPolicyOrReport(options.policy_file);
  if (!policy) return 2;
  const std::optional<core::Instant> at = AtOrNow(options.at);
  if (!at) return 2;
  const std::string table = app::RenderCalendarTable(*policy, *at);
  std::fwrite(table.data(), 1, table.size(), stdout);
  return 0;
}

}  // namespace esc::cli
