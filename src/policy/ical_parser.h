// Imports holidays from iCalendar (RFC 5545) text, as exported by calendar programs and
// published by governments: all-day VEVENTs, optionally recurring yearly (RRULE), with
// EXDATE / RDATE and RECURRENCE-ID exceptions. Pure text in, core::HolidayRule out;
// anything it cannot represent is reported with its line instead of being guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/holiday_rule.h"

namespace esc::policy {

struct ICalProblem {
  int line = 0;  // 1-based physical line where the offending property starts
  std::string message;
};

struct ICalImport {
  std::vector<core::HolidayRule> holidays;
  std::vector<ICalProblem> problems;  // empty on success
};

ICalImport ParseICalendar(std::string_view text);

}  // namespace esc::policy
