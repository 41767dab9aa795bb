// Holidays that recur, as iCalendar describes them (RFC 5545 VEVENT with an all-day
// DTSTART and an optional FREQ=YEARLY RRULE). The policy loader turns .ics files into
// HolidayRule values; the calendar asks which dates of a given year they close.
// Supported RRULE parts: FREQ=YEARLY, INTERVAL, COUNT, UNTIL, BYMONTH, BYMONTHDAY and
// BYDAY (with ordinals such as 4TH or -1MO); EXDATE and RDATE lists.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

namespace esc::core {

struct WeekdayOrdinal {
  int ordinal = 0;  // 0 = every such weekday; 1..53 the nth; -1..-53 the nth from the end
  date::weekday weekday;
};

struct YearlyRecurrence {
  int interval = 1;
  std::optional<int> count;                // occurrences in all, DTSTART included
  std::optional<date::sys_days> until;     // last date that may occur (inclusive)
  std::vector<unsigned> by_month;          // 1..12
  std::vector<int> by_month_day;           // 1..31 or -31..-1
  std::vector<WeekdayOrdinal> by_day;
};

struct HolidayRule {
  std::string name;                          // SUMMARY, for people reading diagnostics
  date::sys_days first;                      // DTSTART (a local date)
  int length_days = 1;                       // DTEND - DTSTART
  std::optional<YearlyRecurrence> yearly;    // absent: a single occurrence
  std::vector<date::sys_days> extra_dates;   // RDATE
  std::vector<date::sys_days> excluded;      // EXDATE (occurrence starts to drop)
};

// The start dates of the occurrences of `rule` that start in `year`, in order.
std::vector<date::sys_days> OccurrenceStartsInYear(const HolidayRule& rule, date::year year);

// Every date closed by `rule` in the inclusive range [from, to], appended to `out`.
void AppendClosedDates(const HolidayRule& rule, date::sys_days from, date::sys_days to,
                       std::vector<date::sys_days>& out);

}  // namespace esc::core
