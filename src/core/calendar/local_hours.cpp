#include "core/calendar/local_hours.h"

#include <algorithm>

#include <fmt/format.h>

namespace esc::core {
namespace {

// Parses "HH:MM" (or "H:MM") into seconds after midnight; accepts "24:00" only when
// allow_24 is set.
bool ParseClock(std::string_view text, bool allow_24, std::int32_t& seconds) {
  const std::size_t colon = text.size() - 3;
  if (text.size() < 4 || text.size() > 5 || text[colon] != ':') return false;
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != colon && !digit(i)) return false;
  }
  const int h = colon == 1 ? text[0] - '0' : (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
  if (m > 59) return false;
  if (h == 24 && m == 0 && allow_24) {
    seconds = 24 * 3600;
    return true;
  }
  if (h > 23) return false;
  seconds = h * 3600 + m * 60;
  return true;
}

}  // namespace

Result<std::int32_t> ParseLocalTime(std::string_view text) {
  std::int32_t seconds = 0;
  if (!ParseClock(text, false, seconds)) {
    return std::unexpected(Error::Invalid(
        fmt::format("expected a local time HH:MM from 00:00 to 23:59, got \"{}\"", text)));
  }
  return seconds;
}

Result<LocalInterval> ParseLocalInterval(std::string_view text) {
  const auto dash = text.find('-');
  std::int32_t begin = 0, end = 0;
  if (dash == std::string_view::npos || !ParseClock(text.substr(0, dash), false, begin) ||
      !ParseClock(text.substr(dash + 1), true, end)) {
    return std::unexpected(Error::Invalid(fmt::format(
        "malformed interval \"{}\": expected \"HH:MM-HH:MM\" with hours 00-23 (24:00 allowed "
        "as an end) and minutes 00-59",
        text)));
  }
  if (begin == end) {
    return std::unexpected(Error::Invalid(fmt::format(
        "empty interval \"{}\": start and end are equal (use \"00:00-24:00\" for a whole day)",
        text)));
  }
  if (end < begin) end += 24 * 3600;  // crosses midnight into the next date
  return LocalInterval{begin, end};
}

DayHours NormalizeDayHours(DayHours hours) {
  std::sort(hours.begin(), hours.end(),
            [](const LocalInterval& a, const LocalInterval& b) { return a.begin < b.begin; });
  DayHours merged;
  for (const auto& iv : hours) {
    if (!merged.empty() && iv.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, iv.end);
    } else {
      merged.push_back(iv);
    }
  }
  return merged;
}

}  // namespace esc::core
