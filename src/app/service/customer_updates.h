// The updates a ticket change owes its customer under the policy's `customer_updates:`
// section, as outbox rows: "received" for a new request, "escalated" when the case moves
// up or to another team (saying only that specialists now work on it: never who, which
// level or why), "progress" when the next-update target falls due, "resolved" with the
// resolution (or, when management must sign it off, with the approval), and "feedback"
// (the CSAT request with a signed one-click link), held back by `feedback_after`. Each
// carries a signed link that signs the customer in to the portal on the ticket
// (`portal_url`). Rows go to the person who opened the ticket when that is a customer
// user; a request opened by staff on a customer's behalf tells nobody. Pure: the caller
// (TicketChange::Save) supplies the requester and the signer.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "app/service/records.h"
#include "core/policy/customer_updates.h"

namespace esc::app {

struct CustomerUpdateContext {
  const core::CustomerUpdates& settings;
  const TicketRecord& ticket;   // as it will be saved (id and key set)
  const UserRecord& requester;  // must be a customer user to be told anything
  Instant now;
  // The feedback link for (ticket, requester, expiry); empty function: no link.
  std::function<std::string(Id ticket, Id user, Instant expires)> feedback_url;
  // The portal sign-in link for (ticket, requester, expiry), valid kPortalLinkValid from
  // the update's sending; empty function: the update links to the ticket without it.
  std::function<std::string(Id ticket, Id user, Instant expires)> portal_url;
};

inline constexpr std::chrono::hours kPortalLinkValid{24 * 7};

// Outbox rows (ticket_id, channel, recipient, role "customer", event "customer_<kind>",
// payload with "template" and the text) for the events this change appended.
std::vector<OutboxRecord> PlanCustomerUpdates(const CustomerUpdateContext& context,
                                              const std::vector<AuditEvent>& new_events);

}  // namespace esc::app
