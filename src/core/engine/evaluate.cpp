#include "core/engine/evaluate.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/duration.h"
#include "core/rfc3339.h"
#include "core/sla/ticket_sla.h"

namespace esc::core {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Whether the conditions on ticket facts hold; appends a reason for each that does.
bool FactsHold(const TriggerConditions& when, const TicketFacts& t,
               std::vector<std::string>& reasons) {
  auto listed = [&](const std::vector<std::string>& allowed, const std::string& value,
                    std::string_view what) {
    if (!ListAllows(allowed, value)) return false;
    if (!allowed.empty()) reasons.push_back(fmt::format("{} {}", what, value));
    return true;
  };
  if (!listed(when.priorities, t.priority, "priority") ||
      !listed(when.categories, t.category, "category") || !listed(when.tiers, t.tier, "tier") ||
      !listed(when.channels, t.channel, "channel")) {
    return false;
  }
  if (when.customer_replies) {
    if (t.customer_replies < *when.customer_replies) return false;
    reasons.push_back(fmt::format("{} customer replies", t.customer_replies));
  }
  if (when.reopened) {
    if (t.reopened != *when.reopened) return false;
    reasons.push_back(t.reopened ? "reopened" : "never reopened");
  }
  if (when.customer_asked_to_escalate) {
    if (t.customer_asked_to_escalate != *when.customer_asked_to_escalate) return false;
    if (t.customer_asked_to_escalate) reasons.push_back("the customer asked to escalate");
  }
  if (!when.words.empty()) {
    auto found = std::find_if(when.words.begin(), when.words.end(), [&](const std::string& w) {
      const std::string word = Lower(w);
      return std::find(t.customer_words.begin(), t.customer_words.end(), word) !=
             t.customer_words.end();
    });
    if (found == when.words.end()) return false;
    reasons.push_back(fmt::format("the customer wrote \"{}\"", *found));
  }
  if (when.sentiment_below) {
    if (!t.sentiment || *t.sentiment >= *when.sentiment_below) return false;
    reasons.push_back(fmt::format("sentiment {} below {}", *t.sentiment, *when.sentiment_below));
  }
  return true;
}

// When a trigger's time conditions all hold (the latest of them), its occurrence key and
// reasons; nullopt when they never will (or not yet knowably: a paused clock).
struct TimeCondition {
  Instant reached;
  std::string occurrence;
};

Result<std::optional<TimeCondition>> TimeConditions(const TriggerConditions& when,
                                                    const TicketFacts& t,
                                                    const std::optional<TicketSla>& clocks,
                                                    const SlaPolicy* sla,
                                                    std::vector<std::string>& reasons) {
  using None = std::optional<TimeCondition>;
  TimeCondition out{t.history.front().at, ""};
  auto join = [&](const std::string& part) {
    out.occurrence += (out.occurrence.empty() ? "" : "|") + part;
  };
  if (when.sla) {
    const SlaPoint& point = *when.sla;
    if (!clocks) return None();
    const auto& clock = clocks->Clock(point.target);
    if (!clock) return None();
    const double share = point.percent_used / 100.0 * static_cast<double>(clock->duration().count());
    const Seconds threshold =
        std::max(Seconds{0}, Seconds{std::llround(share)} + point.offset);
    auto at = clock->WhenUsed(threshold);
    if (!at) return std::unexpected(at.error());
    if (!*at) return None();
    out.reached = std::max(out.reached, **at);
    const auto index = static_cast<std::size_t>(point.target);
    join(fmt::format("{}#{}", ToString(point.target), clocks->cycles[index]));
    reasons.push_back(fmt::format("{} of SLA \"{}\" has used {} of {}", ToString(point.target),
                                  sla->name, FormatDuration(threshold),
                                  FormatDuration(clock->duration())));
  }
  if (when.unassigned_for) {
    if (!t.unassigned_since) return None();
    out.reached = std::max(out.reached, *t.unassigned_since + *when.unassigned_for);
    join(fmt::format("unassigned@{}", ToEpochSeconds(*t.unassigned_since)));
    reasons.push_back(fmt::format("unassigned for {}", FormatDuration(*when.unassigned_for)));
  }
  if (when.no_update_for) {
    out.reached = std::max(out.reached, t.last_update + *when.no_update_for);
    join(fmt::format("no-update@{}", ToEpochSeconds(t.last_update)));
    reasons.push_back(fmt::format("no update for {}", FormatDuration(*when.no_update_for)));
  }
  if (out.occurrence.empty()) out.occurrence = "ticket";
  return std::optional<TimeCondition>(out);
}

}  // namespace

Result<Evaluation> Evaluate(const TicketFacts& t, const Policy& policy, Instant now) {
  if (t.history.empty() || t.history.front().kind != TicketEventKind::kCreated) {
    return std::unexpected(Error::Invalid("a ticket's history must start with its creation"));
  }
  const SlaPolicy* sla = SelectSlaPolicy(policy.sla, {t.tier, t.priority, t.category, t.channel});
  std::optional<TicketSla> clocks;
  if (sla) {
    auto replayed = ReplaySla(*sla, policy, t.history);
    if (!replayed) return std::unexpected(replayed.error());
    clocks = std::move(*replayed);
  }
  Evaluation out;
  auto wake_at = [&](Instant at) {
    if (at > now && (!out.next_wakeup || at < *out.next_wakeup)) out.next_wakeup = at;
  };
  for (const Trigger& trigger : policy.triggers) {
    std::vector<std::string> reasons;
    if (!FactsHold(trigger.when, t, reasons)) continue;
    auto timing = TimeConditions(trigger.when, t, clocks, sla, reasons);
    if (!timing) return std::unexpected(timing.error());
    if (!*timing) continue;
    const TimeCondition& time = **timing;
    if (time.reached > now) {
      wake_at(time.reached);
      continue;
    }
    // Firings of this occurrence so far: the first one and the latest repeat.
    const FiredTrigger* first = nullptr;
    int last_repeat = -1;
    for (const FiredTrigger& f : t.fired) {
      if (f.trigger != trigger.name || f.occurrence != time.occurrence) continue;
      if (f.repeat == 0) first = &f;
      last_repeat = std::max(last_repeat, f.repeat);
    }
    Decision decision{trigger.name, time.occurrence, 0, time.reached, trigger.then, ""};
    if (first) {
      if (!trigger.repeat || last_repeat >= trigger.repeat->times) continue;
      if (t.acknowledged_at && *t.acknowledged_at >= first->at) continue;
      const Instant next = first->at + trigger.repeat->every * (last_repeat + 1);
      if (next > now) {
        wake_at(next);
        continue;
      }
      decision.repeat = last_repeat + 1;
      decision.due_at = next;
      reasons.push_back(fmt::format("not acknowledged: repeat {} of {}", decision.repeat,
                                    trigger.repeat->times));
      if (decision.repeat < trigger.repeat->times) wake_at(next + trigger.repeat->every);
    } else if (trigger.repeat) {
      wake_at(now + trigger.repeat->every);  // the first repeat, if recorded at `now`
    }
    decision.explanation =
        fmt::format("trigger \"{}\" at {}: {}", trigger.name,
                    FormatRfc3339(decision.due_at, Seconds{0}), fmt::join(reasons, "; "));
    out.decisions.push_back(std::move(decision));
  }
  return out;
}

}  // namespace esc::core
