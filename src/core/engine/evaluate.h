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
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/engine/ticket_facts.h"
#include "core/error.h"
#include "core/policy/policy.h"

namespace esc::core {

struct Decision {
  std::string trigger;
  std::string occurrence;
  int repeat = 0;                     // 0 for the first firing
  Instant due_at;                     // when its conditions were (or became) all true
  std::vector<TriggerAction> actions;
  std::string explanation;
};

struct Evaluation {
  std::vector<Decision> decisions;    // in policy order
  std::optional<Instant> next_wakeup; // the earliest future instant anything may change
};

// Errors: the ticket matches no SLA policy is not an error (SLA triggers just never
// fire); a history the SLA clocks cannot replay is (see ReplaySla).
Result<Evaluation> Evaluate(const TicketFacts& ticket, const Policy& policy, Instant now);

}  // namespace esc::core
