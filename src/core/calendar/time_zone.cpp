#include "core/calendar/time_zone.h"

#include <stdexcept>

namespace esc::core {
namespace {

constexpr int kFirstUnlistedYear = 2038;

// Days to subtract from a date in `y` to reach the same month and day in a year within
// 2012-2035 that starts on the same weekday and has the same length.
date::days ShiftToListedYear(date::year y) {
  const date::weekday first{date::sys_days{y / date::January / 1}};
  for (int candidate = 2012; candidate <= 2035; ++candidate) {
    const date::year c{candidate};
    if (c.is_leap() == y.is_leap() && date::weekday{date::sys_days{c / date::January / 1}} == first) {
      return date::sys_days{y / date::January / 1} - date::sys_days{c / date::January / 1};
    }
  }
  return date::days{0};  // unreachable: every layout occurs within 28 years
}

}  // namespace

const date::time_zone* TimeZone::Locate(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

Instant TimeZone::ToUtc(date::local_seconds local, bool earliest) const {
  const date::choose choice = earliest ? date::choose::earliest : date::choose::latest;
  const date::year y = date::year_month_day{date::floor<date::days>(local)}.year();
  if (static_cast<int>(y) < kFirstUnlistedYear) return zone_->to_sys(local, choice);
  const date::days shift = ShiftToListedYear(y);
  return zone_->to_sys(local - shift, choice) + shift;
}

date::sys_info TimeZone::InfoAt(Instant t) const {
  const date::year y = date::year_month_day{date::floor<date::days>(t)}.year();
  if (static_cast<int>(y) < kFirstUnlistedYear) return zone_->get_info(t);
  const date::days shift = ShiftToListedYear(y);
  date::sys_info info = zone_->get_info(t - shift);
  info.begin += shift;
  info.end += shift;
  return info;
}

Seconds TimeZone::OffsetAt(Instant t) const { return InfoAt(t).offset; }

}  // namespace esc::core
