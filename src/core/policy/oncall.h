// On-call rotations: who answers for a team right now. Members take turns, handing over
// daily or weekly at a local wall-clock time (so a DST change never moves a hand-over
// by an hour), starting from a given date; overrides replace the rotation for a range
// of dates (holidays, swaps). Escalations to the team go to whoever is on call then.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "core/calendar/time_zone.h"
#include "core/time.h"

namespace esc::core {

enum class Handover { kDaily, kWeekly };

struct OnCallOverride {
  date::sys_days from;  // the shifts starting on these local dates, inclusive
  date::sys_days to;
  std::string member;
};

struct Rotation {
  std::string id;
  std::string team;                   // team id whose escalations it answers
  Handover handover = Handover::kWeekly;
  Seconds handover_time{9 * 3600};    // local time of day of each hand-over
  date::sys_days start;               // local date of the first hand-over (first member)
  std::string timezone = "Etc/UTC";
  std::vector<std::string> members;   // in order
  std::vector<OnCallOverride> overrides;
};

// Who is on call at `t`. REQUIRES: a rotation with members and a known time zone (the
// policy loader guarantees both).
std::string OnCallAt(const Rotation& rotation, const TimeZone& zone, Instant t);

}  // namespace esc::core
