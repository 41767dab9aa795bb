#include "core/simulation/sample_history.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <date/date.h>
#include <fmt/format.h>

namespace esc::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr double kDayWeight = 11.9;  // sum of the hourly weights of a weekday, below

// Relative arrival rate by UTC hour; weekends get a fifth of it.
double HourWeight(Instant t) {
  const auto day = date::floor<date::days>(t);
  const auto hour = std::chrono::duration_cast<hours>(t - day).count();
  const bool weekend = date::weekday{day} == date::Saturday || date::weekday{day} == date::Sunday;
  const double w = hour < 8 ? 0.05 : hour < 18 ? 1.0 : 0.25;
  return weekend ? w * 0.2 : w;
}

// Pushes an agent's action outside office hours (08-18 UTC, Monday to Friday) to the
// next morning, as a real team would answer then.
Instant DuringOfficeHours(Instant t, std::mt19937_64& rng) {
  for (int guard = 0; guard < 8; ++guard) {
    const auto day = date::floor<date::days>(t);
    const auto hour = std::chrono::duration_cast<hours>(t - day).count();
    const date::weekday wd{day};
    if (wd != date::Saturday && wd != date::Sunday && hour >= 8 && hour < 18) return t;
    auto next = day + (hour >= 18 || wd == date::Saturday || wd == date::Sunday ? date::days{1}
                                                                                 : date::days{0});
    t = Instant{next + hours{8}} + Seconds{std::uniform_int_distribution<int>(0, 5400)(rng)};
  }
  return t;
}

Seconds LogNormal(std::mt19937_64& rng, Seconds median, double sigma) {
  std::lognormal_distribution<double> d(std::log(static_cast<double>(median.count())), sigma);
  return Seconds{std::max<std::int64_t>(60, std::llround(d(rng)))};
}

// The distinct values of one condition list over all SLA policies, in first-seen order.
template <typename Get>
std::vector<std::string> Collect(const std::vector<SlaPolicy>& slas, Get get) {
  std::vector<std::string> out;
  for (const auto& sla : slas) {
    for (const auto& v : get(sla)) {
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
  }
  return out;
}

// Weights 1, 2, 4, ... so that the first values (gold, high impact) are the rarest.
std::vector<double> Rising(std::size_t n) {
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = std::pow(2.0, static_cast<double>(i));
  return w;
}

}  // namespace

HistorySampler::HistorySampler(const Policy& policy, SampleOptions options)
    : policy_(policy), options_(options), rng_(options.seed), clock_(options.start) {
  for (const auto& c : policy.categories) categories_.push_back(c.id);
  if (categories_.empty()) categories_ = {"general"};
  tiers_ = Collect(policy.sla, [](const SlaPolicy& s) { return s.tiers; });
  // Customers that no tier condition names (those of a catch-all SLA policy).
  tiers_.push_back("standard");
  channels_ = Collect(policy.sla, [](const SlaPolicy& s) { return s.channels; });
  for (const char* c : {"email", "portal", "phone", "chat"}) {
    if (std::find(channels_.begin(), channels_.end(), c) == channels_.end()) channels_.push_back(c);
  }
  impacts_ = policy.priorities.impacts;
  urgencies_ = policy.priorities.urgencies;
}

template <typename T>
const T& HistorySampler::Pick(const std::vector<T>& items, const std::vector<double>& weights) {
  std::discrete_distribution<std::size_t> d(weights.begin(), weights.end());
  return items[d(rng_)];
}

Instant HistorySampler::NextArrival() {
  // A non-homogeneous Poisson process by thinning: candidates at the peak rate, each
  // kept with the probability of the hour's relative rate.
  const double peak_per_second = options_.tickets_per_weekday / kDayWeight / 3600.0;
  std::exponential_distribution<double> gap(peak_per_second);
  std::uniform_real_distribution<double> keep(0, 1);
  while (true) {
    clock_ += Seconds{std::max<std::int64_t>(1, std::llround(gap(rng_)))};
    if (keep(rng_) < HourWeight(clock_)) return clock_;
  }
}

HistoryTicket HistorySampler::Next() {
  HistoryTicket t;
  t.id = fmt::format("T{:07}", ++count_);
  t.created = NextArrival();
  t.category = categories_[std::uniform_int_distribution<std::size_t>(0, categories_.size() - 1)(rng_)];
  std::vector<double> tier_weights = Rising(tiers_.size());
  t.tier = Pick(tiers_, tier_weights);
  t.channel = Pick(channels_, std::vector<double>(channels_.size(), 1.0));
  if (!impacts_.empty() && !urgencies_.empty()) {
    t.impact = Pick(impacts_, Rising(impacts_.size()));
    t.urgency = Pick(urgencies_, Rising(urgencies_.size()));
    t.priority = policy_.priorities.Derive(t.impact, t.urgency).value_or("");
  }
  if (t.priority.empty()) {
    t.priority = policy_.priorities.default_priority.value_or(
        policy_.priorities.order.empty() ? "normal" : policy_.priorities.order.back());
  }
  const int rank = policy_.priorities.Rank(t.priority).value_or(2);
  std::uniform_real_distribution<double> chance(0, 1);
  const bool angry = chance(rng_) < 0.06;
  static const std::vector<std::string> kAngryWords = {"cancel", "lawyer", "refund", "unacceptable"};

  Instant now = t.created;
  auto push = [&](TicketEventKind kind, Instant at, TicketStatus status = TicketStatus::kOpen) {
    now = std::max(now + Seconds{1}, at);
    HistoryEvent e;
    e.event = TicketEvent{now, kind, status};
    t.events.push_back(e);
    return &t.events.back();
  };
  auto customer = [&](Seconds after) {
    HistoryEvent* e = push(TicketEventKind::kCustomerReplied, now + after);
    if (angry) {
      e->sentiment = -0.7 - 0.25 * chance(rng_);
      e->words = {kAngryWords[std::uniform_int_distribution<std::size_t>(0, 3)(rng_)]};
      e->asks_to_escalate = chance(rng_) < 0.5;
    } else {
      e->sentiment = std::round((chance(rng_) * 0.9 - 0.3) * 100) / 100;
    }
  };
  auto agent = [&](Seconds median) {
    push(TicketEventKind::kAgentReplied, DuringOfficeHours(now + LogNormal(rng_, median, 1.0), rng_));
  };

  agent(minutes{20 * (rank + 1)});
  const int rounds = std::geometric_distribution<int>(0.45)(rng_) + (angry ? 1 : 0);
  for (int i = 0; i < rounds; ++i) {
    const bool wait = chance(rng_) < 0.3;
    if (wait) push(TicketEventKind::kStatusChanged, now + minutes{1}, TicketStatus::kWaitingOnCustomer);
    customer(LogNormal(rng_, hours{3}, 1.2));
    if (wait) push(TicketEventKind::kStatusChanged, now + Seconds{1}, TicketStatus::kOpen);
    agent(hours{1});
  }
  auto resolve = [&] {
    push(TicketEventKind::kStatusChanged,
         DuringOfficeHours(now + LogNormal(rng_, hours{2 * (rank + 1)}, 0.9), rng_),
         TicketStatus::kResolved);
  };
  resolve();
  if (chance(rng_) < 0.05) {
    customer(LogNormal(rng_, hours{20}, 0.8));
    push(TicketEventKind::kStatusChanged, now + Seconds{1}, TicketStatus::kReopened);
    agent(hours{1});
    resolve();
  }
  return t;
}

}  // namespace esc::core
