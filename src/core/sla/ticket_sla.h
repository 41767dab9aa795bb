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

  const std::optional<SlaClock>& Clock(SlaTargetKind kind) const {
    return clocks[static_cast<std::size_t>(kind)];
  }
};

// REQUIRES: `events` in time order, starting with kCreated. Errors: a history that is
// out of order or does not start with kCreated (Invalid), a target whose calendar the
// policy does not define (NotFound).
Result<TicketSla> ReplaySla(const SlaPolicy& sla, const Policy& policy,
                            std::span<const TicketEvent> events);

}  // namespace esc::core
