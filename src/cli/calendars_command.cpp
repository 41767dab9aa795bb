// `escalator calendars --policy FILE [--at T]`.
#include <chrono>
#include <cstdio>

#include "app/calendar_table.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"
#include "core/rfc3339.h"

namespace esc::cli {

int RunCalendars(const CalendarsOptions& options) {
  auto policy = LoadPolicyOrReport(options.policy_file);
  if (!policy) return 2;
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
  const std::string table = app::RenderCalendarTable(*policy, at);
  std::fwrite(table.data(), 1, table.size(), stdout);
  return 0;
}

}  // namespace esc::cli
