#include "notify/retry_schedule.h"

#include <algorithm>
#include <cmath>

namespace esc::notify {

namespace {

std::chrono::seconds Draw(double low, double high, const UnitRandom& random) {
  const double unit = std::clamp(random(), 0.0, 1.0);
  const double value = low + (high - low) * unit;
  return std::chrono::seconds(static_cast<std::chrono::seconds::rep>(std::floor(value)));
}

}  // namespace

std::optional<std::chrono::seconds> NextRetryDelay(const RetryPolicy& policy, int attempts,
                                                   std::chrono::seconds previous_delay,
                                                   const UnitRandom& random) {
  if (attempts >= policy.max_attempts) return std::nullopt;
  const double base = static_cast<double>(policy.base.count());
  const double cap = static_cast<double>(policy.cap.count());
  if (policy.jitter == Jitter::kFull) {
    // 2^attempts overflows nothing here: the exponent is clamped before pow.
    const double ceiling = std::min(cap, base * std::pow(2.0, std::min(attempts - 1, 62)));
    return Draw(0.0, ceiling, random);
  }
  const double previous = std::max(base, static_cast<double>(previous_delay.count()));
  const double high = std::min(cap, previous * 3.0);
  return Draw(std::min(base, high), high, random);
}

}  // namespace esc::notify
