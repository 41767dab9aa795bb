#include "app/service/customer_updates.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace esc::app {
namespace {

using core::CustomerUpdate;
using nlohmann::json;

// Which update an audit event calls for, if any. A resolution that awaits management's
// sign-off is told once it is approved (a rejection reopens the case: nothing to tell).
std::optional<CustomerUpdate> UpdateFor(const AuditEvent& event, const TicketRecord& ticket) {
  if (event.kind == "created") return CustomerUpdate::kReceived;
  if (event.kind == "escalated") return CustomerUpdate::kEscalated;
  if (event.kind == "signoff_approved") return CustomerUpdate::kResolved;
  const json data = json::parse(event.data, nullptr, false);
  if (!data.is_object()) return std::nullopt;
  if (event.kind == "sla_breached" && data.value("target", "").starts_with("next_update")) {
    return CustomerUpdate::kProgress;
  }
  if (event.kind == "status_changed" && data.value("to", "") == "resolved" &&
      ticket.signoff_state != "pending") {
    return CustomerUpdate::kResolved;
  }
  return std::nullopt;
}

// The words the customer reads: what happened, nothing internal.
std::string UpdateText(CustomerUpdate update) {
  switch (update) {
    case CustomerUpdate::kReceived:
      return "We have received your request and will be in touch soon.";
    case CustomerUpdate::kEscalated:
      return "Your request has been passed to a team of specialists, who are now working on it.";
    case CustomerUpdate::kProgress:
      return "We are still working on your request and will update you again as soon as there "
             "is news.";
    case CustomerUpdate::kResolved:
    case CustomerUpdate::kFeedback:
      return "Your request has been resolved.";
  }
  return {};
}

OutboxRecord Row(const CustomerUpdateContext& c, CustomerUpdate update, Instant send_at,
                 json payload) {
  OutboxRecord row;
  row.ticket_id = c.ticket.id;
  row.created_at = c.now;
  row.send_at = send_at;
  row.event = "customer_" + std::string(core::ToString(update));
  row.recipient = c.requester.username;
  row.role = "customer";
  row.channel = c.settings.via;
  payload["ticket"] = c.ticket.key;
  payload["subject"] = c.ticket.subject;
  payload["update_kind"] = std::string(core::ToString(update));
  payload["update"] = UpdateText(update);
  if (c.portal_url) {
    payload["portal_url"] = c.portal_url(c.ticket.id, c.requester.id, send_at + kPortalLinkValid);
  }
  row.payload = payload.dump();
  return row;
}

}  // namespace

std::vector<OutboxRecord> PlanCustomerUpdates(const CustomerUpdateContext& c,
                                              const std::vector<AuditEvent>& new_events) {
  std::vector<OutboxRecord> rows;
  if (c.requester.role != Role::kCustomer || c.requester.disabled) return rows;
  for (const auto& event : new_events) {
    const auto update = UpdateFor(event, c.ticket);
    if (!update || !c.settings.Sends(*update)) continue;
    // One row per kind in a change: several escalations in one change are one update.
    const std::string kind = "customer_" + std::string(core::ToString(*update));
    bool sent = false;
    for (const auto& row : rows) sent = sent || row.event == kind;
    if (sent) continue;
    if (*update != CustomerUpdate::kResolved) {
      rows.push_back(Row(c, *update, c.now, json{{"template", "customer_update"}}));
      continue;
    }
    // The resolution; the feedback request with its link goes with it or after it.
    std::string feedback_url;
    const bool ask = c.settings.Sends(CustomerUpdate::kFeedback) && c.feedback_url;
    const Instant ask_at = c.now + c.settings.feedback_after;
    if (ask) {
      feedback_url =
          c.feedback_url(c.ticket.id, c.requester.id, ask_at + c.settings.feedback_link_valid);
    }
    const bool together = ask && c.settings.feedback_after.count() == 0;
    json payload{{"template", together ? "resolved_feedback" : "customer_update"}};
    if (together) payload["feedback_url"] = feedback_url;
    rows.push_back(Row(c, CustomerUpdate::kResolved, c.now, payload));
    if (ask && !together) {
      rows.push_back(Row(c, CustomerUpdate::kFeedback, ask_at,
                         json{{"template", "resolved_feedback"}, {"feedback_url", feedback_url}}));
    }
  }
  return rows;
}

}  // namespace esc::app
