// Login rate limiting: after `max_failures` failed attempts for one key (a user name, and
// separately a remote address) within `window`, further attempts for that key are refused
// until the oldest failure leaves the window. A success clears the user-name key. Pure and
// thread-safe; the clock is passed in.
//
// Memory is bounded twice: a key keeps only its newest `max_failures` failures (older ones
// cannot change the answer), and when more than `max_keys` keys exist, keys whose failures
// have all left the window are dropped first, then the keys whose newest failure is oldest,
// down to 90% of `max_keys` so that the O(keys) sweep is not repeated on every failure.
// An attacker who fails with `max_keys` distinct names can therefore make the limiter
// forget an older key early; the per-address key is what stops a single source doing that.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.h"

namespace esc::auth {

class LoginLimiter {
 public:
  LoginLimiter(int max_failures = 5, std::chrono::seconds window = std::chrono::minutes(15),
               std::size_t max_keys = 100000);

  // 0 when an attempt for `key` is allowed at `now`, else the seconds to wait.
  std::chrono::seconds RetryAfter(std::string_view key, core::Instant now);
  void RecordFailure(std::string_view key, core::Instant now);
  void RecordSuccess(std::string_view key);

 private:
  int max_failures_;
  std::chrono::seconds window_;
  std::size_t max_keys_;  // beyond this, the keys with the oldest newest-failure are forgotten
  std::mutex mutex_;
  // Per key, its newest failures in ascending order, at most max_failures_ of them.
  std::unordered_map<std::string, std::deque<core::Instant>> failures_;

  void DropExpired(std::deque<core::Instant>& instants, core::Instant now) const;
  void EnforceKeyBound(core::Instant now);  // REQUIRES: mutex_ held
};

}  // namespace esc::auth
