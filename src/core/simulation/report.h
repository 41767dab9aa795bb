// What a simulation measured: tickets, the decisions and escalations the policy made
// (by type, receiving level and trigger), SLA attainment per target and per priority,
// breaches, how long tickets took to be escalated and resolved, notifications (and how
// many quiet hours held back), and the peak of concurrent escalations per level and per
// limited team against the policy's limits.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/sla/ticket_sla.h"
#include "core/time.h"

namespace esc::core {

// One SLA target over many tickets: a ticket meets it when no cycle of its clock missed
// the deadline; a clock still running at the end of the history without a miss is open.
struct TargetAttainment {
  std::int64_t met = 0;
  std::int64_t breached = 0;
  std::int64_t open = 0;
  // met / (met + breached), or nullopt with nothing measured.
  std::optional<double> Attainment() const {
    const std::int64_t decided = met + breached;
    if (decided == 0) return std::nullopt;
    return static_cast<double>(met) / static_cast<double>(decided);
  }
};

struct DurationSummary {
  std::int64_t count = 0;
  Seconds median{0};
  Seconds p90{0};
};

// Concurrent escalations held by a level or a team (tickets that reached it by an
// escalation and are not resolved or moved on).
struct LoadSummary {
  std::string scope;   // "level" or "team"
  std::string id;
  int peak = 0;
  std::optional<Instant> peak_at;
  std::optional<int> limit;       // max_open_escalations, when the policy sets one
  std::int64_t queued = 0;        // escalations that waited for a free slot
  std::int64_t over_limit = 0;    // escalations let through beyond it (notify_manager)
};

struct SimulationReport {
  std::string policy_version;
  std::int64_t tickets = 0;
  std::int64_t unresolved = 0;          // still open at the end of the history
  std::int64_t decisions = 0;
  std::int64_t escalations = 0;
  std::int64_t escalated_tickets = 0;
  std::int64_t escalations_blocked = 0; // asked beyond the top of the hierarchy
  std::int64_t signoffs_required = 0;   // tickets that need management sign-off
  std::int64_t notifications = 0;
  std::int64_t notifications_held = 0;  // delayed by quiet hours
  std::map<std::string, std::int64_t> escalations_by_type;   // functional, hierarchical, ...
  std::map<std::string, std::int64_t> escalations_by_level;  // receiving level
  std::map<std::string, std::int64_t> decisions_by_trigger;
  std::array<TargetAttainment, 3> sla{};                      // by SlaTargetKind
  std::map<std::string, std::array<TargetAttainment, 3>> sla_by_priority;
  std::int64_t tickets_breached = 0;    // missed at least one target
  std::int64_t breaches = 0;            // clock cycles that missed their deadline
  DurationSummary time_to_escalate;     // creation to first escalation
  DurationSummary time_to_resolve;      // creation to first resolution
  std::vector<LoadSummary> load;        // levels in rank order, then limited teams
  std::optional<Instant> first_created;
  std::optional<Instant> last_instant;
};

// Adds one ticket's SLA outcome at `at` to `report`: each target met, breached or still
// open (overall and under `priority`), the cycles that missed their deadline, and whether
// the ticket missed any. A clock still running at `at` counts as breached once past its
// deadline, else as open. The simulator and the service's live reports both count so.
void CountSlaOutcome(const TicketSla& clocks, Instant at, const std::string& priority,
                     SimulationReport& report);

// Median and 90th percentile (nearest rank) of `values`, which it reorders.
DurationSummary Summarize(std::vector<std::int64_t>& values);

}  // namespace esc::core
