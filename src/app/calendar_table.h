// The overview `escalator calendars` prints (and `make run` shows): for each calendar of
// a policy, whether it is open at a given instant, when that changes, and the due
// instant of typical SLA durations started then, all in the calendar's local time.
#pragma once

#include <string>
#include <vector>

#include "core/policy/policy.h"
#include "core/time.h"

namespace esc::app {

struct CalendarTableOptions {
  std::vector<core::Seconds> durations = {
      std::chrono::hours{1}, std::chrono::hours{4}, std::chrono::hours{8},
      std::chrono::hours{24}, std::chrono::hours{40}};
};

// Renders the table as text (one block per calendar, aligned columns).
std::string RenderCalendarTable(const core::Policy& policy, core::Instant at,
                                const CalendarTableOptions& options = {});

}  // namespace esc::app
