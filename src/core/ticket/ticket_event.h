// What happens to a ticket, as the SLA clocks and the escalation engine see it: the
// facts of its history in time order. (The audit trail stores richer events; the
// service turns them into these.)
#pragma once

#include "core/ticket/status.h"
#include "core/time.h"

namespace esc::core {

enum class TicketEventKind {
  kCreated,          // the ticket exists; clocks start
  kStatusChanged,    // `status` is the new status
  kAgentReplied,     // a public reply by the organisation (internal notes do not count)
  kCustomerReplied,  // a message from the customer, on any channel
};

struct TicketEvent {
  Instant at;
  TicketEventKind kind = TicketEventKind::kCreated;
  TicketStatus status = TicketStatus::kNew;  // for kStatusChanged
};

}  // namespace esc::core
