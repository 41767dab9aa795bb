// Opening hours of one local date: intervals of wall-clock time measured in seconds from
// that date's local midnight. An interval may run past midnight into the next date
// ("22:00-06:00" is [22:00, 30:00)). Parsing of the policy's "HH:MM-HH:MM" text and the
// normalisation (sorting, merging overlaps) live here so every loader agrees on them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace esc::core {

struct LocalInterval {
  std::int32_t begin = 0;  // seconds after local midnight, [0, 86400)
  std::int32_t end = 0;    // (begin, begin + 86400]; above 86400 runs into the next date

  friend bool operator==(const LocalInterval&, const LocalInterval&) = default;
};

using DayHours = std::vector<LocalInterval>;

// Parses "HH:MM-HH:MM" (single-digit hours, "9:00", also read). "24:00" is allowed as an
// end; an end earlier than the start
// crosses midnight; equal start and end is an error (an empty interval).
Result<LocalInterval> ParseLocalInterval(std::string_view text);

// Parses a local time of day "HH:MM" (or "H:MM"), 00:00 to 23:59, into seconds.
Result<std::int32_t> ParseLocalTime(std::string_view text);

// Sorts and merges overlapping or touching intervals.
DayHours NormalizeDayHours(DayHours hours);

}  // namespace esc::core
