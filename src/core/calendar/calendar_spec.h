// The rules of a business calendar as plain data, before any computation: a time zone,
// weekly opening hours, dated exceptions (holidays and special days) and recurring
// holidays. Loaders fill it; Calendar::Create validates it and makes it computable.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include <date/date.h>

#include "core/calendar/holiday_rule.h"
#include "core/calendar/local_hours.h"

namespace esc::core {

struct CalendarSpec {
  std::string id;
  std::string timezone = "Etc/UTC";  // IANA name
  // Opening hours per weekday, indexed by date::weekday::c_encoding() (0 = Sunday).
  std::array<DayHours, 7> weekly;
  // Dated exceptions: a date maps to its own hours (empty = closed all day). A dated
  // exception governs its whole local date: hours running over from the previous
  // date stop at its midnight.
  std::map<date::sys_days, DayHours> date_hours;
  // The same every year ("12-25"): a month and day maps to its own hours (empty =
  // closed). A date_hours entry for a specific year wins over a yearly one.
  std::map<date::month_day, DayHours> yearly_hours;
  // Recurring or imported holidays; each closes whole dates like an empty date_hours
  // entry. An explicit date_hours entry wins over a rule on the same date.
  std::vector<HolidayRule> holiday_rules;
};

}  // namespace esc::core
