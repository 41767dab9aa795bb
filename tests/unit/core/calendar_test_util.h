// Small builders shared by the calendar and SLA clock tests: instants from RFC 3339 text,
// dates from "YYYY-MM-DD", and calendar specs from "HH:MM-HH:MM" lists per weekday, so
// that each test reads like the business rule it checks.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar/calendar.h"
#include "core/calendar/local_hours.h"
#include "core/rfc3339.h"

namespace esc::core::testing {

// An instant from RFC 3339 text with an offset; throws (failing the test) otherwise.
inline Instant At(std::string_view text) {
  auto parsed = ParseDateTime(text);
  if (!parsed || !parsed->utc_offset) throw std::invalid_argument(std::string(text));
  return ToInstant(*parsed);
}

inline date::sys_days Day(std::string_view text) {
  auto ymd = ParseDate(text);
  if (!ymd) throw std::invalid_argument(std::string(text));
  return date::sys_days{*ymd};
}

inline DayHours Hours(std::initializer_list<std::string_view> intervals) {
  DayHours out;
  for (auto text : intervals) {
    auto iv = ParseLocalInterval(text);
    if (!iv) throw std::invalid_argument(std::string(text));
    out.push_back(*iv);
  }
  return out;
}

// Weekday index (c_encoding, 0 = Sunday) of "sun".."sat".
inline unsigned WeekdayIndex(std::string_view name) {
  static constexpr std::string_view kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (unsigned i = 0; i < 7; ++i) {
    if (kNames[i] == name) return i;
  }
  throw std::invalid_argument(std::string(name));
}

using WeeklyText = std::vector<std::pair<std::string, std::vector<std::string>>>;

inline CalendarSpec Spec(std::string timezone, const WeeklyText& weekly) {
  CalendarSpec spec;
  spec.id = "test";
  spec.timezone = std::move(timezone);
  for (const auto& [days, intervals] : weekly) {
    // "mon-fri" or a single day name.
    const auto dash = days.find('-');
    const unsigned first = WeekdayIndex(std::string_view(days).substr(0, dash));
    const unsigned last =
        dash == std::string::npos ? first : WeekdayIndex(std::string_view(days).substr(dash + 1));
    for (unsigned d = first;; d = (d + 1) % 7) {
      for (const auto& text : intervals) spec.weekly[d].push_back(Hours({text}).front());
      if (d == last) break;
    }
  }
  return spec;
}

// A yearly holiday on the nth weekday of a month, e.g. (11, 4, Thursday) for Thanksgiving.
inline HolidayRule NthWeekdayRule(std::string name, std::string_view first, unsigned month, int nth,
                                  date::weekday weekday) {
  HolidayRule rule;
  rule.name = std::move(name);
  rule.first = Day(first);
  YearlyRecurrence yearly;
  yearly.by_month = {month};
  yearly.by_day = {WeekdayOrdinal{nth, weekday}};
  rule.yearly = yearly;
  return rule;
}

// Instants and durations as text, so that a failing expectation prints something readable.
inline std::string Text(Instant t) { return FormatRfc3339(t, Seconds{0}); }
inline std::string Text(const Result<Instant>& r) {
  return r ? Text(*r) : "error: " + r.error().ToString();
}
// An RFC 3339 instant as UTC text: Z("2025-03-04T10:00:00-05:00") == "2025-03-04T15:00:00+00:00".
inline std::string Z(std::string_view text) { return Text(At(text)); }
template <class Rep, class Period>
std::int64_t S(std::chrono::duration<Rep, Period> d) {
  return std::chrono::duration_cast<Seconds>(d).count();
}
inline std::int64_t S(const Result<Seconds>& r) {
  if (!r) throw std::runtime_error(r.error().ToString());
  return r->count();
}

inline Calendar Make(CalendarSpec spec) {
  auto calendar = Calendar::Create(std::move(spec));
  if (!calendar) throw std::invalid_argument(calendar.error().ToString());
  return *calendar;
}

// Mon-Fri 09:00-17:00 in `timezone`.
inline CalendarSpec OfficeSpec(std::string timezone) {
  return Spec(std::move(timezone), {{"mon-fri", {"09:00-17:00"}}});
}

// The support-ny calendar: lunch on Mondays and a Sunday-night shift into Monday.
inline CalendarSpec SupportNySpec() {
  return Spec("America/New_York", {{"mon", {"09:00-12:00", "13:00-17:00"}},
                                   {"tue-fri", {"09:00-17:00"}},
                                   {"sun", {"22:00-06:00"}}});
}

inline CalendarSpec AlwaysOpenSpec(std::string timezone) {
  return Spec(std::move(timezone), {{"sun-sat", {"00:00-24:00"}}});
}

// Add and Elapsed with instants written as text, answers as UTC text / seconds.
inline std::string Add(const Calendar& c, std::string_view start, Seconds d) {
  return Text(c.Add(At(start), d));
}
inline std::int64_t Elapsed(const Calendar& c, std::string_view from, std::string_view to) {
  return S(c.Elapsed(At(from), At(to)));
}

}  // namespace esc::core::testing
