// A generator of realistic synthetic ticket histories for a policy, so a team can try
// a policy before it has exported its own history: arrivals that follow office hours
// and weekdays, the policy's categories, tiers and impact x urgency, first responses,
// back-and-forth replies, waits on the customer, resolutions whose time depends on
// priority, reopenings, and some angry customers (negative sentiment, words such as
// "cancel" or "lawyer", requests to escalate). Deterministic: the same options give the
// same history with the same binary.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "core/policy/policy.h"
#include "core/simulation/history.h"

namespace esc::core {

struct SampleOptions {
  std::uint64_t seed = 1;
  Instant start;                 // arrivals begin here
  double tickets_per_weekday = 200;
};

class HistorySampler {
 public:
  HistorySampler(const Policy& policy, SampleOptions options);

  // The next ticket, arriving after the previous one.
  HistoryTicket Next();

 private:
  Instant NextArrival();
  template <typename T>
  const T& Pick(const std::vector<T>& items, const std::vector<double>& weights);

  const Policy& policy_;
  SampleOptions options_;
  std::mt19937_64 rng_;
  Instant clock_;
  std::uint64_t count_ = 0;
  std::vector<std::string> categories_, tiers_, impacts_, urgencies_, channels_;
};

}  // namespace esc::core
