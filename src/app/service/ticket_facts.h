// The bridge between stored tickets and the pure engine: the core::TicketFacts of a
// ticket (its record, the SLA-relevant part of its audit trail, the triggers that fired)
// and the SLA snapshot the service stores for queues and filters (the next deadline, the
// state ok / at risk / breached / paused, and when that state next changes).
#pragma once

#include <optional>
#include <vector>

#include "app/service/records.h"
#include "core/engine/ticket_facts.h"
#include "core/error.h"
#include "core/policy/policy.h"

namespace esc::app {

// A clock counts as at risk from this share of its target used.
inline constexpr double kAtRiskPercent = 75;

core::TicketFacts BuildFacts(const TicketRecord& ticket, const std::vector<AuditEvent>& events,
                             const std::vector<FiredRecord>& fired);

struct SlaSnapshot {
  std::optional<Instant> next_deadline;  // earliest due instant of a running clock
  std::string state = "none";            // none, ok, at_risk, breached, paused, stopped
  bool breached = false;                 // a target missed, now or earlier in the ticket's life
  std::optional<Instant> next_change;    // when `state` changes if nothing happens
  // The targets whose running cycle is past its deadline: "first_response#1", ...
  std::vector<std::string> overdue;
};

core::Result<SlaSnapshot> ComputeSla(const core::Policy& policy, const core::TicketFacts& facts,
                                     Instant now);

// One SLA target's clock as a ticket page shows it.
struct SlaTargetClock {
  std::string target;        // first_response, next_update, resolution
  std::string state;         // ok, at_risk, breached (running or paused late), paused, met
  bool stopped = false;      // the target was reached (met, or late: breached)
  std::optional<Instant> due;  // the deadline (paused: if resumed now)
  double percent_used = 0;
  int cycle = 0;             // 1 for the first; next_update restarts on each reply
  int breaches = 0;          // cycles that ended past their deadline
};

// The clocks of the targets the ticket's SLA policy sets, in target order; empty without
// an SLA policy.
core::Result<std::vector<SlaTargetClock>> ComputeSlaTargets(const core::Policy& policy,
                                                            const core::TicketFacts& facts,
                                                            Instant now);

}  // namespace esc::app
