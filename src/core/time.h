// The vocabulary of time in Escalator. Instants are UTC seconds (`Instant`), spans are
// `Seconds`; local wall-clock time exists only inside calendars. The core never reads a
// clock: whoever needs "now" receives it as a parameter.
#pragma once

#include <chrono>
#include <cstdint>

namespace esc::core {

using Seconds = std::chrono::seconds;
using Instant = std::chrono::sys_seconds;

inline constexpr std::int64_t kSecondsPerDay = 86400;

constexpr std::int64_t ToEpochSeconds(Instant t) { return t.time_since_epoch().count(); }
constexpr Instant FromEpochSeconds(std::int64_t s) { return Instant{Seconds{s}}; }

}  // namespace esc::core
