#include "auth/login_limiter.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace esc::auth {

LoginLimiter::LoginLimiter(int max_failures, std::chrono::seconds window, std::size_t max_keys)
    // Clamped so that a zero from a config file means "strictest", not "divide by nothing".
    : max_failures_(std::max(max_failures, 1)),
      window_(std::max(window, std::chrono::seconds{1})),
      max_keys_(std::max<std::size_t>(max_keys, 1)) {}

// A failure at t counts while t is in (now - window, now].
void LoginLimiter::DropExpired(std::deque<core::Instant>& instants, core::Instant now) const {
  while (!instants.empty() && instants.front() <= now - window_) {
    instants.pop_front();
  }
}

std::chrono::seconds LoginLimiter::RetryAfter(std::string_view key, core::Instant now) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(std::string(key));
  if (it == failures_.end()) {
    return std::chrono::seconds{0};
  }
  DropExpired(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return std::chrono::seconds{0};
  }
  if (it->second.size() < static_cast<std::size_t>(max_failures_)) {
    return std::chrono::seconds{0};
  }
  // Only the newest max_failures_ are kept, so the front is the failure whose expiry brings
  // the count below the limit.
  auto wait = it->second.front() + window_ - now;
  return std::max(wait, std::chrono::seconds{1});
}

void LoginLimiter::RecordFailure(std::string_view key, core::Instant now) {
  std::lock_guard lock(mutex_);
  auto& instants = failures_[std::string(key)];
  DropExpired(instants, now);
  // Sorted insert: callers on different threads may read the clock in one order and get
  // here in the other.
  instants.insert(std::upper_bound(instants.begin(), instants.end(), now), now);
  while (instants.size() > static_cast<std::size_t>(max_failures_)) {
    instants.pop_front();
  }
  if (failures_.size() > max_keys_) {
    EnforceKeyBound(now);
  }
}

void LoginLimiter::RecordSuccess(std::string_view key) {
  std::lock_guard lock(mutex_);
  failures_.erase(std::string(key));
}

void LoginLimiter::EnforceKeyBound(core::Instant now) {
  // Forgetting a key whose failures have all expired loses nothing.
  std::erase_if(failures_, [&](const auto& entry) {
    return entry.second.empty() || entry.second.back() <= now - window_;
  });
  if (failures_.size() <= max_keys_) {
    return;
  }
  // Headroom, so the next failures do not trigger another full sweep.
  const std::size_t target = max_keys_ - max_keys_ / 10;
  std::size_t to_drop = failures_.size() - target;
  std::vector<core::Instant> newest;
  newest.reserve(failures_.size());
  for (const auto& entry : failures_) {
    newest.push_back(entry.second.back());
  }
  auto cut_it = newest.begin() + static_cast<std::ptrdiff_t>(to_drop - 1);
  std::nth_element(newest.begin(), cut_it, newest.end());
  const core::Instant cut = *cut_it;
  // Everything strictly older than the cut goes; ties at the cut go until enough are gone.
  for (auto it = failures_.begin(); it != failures_.end() && to_drop > 0;) {
    if (it->second.back() < cut) {
      it = failures_.erase(it);
      --to_drop;
    } else {
      ++it;
    }
  }
  for (auto it = failures_.begin(); it != failures_.end() && to_drop > 0;) {
    if (it->second.back() == cut) {
      it = failures_.erase(it);
      --to_drop;
    } else {
      ++it;
    }
  }
}

}  // namespace esc::auth
