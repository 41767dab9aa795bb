#include "core/duration.h"

#include <fmt/format.h>

namespace esc::core {

Result<Seconds> ParseDuration(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return std::unexpected(Error::Invalid(fmt::format(
        "invalid duration \"{}\" ({}): expected a number and a unit, such as 30m, 4h or 1h30m "
        "(units: w, h, m, s)",
        text, why)));
  };
  if (text.empty()) return bad("it is empty");
  std::int64_t total = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::int64_t value = 0;
    const std::size_t digits = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      value = value * 10 + (text[pos] - '0');
      if (value > 1'000'000'000) return bad("too large");
      ++pos;
    }
    if (pos == digits) return bad("a number must come before each unit");
    if (pos == text.size()) return bad("the unit is missing");
    switch (text[pos]) {
      case 'w': total += value * 7 * 86400; break;
      case 'h': total += value * 3600; break;
      case 'm': total += value * 60; break;
      case 's': total += value; break;
      case 'd':
        return bad("days are ambiguous in business time: write hours, e.g. 8h for one working "
                   "day of 09:00-17:00 or 24h");
      default: return bad(fmt::format("unknown unit '{}'", text[pos]));
    }
    ++pos;
  }
  return Seconds{total};
}

std::string FormatDuration(Seconds d) {
  std::int64_t s = d.count();
  if (s == 0) return "0s";
  std::string out = s < 0 ? "-" : "";
  if (s < 0) s = -s;
  if (s >= 3600) out += fmt::format("{}h", s / 3600);
  if (s % 3600 >= 60) out += fmt::format("{}m", s % 3600 / 60);
  if (s % 60) out += fmt::format("{}s", s % 60);
  return out;
}

}  // namespace esc::core
