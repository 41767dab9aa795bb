#include "app/service/submission_limiter.h"

#include <algorithm>

namespace esc::app {

std::chrono::seconds SubmissionLimiter::TryAcquire(const core::WebFormPolicy& limits,
                                                   const std::string& client,
                                                   const std::string& email, core::Instant now) {
  std::lock_guard lock(mutex_);
  if (!current_.by_address || current_.max_per_address != limits.max_per_address ||
      current_.max_per_email != limits.max_per_email || current_.window != limits.window) {
    current_.max_per_address = limits.max_per_address;
    current_.max_per_email = limits.max_per_email;
    current_.window = limits.window;
    current_.by_address = std::make_unique<auth::LoginLimiter>(limits.max_per_address, limits.window);
    current_.by_email = std::make_unique<auth::LoginLimiter>(limits.max_per_email, limits.window);
  }
  const std::string address_key = "client:" + client, email_key = "email:" + email;
  const auto wait = std::max(current_.by_address->RetryAfter(address_key, now),
                             current_.by_email->RetryAfter(email_key, now));
  if (wait.count() > 0) return wait;
  current_.by_address->RecordFailure(address_key, now);
  current_.by_email->RecordFailure(email_key, now);
  return std::chrono::seconds(0);
}

}  // namespace esc::app
