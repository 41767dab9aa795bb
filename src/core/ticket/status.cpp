#include "core/ticket/status.h"

namespace esc::core {

std::string_view ToString(TicketStatus status) {
  switch (status) {
    case TicketStatus::kNew: return "new";
    case TicketStatus::kOpen: return "open";
    case TicketStatus::kWaitingOnCustomer: return "waiting_on_customer";
    case TicketStatus::kWaitingOnThirdParty: return "waiting_on_third_party";
    case TicketStatus::kResolved: return "resolved";
    case TicketStatus::kClosed: return "closed";
    case TicketStatus::kReopened: return "reopened";
  }
  return "unknown";
}

std::optional<TicketStatus> ParseTicketStatus(std::string_view text) {
  for (TicketStatus s : kAllTicketStatuses) {
    if (ToString(s) == text) return s;
  }
  return std::nullopt;
}

}  // namespace esc::core
