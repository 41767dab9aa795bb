// The status workflow of a ticket and the vocabulary the policy uses for it: new, open,
// waiting on the customer or a third party (statuses an SLA policy may pause its clocks
// in), resolved, closed and reopened.
#pragma once

#include <optional>
#include <string_view>

namespace esc::core {

enum class TicketStatus {
  kNew,
  kOpen,
  kWaitingOnCustomer,
  kWaitingOnThirdParty,
  kResolved,
  kClosed,
  kReopened,
};

// Resolved or closed: the clocks stop and nothing escalates until it is reopened.
constexpr bool IsClosed(TicketStatus status) {
  return status == TicketStatus::kResolved || status == TicketStatus::kClosed;
}

// "waiting_on_customer" and so on, as written in policies and the API.
std::string_view ToString(TicketStatus status);
std::optional<TicketStatus> ParseTicketStatus(std::string_view text);
// All statuses, for messages listing the valid names.
inline constexpr TicketStatus kAllTicketStatuses[] = {
    TicketStatus::kNew,      TicketStatus::kOpen,   TicketStatus::kWaitingOnCustomer,
    TicketStatus::kWaitingOnThirdParty, TicketStatus::kResolved, TicketStatus::kClosed,
    TicketStatus::kReopened};

}  // namespace esc::core
