#include "core/policy/oncall.h"

namespace esc::core {
namespace {

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

std::string OnCallAt(const Rotation& rotation, const TimeZone& zone, Instant t) {
  const date::local_seconds local = date::local_seconds{(t + zone.OffsetAt(t)).time_since_epoch()};
  // The local date of the shift in progress: before the day's hand-over time, the
  // previous date's shift is still on.
  const auto shifted = local - rotation.handover_time;
  const date::sys_days day{date::floor<date::days>(shifted).time_since_epoch()};
  for (const auto& o : rotation.overrides) {
    if (day >= o.from && day <= o.to) return o.member;  // the shifts starting on those dates
  }
  const std::int64_t period = rotation.handover == Handover::kDaily ? 1 : 7;
  const std::int64_t slot = FloorDiv((day - rotation.start).count(), period);
  const auto n = static_cast<std::int64_t>(rotation.members.size());
  return rotation.members[static_cast<std::size_t>(((slot % n) + n) % n)];
}

}  // namespace esc::core
