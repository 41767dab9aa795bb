// A time zone for business calendars: conversions between local wall-clock time and UTC
// through the operating system's tz database (date-tz), extended past its last listed
// year. The OS zoneinfo files list transitions only up to 2037 and date-tz does not apply
// their trailing POSIX rule, so for years from 2038 on a local time is mapped to the
// year in 2012-2035 with the same weekday layout and leap-ness (where rules such as
// "second Sunday in March" fall on the same dates), converted there, and shifted back.
#pragma once

#include <string_view>

#include <date/tz.h>

#include "core/time.h"

namespace esc::core {

class TimeZone {
 public:
  explicit TimeZone(const date::time_zone* zone) : zone_(zone) {}

  // The zone named `name` (an IANA name), or nullptr if the database has no such zone.
  static const date::time_zone* Locate(std::string_view name);

  // Local wall-clock time to UTC. A repeated local time takes its first occurrence when
  // `earliest`, else its last; a local time inside a gap maps to the transition instant.
  Instant ToUtc(date::local_seconds local, bool earliest) const;

  // The UTC offset and abbreviation in force at `t`.
  Seconds OffsetAt(Instant t) const;
  date::sys_info InfoAt(Instant t) const;

  const date::time_zone* zone() const { return zone_; }

 private:
  const date::time_zone* zone_;
};

}  // namespace esc::core
