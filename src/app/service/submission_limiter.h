// Spam protection of the public web form: a sliding-window limit on the tickets one client
// address, and separately one sender address, may open (the policy's
// intake.web_form.max_per_address, max_per_email and window). Built on auth::LoginLimiter,
// where a "failure" here is a submission that was let through. The limits are passed with
// each call, so a policy reload takes effect at once (a change of limits starts counting
// afresh). Thread-safe; the clock is the caller's (the manual clock under serve --testing).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "auth/login_limiter.h"
#include "core/policy/intake.h"
#include "core/time.h"

namespace esc::app {

class SubmissionLimiter {
 public:
  // 0 s, after recording the submission, when both `client` and `email` are under their
  // limits at `now`; else the seconds until the later of the two has room (nothing
  // recorded).
  std::chrono::seconds TryAcquire(const core::WebFormPolicy& limits, const std::string& client,
                                  const std::string& email, core::Instant now);

 private:
  struct Limiters {
    int max_per_address = 0, max_per_email = 0;
    std::chrono::seconds window{0};
    std::unique_ptr<auth::LoginLimiter> by_address, by_email;
  };
  std::mutex mutex_;
  Limiters current_;
};

}  // namespace esc::app
