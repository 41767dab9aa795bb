// A ticket's SLA clocks, rebuilt from its history under one SLA policy. The rules:
// - first response and resolution start when the ticket is created;
// - the first public agent reply stops first response and starts next update;
// - every later agent reply or customer message restarts next update;
// - the policy's pause statuses pause every running clock, leaving them resumes;
// - resolving or closing stops every clock; reopening runs resolution again with the
//   business time it had used, and restarts next update.
// Pure: the same history gives the same clocks, whatever the moment it is computed.
#pragma once

#include <array>
#include <optional>
#include <span>

#include "core/error.h"
#include "core/policy/policy.h"
#include "core/sla/sla_clock.h"
#include "core/ticket/ticket_event.h"

namespace esc::core {

struct TicketSla {
  std::array<std::optional<SlaClock>, 3> clocks;  // indexed by SlaTargetKind; empty = no target
  TicketStatus status = TicketStatus::kNew;
  // How many times each clock has (re)started: 1 after its first start. Together with
  // the target it names an occurrence, so a trigger fires once per cycle.
  std::array<int, 3> cycles{};
  // How many cycles of each clock ended (restarted or stopped) past their deadline, each
  // cycle once (a reopened resolution continues its cycle); a cycle still running is not
  // counted until it ends (see SlaClock::StatusAt).
  std::array<int, 3> breaches{};

  const std::optional<SlaClock>& Clock(SlaTargetKind kind) const {
    return clocks[static_cast<std::size_t>(kind)];
  }
};

// Builds the clocks one event at a time, for callers that follow a ticket as it lives
// (the simulator) instead of replaying its whole history at each question. The SLA
// policy and the policy must outlive the tracker.
class SlaTracker {
 public:
  SlaTracker(const SlaPolicy& sla, const Policy& policy) : sla_(&sla), policy_(&policy) {}

  // The next event: the first must be kCreated, each later one not earlier than the one
  // before (Invalid otherwise). Errors leave the clocks as they were before the event
  // only for the order checks; a calendar error mid-event leaves them undefined.
  Result<void> Apply(const TicketEvent& event);
  const TicketSla& clocks() const { return result_; }
  const SlaPolicy& policy() const { return *sla_; }

 private:
  std::optional<SlaClock>& Clock(SlaTargetKind kind) {
    return result_.clocks[static_cast<std::size_t>(kind)];
  }
  Result<void> Start(SlaTargetKind kind, Instant at);
  Result<void> EndCycle(SlaTargetKind kind, Instant at, bool restart);
  Result<void> ChangeStatus(TicketStatus next, Instant at);

  const SlaPolicy* sla_;
  const Policy* policy_;
  TicketSla result_;
  std::array<bool, 3> breach_counted_{};  // the current cycle's miss is already counted
  std::optional<Instant> previous_;
};

// REQUIRES: `events` in time order, starting with kCreated. Errors: a history that is
// out of order or does not start with kCreated (Invalid), a target whose calendar the
// policy does not define (NotFound).
Result<TicketSla> ReplaySla(const SlaPolicy& sla, const Policy& policy,
                            std::span<const TicketEvent> events);

}  // namespace esc::core
