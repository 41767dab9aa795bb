// TicketChange and the policy's limits on open escalations: an escalation checked against
// the counts in the database (queued, or let through with the manager told), a waiting
// escalation withdrawn or carried out, and the release of queues when a case leaves.
// The semantics are the simulator's (src/core/simulation/simulator.cpp); the verdict
// itself is core::CheckLimits. Where the simulator is silent or odd, the service chooses:
// the moving case is not counted against its own move (a sideways move within a full
// level is not held up by the case itself); de-escalations are neither limited nor
// counted; a queue limit wins over a notify_manager one (no manager is told of an
// escalation that waits); any move of the case, resolving or closing it withdraws what
// waits.
#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "app/service/ticket_change.h"
#include "core/engine/escalation_target.h"
#include "core/engine/limits.h"
#include "core/engine/notification_plan.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

using nlohmann::json;

// Queued escalations one transaction carries out at most: a bound on the cascade (each
// one that goes ahead may free a place elsewhere); what is left waits for the next leave.
constexpr int kMaxReleases = 1000;

std::string Rfc3339(Instant t) { return core::FormatRfc3339(t, core::Seconds{0}); }

json LimitJson(const std::string& scope, const std::string& id) {
  return json::object({{scope, id}});
}

json LimitJson(const core::Limit& limit, std::int64_t open) {
  json out = LimitJson(std::string(core::LimitScope(limit)), core::LimitSubject(limit));
  out["max_open_escalations"] = limit.max_open_escalations;
  out["beyond"] = limit.beyond == core::OverloadAction::kQueue ? "queue" : "notify_manager";
  out["open"] = open;
  return out;
}

bool Counts(const TicketRecord& t) {
  return t.id != 0 && t.arrived_by_escalation && !core::IsClosed(t.status) && !t.merged_into;
}

}  // namespace

Result<TicketChange::EscalationOutcome> TicketChange::Escalate(
    const std::string& team, const std::string& type, const std::string& reason,
    const std::string& trigger, const std::string& by, std::optional<Instant> queued_at) {
  auto policy = context_->policies.Current();
  const core::Team* target = policy->FindTeam(team);
  if (!target) {
    return std::unexpected(
        core::Error::NotFound(fmt::format("no team \"{}\" in the policy", team), "team"));
  }
  EscalationOutcome outcome;
  if (type == core::ToString(core::EscalationType::kDeescalation)) {
    if (auto ok = MoveTo(team, type, reason, trigger, by, queued_at); !ok) {
      return std::unexpected(ok.error());
    }
    return outcome;
  }
  std::vector<core::LimitLoad> loads;
  for (const core::Limit* limit : core::LimitsOn(*policy, target->level, target->id)) {
    auto open = tx_->CountOpenEscalations(std::string(core::LimitScope(*limit)),
                                          core::LimitSubject(*limit), ticket_.id);
    if (!open) return std::unexpected(open.error());
    loads.push_back({limit, *open});
  }
  const core::LimitVerdict verdict = core::CheckLimits(loads);

  if (verdict.queue) {
    const core::Limit& limit = *verdict.queue;
    const std::string scope(core::LimitScope(limit));
    const std::string& id = core::LimitSubject(limit);
    if (ticket_.queued_escalation && ticket_.queued_escalation->limit_scope == scope &&
        ticket_.queued_escalation->limit_id == id) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("{} already waits in the queue of {} (since {}) for an escalation to "
                      "team \"{}\"",
                      ticket_.key, core::DescribeLimit(limit),
                      Rfc3339(ticket_.queued_escalation->queued_at),
                      ticket_.queued_escalation->to_team),
          "to"));
    }
    if (ticket_.queued_escalation) CancelQueued("replaced by a new escalation");
    auto sequence = tx_->NextQueueSequence();
    if (!sequence) return std::unexpected(sequence.error());
    const auto open = std::find_if(loads.begin(), loads.end(), [&](const core::LimitLoad& l) {
                        return l.limit == &limit;
                      })->open;
    ticket_.queued_escalation = QueuedEscalation{scope,  id,      type, target->id, target->level,
                                                 reason, trigger, by,   now_,       *sequence};
    Event("escalation_queued",
          {{"type", type},
           {"from_team", ticket_.team},
           {"from_level", ticket_.level},
           {"to_team", target->id},
           {"to_level", target->level},
           {"reason", reason},
           {"trigger", trigger},
           {"limit", LimitJson(limit, open)}},
          false, by);
    outcome.queued = true;
    outcome.note = fmt::format(
        "{} is at its limit of {} open escalations: the escalation to team \"{}\" waits in its "
        "queue",
        core::DescribeLimit(limit), limit.max_open_escalations, target->id);
    return outcome;
  }

  if (auto ok = MoveTo(team, type, reason, trigger, by, queued_at); !ok) {
    return std::unexpected(ok.error());
  }
  for (const core::LimitLoad& load : verdict.exceeded) {
    const core::NotifyContext notify_context{target, "", "", ticket_.priority, "customer"};
    auto plan =
        PlanFor(*policy, core::NotifyAction{{core::RecipientRole::kManager}, {}, {}}, notify_context);
    if (!plan) return std::unexpected(plan.error());
    const auto& planned = *plan;
    const std::string explanation = fmt::format(
        "{} is beyond its limit of {} open escalations ({} open before this one): the "
        "escalation went ahead to team \"{}\"",
        core::DescribeLimit(*load.limit), load.limit->max_open_escalations, load.open, target->id);
    json notified = json::array();
    for (const auto& n : planned) {
      OutboxRecord row;
      row.ticket_id = ticket_.id;
      row.created_at = now_;
      row.send_at = n.send_at;
      row.event = "limit_exceeded";
      row.recipient = n.recipient;
      row.role = n.role ? std::string(core::ToString(*n.role)) : "";
      row.channel = n.channel;
      row.payload = json{
          {"ticket", ticket_.key},
          {"subject", ticket_.subject},
          {"to_team", target->id},
          {"limit", LimitJson(*load.limit, load.open)},
          {"explanation",
           explanation}}.dump();
      outbox_.push_back(std::move(row));
      notified.push_back({{"recipient", n.recipient},
                          {"channel", n.channel},
                          {"send_at", Rfc3339(n.send_at)},
                          {"held", n.held}});
    }
    Event("escalation_limit_exceeded",
          {{"to_team", target->id},
           {"to_level", target->level},
           {"limit", LimitJson(*load.limit, load.open)},
           {"explanation", explanation},
           {"notified", std::move(notified)}},
          true, "system");
    if (!outcome.note.empty()) outcome.note += "; ";
    outcome.note +=
        planned.empty()
            ? fmt::format(
                  "{} is beyond its limit of {} open escalations; team \"{}\" "
                  "has no manager to tell",
                  core::DescribeLimit(*load.limit), load.limit->max_open_escalations, target->id)
            : fmt::format(
                  "{} is beyond its limit of {} open escalations: the manager "
                  "is told",
                  core::DescribeLimit(*load.limit), load.limit->max_open_escalations);
  }
  return outcome;
}

void TicketChange::CancelQueued(const std::string& why) {
  if (!ticket_.queued_escalation) return;
  const QueuedEscalation q = std::move(*ticket_.queued_escalation);
  ticket_.queued_escalation.reset();
  Event("queued_escalation_cancelled", {{"reason", why},
                                        {"type", q.type},
                                        {"to_team", q.to_team},
                                        {"to_level", q.to_level},
                                        {"trigger", q.trigger},
                                        {"queued_at", Rfc3339(q.queued_at)},
                                        {"limit", LimitJson(q.limit_scope, q.limit_id)}});
}

Result<void> TicketChange::GoAhead() {
  if (!ticket_.queued_escalation) return {};
  const QueuedEscalation q = *ticket_.queued_escalation;
  if (q.to_team == ticket_.team) {
    CancelQueued(fmt::format("team \"{}\" already holds the case", q.to_team));
    return {};
  }
  ticket_.queued_escalation.reset();
  auto outcome = Escalate(q.to_team, q.type, q.reason, q.trigger, q.by, q.queued_at);
  if (outcome) return {};
  if (outcome.error().code != core::ErrorCode::kNotFound) return std::unexpected(outcome.error());
  // The team left the policy while the escalation waited: nothing to carry out.
  ticket_.queued_escalation = q;
  CancelQueued(outcome.error().message);
  return {};
}

std::vector<LimitKey> TicketChange::Freed() const {
  std::vector<LimitKey> freed;
  if (!Counts(before_)) return freed;
  const bool counts = Counts(ticket_);
  if (!before_.level.empty() && (!counts || ticket_.level != before_.level)) {
    freed.push_back({"level", before_.level});
  }
  if (!before_.team.empty() && (!counts || ticket_.team != before_.team)) {
    freed.push_back({"team", before_.team});
  }
  return freed;
}

Result<void> TicketChange::ReleaseQueues(ServiceContext& context, StoreTx& tx,
                                         std::vector<LimitKey> freed) {
  auto policy = context.policies.Current();
  std::deque<LimitKey> work(freed.begin(), freed.end());
  int budget = kMaxReleases;
  while (!work.empty()) {
    const LimitKey key = std::move(work.front());
    work.pop_front();
    // The room under the key's `queue` limits (the tightest); none left in the policy
    // (reloaded since the escalations queued): they all go ahead.
    std::optional<int> max;
    for (const core::Limit& limit : policy->limits) {
      if (limit.beyond != core::OverloadAction::kQueue || core::LimitScope(limit) != key.scope ||
          core::LimitSubject(limit) != key.id) {
        continue;
      }
      max = std::min(max.value_or(limit.max_open_escalations), limit.max_open_escalations);
    }
    for (;;) {
      if (max) {
        auto open = tx.CountOpenEscalations(key.scope, key.id, 0);
        if (!open) return std::unexpected(open.error());
        if (*open >= *max) break;
      }
      auto next = tx.OldestQueued(key.scope, key.id);
      if (!next) return std::unexpected(next.error());
      if (!*next || budget-- <= 0) break;
      auto change = Begin(context, tx, std::move(**next), Actor::System());
      if (!change) return std::unexpected(change.error());
      change->releasing_ = true;
      if (auto ok = change->GoAhead(); !ok) return ok;
      if (auto ok = change->Save(); !ok) return ok;
      for (auto& more : change->freed_) {
        if (std::find(work.begin(), work.end(), more) == work.end()) work.push_back(more);
      }
    }
  }
  return {};
}

}  // namespace esc::app
