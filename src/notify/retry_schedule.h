// When to try a failed notification again: exponential backoff with jitter, capped, and a
// number of attempts after which the row is dead. A pure function of its inputs: the
// random source is injected (a uniform draw in [0, 1)), so tests and simulations are
// deterministic. "Full" jitter draws in [0, min(cap, base * 2^attempt)); "decorrelated"
// jitter draws in [base, min(cap, previous * 3)) (AWS architecture blog, 2015).
#pragma once

#include <chrono>
#include <functional>
#include <optional>

namespace esc::notify {

enum class Jitter { kFull, kDecorrelated };

struct RetryPolicy {
  std::chrono::seconds base{30};   // first delay scale; also the decorrelated floor
  std::chrono::seconds cap{3600};  // no delay is longer than this
  int max_attempts = 8;            // attempts in all, the first one included
  Jitter jitter = Jitter::kFull;
};

// Uniform in [0, 1).
using UnitRandom = std::function<double()>;

// The delay before the next attempt, given that `attempts` attempts (>= 1) have failed and
// the previous delay (zero before the first retry; used by decorrelated jitter only).
// nullopt: no attempts left, the notification is dead.
std::optional<std::chrono::seconds> NextRetryDelay(const RetryPolicy& policy, int attempts,
                                                   std::chrono::seconds previous_delay,
                                                   const UnitRandom& random);

}  // namespace esc::notify
