// Turns a flat outbox row into a notification a channel can render and send: the
// template kind (from the event and the policy's trigger), the recipient's address
// (email: the user's email; the customer role: the ticket's requester, else the first
// contact of the customer with an address), and the template context (ticket key,
// title, priority, a link into the web app under the public base URL, the SLA point,
// the escalation, the explanation). Read-only: runs inside the worker's read snapshot.
#pragma once

#include <expected>
#include <string>

#include "app/service/delivery_port.h"
#include "app/service/store.h"

namespace esc::app {

// The template kind for `row`: customer_update for the customer, warning / breached for
// an SLA point before / at or after the deadline, escalated_to_you / escalated_to_team
// for a trigger that escalates, digest for a digest row (outbox_digest.h), notice for
// anything else.
std::string NotificationKind(const core::Policy& policy, const OutboxRecord& row);

// `public_url`: the web app's base URL ("https://escalator.example.com"), no trailing
// slash. The error is permanent (an unknown channel, a recipient without an address):
// the worker makes the row dead with it; a store failure is an Error in `store_error`.
struct ResolveFailure {
  std::string permanent;  // empty when the failure is the store's
  std::optional<core::Error> store_error;
};
std::expected<OutgoingNotification, ResolveFailure> ResolveNotification(
    StoreTx& tx, const core::Policy& policy, const OutboxRecord& row,
    const std::string& public_url);

}  // namespace esc::app
