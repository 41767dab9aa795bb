#include "storage/sqlite/ticket_rows.h"

#include <limits>

#include "storage/sqlite/row_binding.h"

namespace esc::storage {
namespace {

constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();

std::string JoinTags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& tag : tags) {
    if (!out.empty()) out += ',';
    out += tag;
  }
  return out;
}

std::vector<std::string> SplitTags(const std::string& text) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) tags.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return tags;
}

}  // namespace

const char* const kTicketColumns =
    "key, customer_id, requester_id, subject, description, category, impact, urgency, "
    "priority, channel, tier, status, open, team, level, assignee, tags, created_at, "
    "updated_at, version, idempotency_key, customer_replies, reopened, "
    "customer_asked_to_escalate, sentiment, customer_words, unassigned_since, last_update, "
    "acknowledged_at, team_since, reapplied_at, next_deadline, next_wakeup, sla_state, "
    "breached, resolved_at, closed_at, root_cause_category, root_cause, signoff_required, "
    "signoff_state, csat_rating, csat_comment, merged_into, arrived_by_escalation, "
    "queued_limit_scope, queued_limit_id, queued_type, queued_to_team, queued_to_level, "
    "queued_reason, queued_trigger, queued_by, queued_at, queued_sequence";

int TicketColumnCount() { return 55; }

void BindTicket(SQLite::Statement& statement, const app::TicketRecord& t) {
  Binder b(statement);
  b(t.key)(t.customer_id)(t.requester_id)(t.subject)(t.description)(t.category)(t.impact)(
      t.urgency)(t.priority)(t.channel)(t.tier)(std::string(core::ToString(t.status)))(
      !core::IsClosed(t.status))(t.team)(t.level)(t.assignee)(JoinTags(t.tags))(t.created_at)(
      t.updated_at)(t.version)(t.idempotency_key)(t.customer_replies)(t.reopened)(
      t.customer_asked_to_escalate)(t.sentiment)(t.customer_words)(t.unassigned_since)(
      t.last_update)(t.acknowledged_at)(t.team_since)(t.reapplied_at)(
      t.next_deadline ? core::ToEpochSeconds(*t.next_deadline) : kNoDeadline)(t.next_wakeup)(
      t.sla_state)(t.breached)(t.resolved_at)(t.closed_at)(t.root_cause_category)(t.root_cause)(
      t.signoff_required)(t.signoff_state)(t.csat_rating)(t.csat_comment)(t.merged_into)(
      t.arrived_by_escalation);
  const auto& q = t.queued_escalation;
  auto text = [&](std::string app::QueuedEscalation::*field) {
    return q ? std::optional<std::string>((*q).*field) : std::nullopt;
  };
  b(text(&app::QueuedEscalation::limit_scope))(text(&app::QueuedEscalation::limit_id))(
      text(&app::QueuedEscalation::type))(text(&app::QueuedEscalation::to_team))(
      text(&app::QueuedEscalation::to_level))(text(&app::QueuedEscalation::reason))(
      text(&app::QueuedEscalation::trigger))(text(&app::QueuedEscalation::by))(
      q ? std::optional<core::Instant>(q->queued_at) : std::nullopt)(
      q ? std::optional<std::int64_t>(q->sequence) : std::nullopt);
}

app::TicketRecord ReadTicket(SQLite::Statement& statement) {
  Reader r(statement);
  app::TicketRecord t;
  t.id = r.Int();
  t.key = r.Text();
  t.customer_id = r.Int();
  t.requester_id = r.Int();
  t.subject = r.Text();
  t.description = r.Text();
  t.category = r.Text();
  t.impact = r.Text();
  t.urgency = r.Text();
  t.priority = r.Text();
  t.channel = r.Text();
  t.tier = r.Text();
  t.status = core::ParseTicketStatus(r.Text()).value_or(core::TicketStatus::kOpen);
  r.Int();  // open: derived from status
  t.team = r.Text();
  t.level = r.Text();
  t.assignee = r.Text();
  t.tags = SplitTags(r.Text());
  t.created_at = r.At();
  t.updated_at = r.At();
  t.version = r.Int();
  t.idempotency_key = r.Text();
  t.customer_replies = r.SmallInt();
  t.reopened = r.Bool();
  t.customer_asked_to_escalate = r.Bool();
  t.sentiment = r.MaybeReal();
  t.customer_words = r.Text();
  t.unassigned_since = r.MaybeAt();
  t.last_update = r.At();
  t.acknowledged_at = r.MaybeAt();
  t.team_since = r.At();
  t.reapplied_at = r.MaybeAt();
  const std::int64_t deadline = r.Int();
  if (deadline != kNoDeadline) t.next_deadline = core::FromEpochSeconds(deadline);
  t.next_wakeup = r.MaybeAt();
  t.sla_state = r.Text();
  t.breached = r.Bool();
  t.resolved_at = r.MaybeAt();
  t.closed_at = r.MaybeAt();
  t.root_cause_category = r.Text();
  t.root_cause = r.Text();
  t.signoff_required = r.Bool();
  t.signoff_state = r.Text();
  if (auto rating = r.MaybeInt()) t.csat_rating = static_cast<int>(*rating);
  t.csat_comment = r.Text();
  t.merged_into = r.MaybeInt();
  t.arrived_by_escalation = r.Bool();
  auto scope = r.MaybeText();
  app::QueuedEscalation q;
  q.limit_id = r.Text();
  q.type = r.Text();
  q.to_team = r.Text();
  q.to_level = r.Text();
  q.reason = r.Text();
  q.trigger = r.Text();
  q.by = r.Text();
  auto queued_at = r.MaybeAt();
  q.sequence = r.MaybeInt().value_or(0);
  if (scope && queued_at) {
    q.limit_scope = std::move(*scope);
    q.queued_at = *queued_at;
    t.queued_escalation = std::move(q);
  }
  return t;
}

}  // namespace esc::storage
