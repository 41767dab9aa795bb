#include "app/calendar_table.h"

#include <date/tz.h>
#include <fmt/format.h>

namespace esc::app {
namespace {

using core::Calendar;
using core::Instant;
using core::Seconds;

// "Mon 2026-03-09 10:00 EDT" in the calendar's zone.
std::string Local(const Calendar& calendar, Instant t) {
  const auto info = calendar.time_zone().InfoAt(t);
  const date::local_seconds local{(t + info.offset).time_since_epoch()};
  return date::format("%a %F %H:%M ", local) + info.abbrev;
}

std::string DurationLabel(Seconds d) {
  const auto hours = d.count() / 3600;
  const auto minutes = (d.count() % 3600) / 60;
  if (minutes == 0) return fmt::format("{}h", hours);
  return fmt::format("{}h{:02}m", hours, minutes);
}

std::string OrMessage(const core::Result<Instant>& r, const Calendar& calendar) {
  return r ? Local(calendar, *r) : r.error().message;
}

}  // namespace

std::string RenderCalendarTable(const core::Policy& policy, Instant at,
                                const CalendarTableOptions& options) {
  std::string out;
  for (const auto& [id, calendar] : policy.calendars) {
    const auto open = calendar.IsOpen(at);
    std::string state;
    if (!open) {
      state = open.error().message;
    } else if (*open) {
      const auto close = calendar.NextClose(at);
      state = close || close.error().code != core::ErrorCode::kNotFound
                  ? "open, closes " + OrMessage(close, calendar)
                  : std::string("open, never closes");
    } else {
      state = "closed, opens " + OrMessage(calendar.NextOpen(at), calendar);
    }
    fmt::format_to(std::back_inserter(out), "{} ({})\n  now       {}\n  status    {}\n", id,
                   calendar.spec().timezone, Local(calendar, at), state);
    fmt::format_to(std::back_inserter(out), "  {:<9} {}\n", "business", "due if started now");
    for (const Seconds d : options.durations) {
      fmt::format_to(std::back_inserter(out), "  {:<9} {}\n", "+" + DurationLabel(d),
                     OrMessage(calendar.Add(at, d), calendar));
    }
    out += '\n';
  }
  return out;
}

}  // namespace esc::app
