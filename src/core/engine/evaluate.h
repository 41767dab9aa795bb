// The escalation engine's question: which of the policy's triggers are due for this
// ticket at `now`, and when must it be asked again? Each decision names the trigger,
// the occurrence it fires for (so it fires once per occurrence whatever the number or
// order of calls), the actions the policy gives, and a sentence explaining why.
//
// Occurrences: a trigger on an SLA point fires once per cycle of that target's clock
// (next update starts a new cycle at each reply); one on an idle time once per idle
// period; one on ticket facts only, once per ticket. Repeats (`repeat: {every, times}`)
// fire again every `every` after the first firing until the ticket's escalation is
// acknowledged. SLA points are thresholds of business time used on the clock, so
// pauses delay them exactly (+1h after a breach is one more business hour used).
//
// Besides the triggers, the escalation path is a rule of its own (trigger name
// "escalation-path"): a team that has held the case for its step's time (business time
// on the team's calendar, not counting time in the SLA policy's pause statuses) hands
// it to the next step.
//
// Nothing fires for a resolved or closed ticket.
//
// Policy versions: an escalation under way keeps the policy version it started with.
// Every level of one SLA cycle (e.g. all points on "resolution#1") and every repeat of
// one occurrence is decided by the version under which the first of them fired; new
// occurrences use the current policy. After `TicketFacts::reapplied_at`, the current
// policy decides everything.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/ticket_facts.h"
#include "core/error.h"
#include "core/policy/policy.h"
#include "core/sla/sla_clock.h"
#include "core/sla/ticket_sla.h"

namespace esc::core {

inline constexpr std::string_view kPathTrigger = "escalation-path";

struct Decision {
  std::string trigger;
  std::string occurrence;
  int repeat = 0;                     // 0 for the first firing
  Instant due_at;                     // when its conditions were (or became) all true
  // The policy's actions (they live in the Policy, which must outlive the decision). A
  // repeat carries out only the notifications: escalations and field changes happen once.
  std::span<const TriggerAction> actions;
  std::string explanation;            // empty when the caller did not ask for it
  std::string policy_version;         // the version that decided it
};

struct Evaluation {
  std::vector<Decision> decisions;    // in policy order
  std::optional<Instant> next_wakeup; // the earliest future instant anything may change
};

// What EvaluateTracked may keep between calls for one ticket. When each trigger's
// conditions hold, and from when, depends on the ticket's facts and clocks only, not on
// `now` or on what already fired; the caller bumps `state` whenever anything else in
// them changes (an event, a move to another team, a new priority), and calls with the
// same `state` reuse those timings instead of recomputing them. The escalation path's
// timing has its own counter: bump `path_state` when the team holding the case, its
// status history or the SLA policy changes (replies alone do not change it).
struct EvaluationCache {
  std::uint64_t state = 0;
  std::uint64_t path_state = 0;

  struct Timing {
    bool applies = false;  // the conditions hold (or will, at `reached`)
    Instant reached;
    std::string occurrence;
    const PathStep* step = nullptr;  // the path rule: the holding team's step
    // A trigger on an SLA point only: the clock it was computed from, so a later
    // recomputation keeps it while that clock has not changed.
    std::optional<SlaClock::Key> clock;
    int cycle = 0;
  };
  std::uint64_t computed_for = ~std::uint64_t{0};
  std::uint64_t path_computed_for = ~std::uint64_t{0};
  std::vector<Timing> triggers;  // by the policy's trigger index
  Timing path;                   // the escalation-path rule
};

// Earlier policy versions by Policy::version; nullptr when unknown (the current policy
// then decides).
using PolicyLookup = std::function<const Policy*(std::string_view version)>;

// Errors: the ticket matches no SLA policy is not an error (SLA triggers just never
// fire); a history the SLA clocks cannot replay is (see ReplaySla).
Result<Evaluation> Evaluate(const TicketFacts& ticket, const Policy& policy, Instant now,
                            const PolicyLookup& earlier = {});

// The same for a caller that keeps the ticket's clocks itself (SlaTracker over the
// ticket's history under `sla`, the SLA policy `policy` selects for it; both nullptr when
// none applies). Only the current policy decides. Without `explain`, decisions carry no
// explanation (the simulator's fast path).
Result<Evaluation> EvaluateTracked(const TicketFacts& ticket, const Policy& policy,
                                   const SlaPolicy* sla, const TicketSla* clocks, Instant now,
                                   bool explain = true, EvaluationCache* cache = nullptr);

// The status the ticket's history leaves it in (kNew when it never changed).
TicketStatus CurrentStatus(const TicketFacts& ticket);

}  // namespace esc::core
