// What the engine knows about a ticket besides its SLA history: the facts triggers
// look at, the triggers that already fired (from the audit trail), and when its current
// escalation was acknowledged. The service fills it from the store; tests and the
// simulator build it directly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ticket/ticket_event.h"
#include "core/time.h"

namespace esc::core {

// A trigger that fired for one occurrence; `repeat` is 0 for the first firing.
struct FiredTrigger {
  std::string trigger;
  std::string occurrence;
  Instant at;
  int repeat = 0;
  std::string policy_version;  // Policy::version it fired under; empty: the current one
};

struct TicketFacts {
  std::string tier;
  std::string priority;
  std::string category;
  std::string channel;
  int customer_replies = 0;
  bool reopened = false;
  bool customer_asked_to_escalate = false;
  std::optional<double> sentiment;          // latest customer message, -1 (negative) to 1
  std::vector<std::string> customer_words;  // folded (core/text/words.h) words of the customer
  std::optional<Instant> unassigned_since;  // empty while someone is assigned
  Instant last_update;                      // last public agent reply (or creation)
  // The latest acknowledgement (an agent took up the case): repeats of a step that fired
  // before it stop.
  std::optional<Instant> acknowledged_at;
  std::string team;                         // the team holding the case; empty: none yet
  Instant team_since;                       // since when it holds it (its path step's clock)
  // An explicit re-apply of the current policy: firings before it no longer pin their
  // escalations to the policy version they started under.
  std::optional<Instant> reapplied_at;
  std::vector<TicketEvent> history;         // in time order, from kCreated
  std::vector<FiredTrigger> fired;          // from the audit trail
};

}  // namespace esc::core
