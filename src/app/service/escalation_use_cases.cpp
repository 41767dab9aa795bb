// Manual escalation, de-escalation, acknowledgement, and the customer's request to
// escalate: the TicketService use cases that move a case between teams and levels.
#include <fmt/format.h>

#include "app/service/ticket_service.h"
#include "core/engine/escalation_target.h"
#include "core/engine/limits.h"

namespace esc::app {
namespace {

using core::EscalationKind;

// "next_level", a team id or a level id as the policy's escalate action.
Result<core::EscalateAction> ActionFor(const core::Policy& policy, const std::string& to) {
  if (to == "next_level") return core::EscalateAction{EscalationKind::kNextLevel, ""};
  if (policy.FindTeam(to)) return core::EscalateAction{EscalationKind::kToTeam, to};
  if (policy.FindLevel(to)) return core::EscalateAction{EscalationKind::kToLevel, to};
  return std::unexpected(core::Error::Invalid(
      fmt::format("\"{}\" is neither next_level, a team nor a level of the policy", to), "to"));
}

// The level the actor acts with: their team's, else (managers without a team) the top.
std::string ActingLevel(const core::Policy& policy, const Actor& actor) {
  std::string level = LevelOf(policy, actor.username);
  if (level.empty() && IsSupervisorOrAbove(actor) && !policy.levels.empty()) {
    level = actor.role == Role::kSupervisor ? policy.levels.front().id : policy.levels.back().id;
  }
  return level;
}

Result<void> RequireOpen(const TicketRecord& t) {
  if (core::IsClosed(t.status) || t.merged_into) {
    return std::unexpected(core::Error::Conflict(
        fmt::format("{} is {}: reopen it before escalating", t.key, core::ToString(t.status)),
        "status"));
  }
  return {};
}

Result<void> MoveManually(TicketChange& change, const core::Policy& policy, const Actor& actor,
                          const EscalationRequest& request, bool down) {
  TicketRecord& t = change.ticket();
  if (auto ok = RequireOpen(t); !ok) return ok;
  auto action = ActionFor(policy, request.to);
  if (!action) return std::unexpected(action.error());
  const std::string level = ActingLevel(policy, actor);
  if (level.empty()) {
    return std::unexpected(core::Error::Forbidden(fmt::format(
        "{} is not in any team of the policy, so has no level to escalate from", actor.username)));
  }
  auto target = core::CheckManualEscalation(policy, t.category, t.team,
                                            core::ManualEscalation{level, request.reason, *action});
  if (!target) {
    core::Error error = target.error();
    if (error.where.empty()) error.where = "to";
    return std::unexpected(error);
  }
  const bool is_down = target->type == core::EscalationType::kDeescalation;
  if (down != is_down) {
    return std::unexpected(core::Error::Invalid(
        down ? "that move goes up or sideways: use escalate"
             : "that move goes down a level: use deescalate",
        "to"));
  }
  const std::string team = core::ReceivingTeam(policy, *target, t.category);
  if (team.empty() || team == t.team) {
    return std::unexpected(
        core::Error::Conflict(fmt::format("team \"{}\" already holds {}", t.team, t.key), "to"));
  }
  // Under the policy's limits: beyond a `queue` limit the escalation waits (the ticket's
  // queued_escalation says for what), which the API answers with 202.
  auto outcome = change.Escalate(team, std::string(core::ToString(target->type)), request.reason,
                                 "", actor.username);
  if (!outcome) return std::unexpected(outcome.error());
  return {};
}

}  // namespace

Result<TicketRecord> TicketService::Escalate(const Actor& actor, Id id,
                                             const EscalationRequest& request) {
  if (!actor.staff()) {
    return std::unexpected(core::Error::Forbidden(
        "customers ask for an escalation with POST /tickets/{id}/escalation-request"));
  }
  auto policy = context_.policies.Current();
  return Change(actor, id, [&](TicketChange& change) {
    return MoveManually(change, *policy, actor, request, false);
  });
}

Result<EscalationPreview> TicketService::PreviewEscalation(const Actor& actor, Id id,
                                                          const std::string& to) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("staff only"));
  auto policy = context_.policies.Current();
  EscalationPreview preview;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto found = Find(tx, actor, id);
    if (!found) return std::unexpected(found.error());
    const TicketRecord& t = *found;
    preview.from_team = t.team;
    preview.from_level = t.level;
    preview.acting_level = ActingLevel(*policy, actor);
    auto refuse = [&](core::Error error) -> Result<void> {
      preview.allowed = false;
      preview.refusal = std::move(error);
      return {};
    };
    if (auto open = RequireOpen(t); !open) return refuse(open.error());
    auto action = ActionFor(*policy, to);
    if (!action) return std::unexpected(action.error());
    if (preview.acting_level.empty()) {
      return refuse(core::Error::Forbidden(fmt::format(
          "{} is not in any team of the policy, so has no level to escalate from",
          actor.username)));
    }
    // The reason is the dialog's to fill in; a placeholder passes its check here.
    auto target = core::CheckManualEscalation(
        *policy, t.category, t.team, core::ManualEscalation{preview.acting_level, "preview", *action});
    if (!target) return refuse(target.error());
    preview.type = std::string(core::ToString(target->type));
    preview.to_team = core::ReceivingTeam(*policy, *target, t.category);
    const core::Team* team = policy->FindTeam(preview.to_team);
    if (!team || preview.to_team == t.team) {
      return refuse(core::Error::Conflict(
          fmt::format("team \"{}\" already holds {}", t.team, t.key), "to"));
    }
    preview.to_level = team->level;
    preview.members = team->members;
    preview.lead = team->lead.value_or("");
    preview.manager = team->manager.value_or("");
    preview.on_call = context_.routing.OnCall(team->id, context_.clock.Now());
    preview.allowed = true;
    if (target->type == core::EscalationType::kDeescalation) return {};
    std::vector<core::LimitLoad> loads;
    for (const core::Limit* limit : core::LimitsOn(*policy, team->level, team->id)) {
      auto open = tx.CountOpenEscalations(std::string(core::LimitScope(*limit)),
                                         core::LimitSubject(*limit), t.id);
      if (!open) return std::unexpected(open.error());
      loads.push_back({limit, *open});
    }
    const core::LimitVerdict verdict = core::CheckLimits(loads);
    if (verdict.queue) {
      preview.limit_effect = "queue";
      preview.limit = core::DescribeLimit(*verdict.queue);
    } else if (!verdict.exceeded.empty()) {
      preview.limit_effect = "notify_manager";
      preview.limit = core::DescribeLimit(*verdict.exceeded.front().limit);
    }
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return preview;
}

Result<TicketRecord> TicketService::Deescalate(const Actor& actor, Id id,
                                               const EscalationRequest& request) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("staff only"));
  auto policy = context_.policies.Current();
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    EscalationRequest down = request;
    if (down.to.empty()) {
      const auto& history = change.escalations();
      if (history.empty()) {
        return std::unexpected(
            core::Error::Conflict("the ticket was never escalated: nothing to go back to", "to"));
      }
      down.to = history.back().from_team;
    }
    return MoveManually(change, *policy, actor, down, true);
  });
}

Result<TicketRecord> TicketService::Acknowledge(const Actor& actor, Id id) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("staff only"));
  auto policy = context_.policies.Current();
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    TicketRecord& t = change.ticket();
    const core::Team* team = policy->FindTeam(t.team);
    const bool receiver =
        t.assignee == actor.username ||
        (team && (std::find(team->members.begin(), team->members.end(), actor.username) !=
                      team->members.end() ||
                  team->lead == actor.username || team->manager == actor.username));
    if (!receiver && !IsSupervisorOrAbove(actor)) {
      return std::unexpected(core::Error::Forbidden(fmt::format(
          "only team \"{}\" (or a supervisor) acknowledges its escalations", t.team)));
    }
    const auto& history = change.escalations();
    if (history.empty() || history.back().acknowledged_at) {
      return std::unexpected(
          core::Error::Conflict(fmt::format("{} has no escalation waiting to be acknowledged", t.key)));
    }
    EscalationRecord last = history.back();
    last.acknowledged_at = change.now();
    last.acknowledged_by = actor.username;
    if (last.id != 0) {
      auto& tx = change.tx();
      if (auto ok = tx.UpdateEscalation(last); !ok) return ok;
    }
    t.acknowledged_at = change.now();
    if (t.assignee.empty() && team &&
        std::find(team->members.begin(), team->members.end(), actor.username) !=
            team->members.end()) {
      t.assignee = actor.username;
      t.unassigned_since.reset();
    }
    change.Event("acknowledged", {{"escalation_id", last.id}, {"team", t.team}});
    return {};
  });
}

Result<TicketRecord> TicketService::RequestEscalation(const Actor& actor, Id id,
                                                      const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return std::unexpected(core::Error::Invalid("a request to escalate needs a reason", "reason"));
  }
  if (reason.size() > 4000) {
    return std::unexpected(core::Error::Invalid("reason has more than 4000 characters", "reason"));
  }
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    TicketRecord& t = change.ticket();
    if (auto ok = RequireOpen(t); !ok) return ok;
    t.customer_asked_to_escalate = true;
    change.Event("escalation_requested", {{"reason", reason}});
    return {};
  });
}

Result<std::vector<EscalationRecord>> TicketService::Escalations(const Actor& actor, Id id) {
  std::vector<EscalationRecord> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto ticket = Find(tx, actor, id);
    if (!ticket) return std::unexpected(ticket.error());
    auto rows = tx.Escalations(id);
    if (!rows) return std::unexpected(rows.error());
    result = std::move(*rows);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

}  // namespace esc::app
