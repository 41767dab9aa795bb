#include "api/json_views.h"

#include "core/rfc3339.h"

namespace esc::api {

using nlohmann::json;

std::string Time(app::Instant t) { return core::FormatRfc3339(t, core::Seconds{0}); }

json Time(const std::optional<app::Instant>& t) { return t ? json(Time(*t)) : json(); }

json QueuedEscalationJson(const std::optional<app::QueuedEscalation>& q) {
  if (!q) return json();
  return {{"type", q->type},
          {"to", {{"team", q->to_team}, {"level", q->to_level}}},
          {"reason", q->reason},
          {"trigger", q->trigger.empty() ? json() : json(q->trigger)},
          {"by", q->by},
          {"queued_at", Time(q->queued_at)},
          {"limit", json::object({{q->limit_scope, q->limit_id}})}};
}

json TicketJson(const app::TicketRecord& t, bool customer_view) {
  json out = {{"id", t.id},
              {"key", t.key},
              {"subject", t.subject},
              {"description", t.description},
              {"customer_id", t.customer_id},
              {"category", t.category},
              {"impact", t.impact},
              {"urgency", t.urgency},
              {"priority", t.priority},
              {"channel", t.channel},
              {"status", core::ToString(t.status)},
              {"created_at", Time(t.created_at)},
              {"updated_at", Time(t.updated_at)},
              {"version", t.version},
              {"resolved_at", Time(t.resolved_at)},
              {"closed_at", Time(t.closed_at)},
              {"merged_into", t.merged_into ? json(*t.merged_into) : json()},
              {"escalation_requested", t.customer_asked_to_escalate},
              // Resolved, with management's sign-off still to come (customers too: the
              // portal says so and asks for feedback only after it).
              {"awaiting_signoff", t.signoff_state == "pending"},
              {"feedback", t.csat_rating ? json{{"rating", *t.csat_rating}, {"comment", t.csat_comment}}
                                         : json()}};
  if (customer_view) return out;
  out["requester_id"] = t.requester_id;
  out["tier"] = t.tier;
  out["team"] = t.team;
  out["level"] = t.level;
  out["assignee"] = t.assignee.empty() ? json() : json(t.assignee);
  out["tags"] = t.tags;
  out["sentiment"] = t.sentiment ? json(*t.sentiment) : json();  // the latest customer message's
  out["sla"] = {{"state", t.sla_state},
                {"next_deadline", Time(t.next_deadline)},
                {"breached", t.breached}};
  out["next_wakeup"] = Time(t.next_wakeup);
  out["acknowledged_at"] = Time(t.acknowledged_at);
  out["unassigned_since"] = Time(t.unassigned_since);
  out["root_cause"] = t.root_cause_category.empty() && t.root_cause.empty()
                          ? json()
                          : json{{"category", t.root_cause_category}, {"text", t.root_cause}};
  out["signoff"] = {{"required", t.signoff_required},
                    {"state", t.signoff_state.empty() ? json() : json(t.signoff_state)}};
  out["queued_escalation"] = QueuedEscalationJson(t.queued_escalation);
  return out;
}

json MessageJson(const app::MessageRecord& m) {
  return {{"id", m.id},         {"ticket_id", m.ticket_id},         {"at", Time(m.at)},
          {"author", m.author}, {"from_customer", m.from_customer}, {"internal", m.internal},
          {"body", m.body},     {"channel", m.channel},
          {"sentiment", m.sentiment ? json(*m.sentiment) : json()}};
}

json AttachmentJson(const app::AttachmentRecord& a) {
  return {{"id", a.id},
          {"ticket_id", a.ticket_id},
          {"message_id", a.message_row ? json(*a.message_row) : json()},
          {"filename", a.filename},
          {"content_type", a.content_type},
          {"size", a.size},
          {"created_at", Time(a.created_at)}};
}

json QuarantineJson(const app::QuarantineRecord& q) {
  return {{"id", q.id},         {"received_at", Time(q.received_at)}, {"reason", q.reason},
          {"detail", q.detail}, {"sender", q.sender},                 {"size", q.size}};
}

json EscalationJson(const app::EscalationRecord& e) {
  return {{"id", e.id},
          {"ticket_id", e.ticket_id},
          {"at", Time(e.at)},
          {"type", e.type},
          {"from", {{"team", e.from_team}, {"level", e.from_level}}},
          {"to", {{"team", e.to_team}, {"level", e.to_level}}},
          {"reason", e.reason},
          {"trigger", e.trigger.empty() ? json() : json(e.trigger)},
          {"by", e.by},
          {"acknowledged_at", Time(e.acknowledged_at)},
          {"acknowledged_by", e.acknowledged_by.empty() ? json() : json(e.acknowledged_by)}};
}

json EventJson(const app::AuditEvent& e) {
  return {{"id", e.id},       {"ticket_id", e.ticket_id}, {"at", Time(e.at)},
          {"actor", e.actor}, {"kind", e.kind},           {"data", json::parse(e.data, nullptr, false)}};
}

json UserJson(const app::UserRecord& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"email", u.email},
          {"role", app::ToString(u.role)},
          {"customer_id", u.customer_id ? json(*u.customer_id) : json()},
          {"disabled", u.disabled},
          {"created_at", Time(u.created_at)}};
}

json CustomerJson(const app::CustomerRecord& c) {
  return {{"id", c.id}, {"name", c.name}, {"tier", c.tier}, {"created_at", Time(c.created_at)}};
}

json LinkJson(const app::LinkRecord& l) {
  return {{"id", l.id},
          {"ticket_id", l.ticket_id},
          {"kind", l.kind},
          {"title", l.title},
          {"url", l.url.empty() ? json() : json(l.url)},
          {"other_ticket", l.other_ticket ? json(*l.other_ticket) : json()},
          {"at", Time(l.at)},
          {"by", l.by}};
}

json OutboxJson(const app::OutboxRecord& o) {
  return {{"id", o.id},
          {"ticket_id", o.ticket_id},
          {"created_at", Time(o.created_at)},
          {"send_at", Time(o.send_at)},
          {"event", o.event},
          {"recipient", o.recipient},
          {"role", o.role.empty() ? json() : json(o.role)},
          {"channel", o.channel},
          {"state", o.state},
          {"attempts", o.attempts},
          {"next_attempt_at", o.state == "pending" ? json(Time(o.send_at)) : json()},
          {"last_attempt_at", Time(o.last_attempt_at)},
          {"sent_at", Time(o.sent_at)},
          {"error", o.last_error.empty() ? json() : json(o.last_error)},
          {"digest_id", o.digest_id ? json(*o.digest_id) : json()},
          {"payload", json::parse(o.payload, nullptr, false)}};
}

json ApiTokenJson(const app::ApiTokenRecord& t) {
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"name", t.name},
          {"created_at", Time(t.created_at)},
          {"last_used_at", Time(t.last_used_at)},
          {"revoked", t.revoked},
          {"scope", t.scope}};
}

}  // namespace esc::api
