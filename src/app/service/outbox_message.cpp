#include "app/service/outbox_message.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/service/outbox_digest.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

using nlohmann::json;

const core::Trigger* FindTrigger(const core::Policy& policy, const std::string& name) {
  for (const auto& trigger : policy.triggers) {
    if (trigger.name == name) return &trigger;
  }
  return nullptr;
}

bool Escalates(const core::Trigger& trigger) {
  for (const auto& action : trigger.then) {
    if (std::holds_alternative<core::EscalateAction>(action)) return true;
  }
  return false;
}

bool BeforeDeadline(const core::SlaPoint& point) {
  return point.percent_used < 100 && point.offset.count() <= 0;
}

std::unexpected<ResolveFailure> Permanent(std::string why) {
  return std::unexpected(ResolveFailure{std::move(why), std::nullopt});
}
std::unexpected<ResolveFailure> StoreFailure(core::Error error) {
  return std::unexpected(ResolveFailure{"", std::move(error)});
}

// The address of the recipient of an email: a user's email, or for the customer role
// the requester's (a customer contact), else the customer's first contact's.
std::expected<std::string, ResolveFailure> EmailAddress(StoreTx& tx, const OutboxRecord& row,
                                                        const TicketRecord* ticket_or_null) {
  if (row.role == "customer" && ticket_or_null) {
    const TicketRecord& ticket = *ticket_or_null;
    auto requester = tx.FindUser(ticket.requester_id);
    if (!requester) return StoreFailure(requester.error());
    if (*requester && (*requester)->role == Role::kCustomer && !(*requester)->email.empty()) {
      return (*requester)->email;
    }
    auto contacts = tx.ListUsers(ticket.customer_id, 200, 0);
    if (!contacts) return StoreFailure(contacts.error());
    for (const auto& contact : *contacts) {
      if (!contact.disabled && !contact.email.empty()) return contact.email;
    }
    return Permanent(
        fmt::format("customer {} has no contact with an email address", ticket.customer_id));
  }
  auto person = tx.FindUserByName(row.recipient);
  if (!person) return StoreFailure(person.error());
  if (!*person) {
    return Permanent(fmt::format("no user \"{}\": add one with an email address", row.recipient));
  }
  if ((*person)->email.empty()) {
    return Permanent(fmt::format("user \"{}\" has no email address", row.recipient));
  }
  return (*person)->email;
}

json TemplateContext(const core::Policy& policy, const OutboxRecord& row,
                     const TicketRecord& ticket, const std::string& url) {
  const json payload = json::parse(row.payload, nullptr, false);
  auto text = [&](const char* key) {
    return payload.is_object() && payload.contains(key) && payload[key].is_string()
               ? payload[key].get<std::string>()
               : std::string();
  };
  const core::Team* team = policy.FindTeam(ticket.team);
  json context = {{"ticket",
                   {{"key", ticket.key},
                    {"title", ticket.subject},
                    {"priority", ticket.priority},
                    {"status", std::string(core::ToString(ticket.status))},
                    {"team", ticket.team},
                    {"level", ticket.level},
                    {"assignee", ticket.assignee},
                    {"url", url}}},
                  {"team", {{"id", ticket.team}, {"name", team ? team->name : ticket.team}}},
                  {"escalation", {{"level", ticket.level}, {"reason", text("explanation")}}},
                  {"event", row.event},
                  {"trigger", text("trigger")},
                  {"explanation", text("explanation")},
                  {"recipient", row.recipient},
                  {"role", row.role}};
  if (const core::Trigger* trigger = FindTrigger(policy, row.event); trigger && trigger->when.sla) {
    const core::SlaPoint& point = *trigger->when.sla;
    json sla = {{"target", std::string(core::ToString(point.target))},
                {"percent_used", static_cast<int>(point.percent_used)}};
    if (ticket.next_deadline) sla["due"] = core::FormatRfc3339(*ticket.next_deadline, {});
    context["sla"] = std::move(sla);
  }
  if (row.role == "customer") {
    // The customer reads what customer_updates.h wrote, never internal detail: no team,
    // level, assignee or explanation.
    const std::string update = text("update");
    context["update"] = update.empty() ? std::string("There is news on your request.") : update;
    if (const std::string link = text("feedback_url"); !link.empty()) {
      context["feedback_url"] = link;
    }
    // The signed link signs the customer in to the portal on the ticket.
    if (const std::string link = text("portal_url"); !link.empty()) {
      context["ticket"]["url"] = link;
    }
    for (const char* internal : {"team", "level", "assignee", "priority"}) {
      context["ticket"].erase(internal);
    }
    for (const char* internal : {"team", "escalation", "trigger", "explanation"}) {
      context.erase(internal);
    }
  }
  return context;
}

}  // namespace

std::string NotificationKind(const core::Policy& policy, const OutboxRecord& row) {
  if (row.role == "digest") return "digest";
  if (row.role == "customer") {
    const json payload = json::parse(row.payload, nullptr, false);
    const bool asks_feedback =
        payload.is_object() && payload.value("template", "") == "resolved_feedback";
    return asks_feedback ? "resolved_feedback" : "customer_update";
  }
  const core::Trigger* trigger = FindTrigger(policy, row.event);
  // A trigger that escalates says so first, SLA point or not: the receivers must learn
  // that the case is now theirs, not only that a deadline nears.
  if (trigger && Escalates(*trigger)) {
    return row.role == "assignee" ? "escalated_to_you" : "escalated_to_team";
  }
  if (trigger && trigger->when.sla) {
    return BeforeDeadline(*trigger->when.sla) ? "warning" : "breached";
  }
  return "notice";
}

std::expected<OutgoingNotification, ResolveFailure> ResolveNotification(
    StoreTx& tx, const core::Policy& policy, const OutboxRecord& row,
    const std::string& public_url) {
  const core::Channel* channel = policy.FindChannel(row.channel);
  if (!channel) {
    return Permanent(fmt::format("channel \"{}\" is not in the running policy", row.channel));
  }
  if (row.role == "digest") {
    OutgoingNotification n;
    n.outbox_id = row.id;
    n.kind = "digest";
    n.channel_id = row.channel;
    n.created_at = row.created_at;
    if (channel->type == core::ChannelType::kEmail) {
      auto address = EmailAddress(tx, row, nullptr);
      if (!address) return std::unexpected(address.error());
      n.address = *address;
    } else {
      n.address = row.recipient;
    }
    auto context = DigestContext(tx, policy, row, public_url);
    if (!context) return StoreFailure(context.error());
    n.context = std::move(*context);
    return n;
  }
  auto ticket = tx.FindTicket(row.ticket_id);
  if (!ticket) return StoreFailure(ticket.error());
  if (!*ticket) return Permanent(fmt::format("ticket {} does not exist", row.ticket_id));
  OutgoingNotification n;
  n.outbox_id = row.id;
  n.kind = NotificationKind(policy, row);
  n.channel_id = row.channel;
  n.ticket_key = (*ticket)->key;
  n.ticket_url = public_url.empty() ? "" : fmt::format("{}/tickets/{}", public_url, n.ticket_key);
  n.created_at = row.created_at;
  if (channel->type == core::ChannelType::kEmail) {
    auto address = EmailAddress(tx, row, &**ticket);
    if (!address) return std::unexpected(address.error());
    n.address = *address;
  } else {
    n.address = row.recipient;
  }
  n.context = TemplateContext(policy, row, **ticket, n.ticket_url).dump();
  return n;
}

}  // namespace esc::app
