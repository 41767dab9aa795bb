// Durations as policies write them: "90m", "4h", "1h30m", "45s", "2w" (weeks are 7 days
// of business time, like "168h"). Days are refused on purpose: whether "1d" means 24
// business hours or one working day depends on the calendar, so policies say hours.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"

namespace esc::core {

Result<Seconds> ParseDuration(std::string_view text);
// The shortest text ParseDuration reads back to `d`, e.g. "1h30m", "0s".
std::string FormatDuration(Seconds d);

}  // namespace esc::core
