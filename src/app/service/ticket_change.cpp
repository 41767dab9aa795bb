#include "app/service/ticket_change.h"

#include <fmt/format.h>

#include <algorithm>

#include "app/service/customer_updates.h"
#include "app/service/ticket_facts.h"
#include "core/engine/escalation_target.h"
#include "core/engine/evaluate.h"
#include "core/engine/notification_plan.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

using nlohmann::json;

constexpr int kMaxEngineRounds = 8;

std::string Rfc3339(Instant t) { return core::FormatRfc3339(t, core::Seconds{0}); }

// What a live event shows of its ticket, as it was committed.
struct LiveTicket {
  Id id = 0;
  std::string key;
  Id customer_id = 0;
  core::TicketStatus status = core::TicketStatus::kNew;
  std::string team;
  std::string level;
  std::string sla_state;
  std::int64_t version = 0;
};

LiveEvent MakeLiveEvent(const LiveTicket& ticket, const AuditEvent& e, bool internal) {
  LiveEvent event;
  event.type = "ticket." + e.kind;
  event.ticket_id = ticket.id;
  event.customer_id = ticket.customer_id;
  event.internal = internal;
  event.data = json{{"ticket_id", ticket.id},
                    {"key", ticket.key},
                    {"event_id", e.id},
                    {"at", Rfc3339(e.at)},
                    {"actor", e.actor},
                    {"status", core::ToString(ticket.status)},
                    {"team", ticket.team},
                    {"level", ticket.level},
                    {"sla_state", ticket.sla_state},
                    {"version", ticket.version},
                    {"data", json::parse(e.data)}}
                   .dump();
  event.public_data = json{{"ticket_id", ticket.id},
                           {"key", ticket.key},
                           {"at", Rfc3339(e.at)},
                           {"status", core::ToString(ticket.status)}}
                          .dump();
  return event;
}

}  // namespace

TicketChange::TicketChange(ServiceContext& context, StoreTx& tx, TicketRecord ticket,
                           const Actor& actor)
    : context_(&context),
      tx_(&tx),
      ticket_(std::move(ticket)),
      before_(ticket_),
      actor_(actor),
      now_(context.clock.Now()) {}

Result<TicketChange> TicketChange::Begin(ServiceContext& context, StoreTx& tx, TicketRecord ticket,
                                         const Actor& actor) {
  TicketChange change(context, tx, std::move(ticket), actor);
  if (change.ticket_.id != 0) {
    auto events = tx.Events(change.ticket_.id);
    if (!events) return std::unexpected(events.error());
    change.events_ = std::move(*events);
    auto fired = tx.Fired(change.ticket_.id);
    if (!fired) return std::unexpected(fired.error());
    change.fired_ = std::move(*fired);
  }
  change.first_new_event_ = change.events_.size();
  change.first_new_fired_ = change.fired_.size();
  return change;
}

const std::vector<EscalationRecord>& TicketChange::escalations() {
  if (!escalations_) {
    escalations_.emplace();
    if (ticket_.id != 0) {
      auto stored = tx_->Escalations(ticket_.id);
      if (stored) *escalations_ = std::move(*stored);
    }
    escalations_->insert(escalations_->end(), new_escalations_.begin(), new_escalations_.end());
  }
  return *escalations_;
}

void TicketChange::Event(std::string kind, json data, bool internal, std::string actor) {
  AuditEvent event;
  event.ticket_id = ticket_.id;
  event.at = now_;
  event.actor = actor.empty() ? actor_.username : std::move(actor);
  event.kind = std::move(kind);
  event.data = data.dump();
  events_.push_back(std::move(event));
  internal_.push_back(internal);
}

void TicketChange::SetStatus(core::TicketStatus status) {
  if (status == ticket_.status) return;
  Event("status_changed", {{"from", core::ToString(ticket_.status)}, {"to", core::ToString(status)}});
  ticket_.status = status;
  if (status == core::TicketStatus::kResolved) ticket_.resolved_at = now_;
  if (status == core::TicketStatus::kClosed) ticket_.closed_at = now_;
  if (core::IsClosed(status) && ticket_.queued_escalation) {
    CancelQueued(fmt::format("the case was {}", core::ToString(status)));
  }
  if (status == core::TicketStatus::kReopened) {
    ticket_.reopened = true;
    ticket_.closed_at.reset();
    // Back with its team, but not escalated again: no longer an open escalation there.
    ticket_.arrived_by_escalation = false;
  }
}

Result<void> TicketChange::MoveTo(const std::string& team, const std::string& type,
                                  const std::string& reason, const std::string& trigger,
                                  const std::string& by, std::optional<Instant> queued_at) {
  auto policy = context_->policies.Current();
  const core::Team* target = policy->FindTeam(team);
  if (!target) {
    return std::unexpected(core::Error::NotFound(fmt::format("no team \"{}\" in the policy", team), "team"));
  }
  // Routing a case to a member of the team that holds it is not a move (assign actions).
  const bool same_team = target->id == ticket_.team;
  if (ticket_.queued_escalation && !same_team) {
    CancelQueued(fmt::format("the case moved to team \"{}\"", target->id));
  }
  const std::string from_team = ticket_.team, from_level = ticket_.level;
  const bool down = type == core::ToString(core::EscalationType::kDeescalation);
  context_->routing.Release(ticket_.assignee);
  ticket_.team = target->id;
  ticket_.level = target->level;
  ticket_.assignee = context_->routing.Assign(target->id, now_);
  ticket_.unassigned_since =
      ticket_.assignee.empty() ? std::optional<Instant>(now_) : std::nullopt;
  ticket_.team_since = now_;
  // Limits count escalations up or across; a case handed back down or assigned does not.
  if (!type.empty()) {
    ticket_.arrived_by_escalation = !down;
  } else if (!same_team) {
    ticket_.arrived_by_escalation = false;
  }
  json data = {{"from_team", from_team}, {"from_level", from_level}, {"to_team", ticket_.team},
               {"to_level", ticket_.level}, {"assignee", ticket_.assignee}};
  if (type.empty()) {
    Event("assigned", std::move(data), false, by);
    return {};
  }
  EscalationRecord record;
  record.ticket_id = ticket_.id;
  record.at = now_;
  record.type = type;
  record.from_team = from_team;
  record.from_level = from_level;
  record.to_team = ticket_.team;
  record.to_level = ticket_.level;
  record.reason = reason;
  record.trigger = trigger;
  record.by = by;
  new_escalations_.push_back(record);
  if (escalations_) escalations_->push_back(record);
  data["type"] = type;
  data["reason"] = reason;
  data["trigger"] = trigger;
  if (queued_at) data["queued_at"] = Rfc3339(*queued_at);
  Event(down ? "deescalated" : "escalated", std::move(data), false, by);
  return {};
}

Result<std::vector<core::PlannedNotification>> TicketChange::PlanFor(
    const core::Policy& policy, const core::NotifyAction& action,
    const core::NotifyContext& context) {
  auto planned = core::PlanNotifications(policy, action, context, now_);
  std::vector<std::string> people;
  for (const auto& n : planned) {
    if (n.role == core::RecipientRole::kCustomer) continue;
    if (std::find(people.begin(), people.end(), n.recipient) == people.end()) {
      people.push_back(n.recipient);
    }
  }
  if (people.empty()) return planned;
  auto preferences = tx_->PreferencesOf(people);
  if (!preferences) return std::unexpected(preferences.error());
  if (preferences->empty()) return planned;
  return core::ApplyPreferences(policy, std::move(planned), context, *preferences, now_);
}

Result<bool> TicketChange::ApplyDecisions(const core::Policy& policy,
                                          const core::Evaluation& evaluation) {
  bool changed = false;
  for (const core::Decision& d : evaluation.decisions) {
    fired_.push_back(FiredRecord{ticket_.id, d.trigger, d.occurrence, d.repeat, now_,
                                 d.policy_version});
    json notified = json::array(), notes = json::array();
    for (const core::TriggerAction& action : d.actions) {
      if (d.repeat > 0 && !std::holds_alternative<core::NotifyAction>(action)) continue;
      if (const auto* escalate = std::get_if<core::EscalateAction>(&action)) {
        if (ticket_.queued_escalation) {
          notes.push_back(fmt::format("an escalation to team \"{}\" already waits in a queue",
                                      ticket_.queued_escalation->to_team));
          continue;
        }
        auto target = core::ResolveEscalation(policy, ticket_.category, ticket_.team, *escalate);
        if (!target) {
          notes.push_back(target.error().message);
          continue;
        }
        const std::string team = core::ReceivingTeam(policy, *target, ticket_.category);
        if (team.empty() || team == ticket_.team) {
          notes.push_back(fmt::format("team \"{}\" already holds the case", ticket_.team));
          continue;
        }
        auto outcome = Escalate(team, std::string(core::ToString(target->type)), d.explanation,
                                d.trigger, "system");
        if (!outcome) return std::unexpected(outcome.error());
        if (!outcome->note.empty()) notes.push_back(outcome->note);
        changed = changed || !outcome->queued;
      } else if (const auto* notify = std::get_if<core::NotifyAction>(&action)) {
        const bool to_on_call = std::find(notify->roles.begin(), notify->roles.end(),
                                          core::RecipientRole::kOnCall) != notify->roles.end();
        core::NotifyContext notify_context{
            policy.FindTeam(ticket_.team), ticket_.assignee,
            to_on_call ? context_->routing.OnCall(ticket_.team, now_) : "", ticket_.priority,
            "customer"};
        auto plan = PlanFor(policy, *notify, notify_context);
        if (!plan) return std::unexpected(plan.error());
        for (const auto& planned : *plan) {
          OutboxRecord row;
          row.ticket_id = ticket_.id;
          row.created_at = now_;
          row.send_at = planned.send_at;
          row.event = d.trigger;
          row.recipient = planned.recipient;
          row.role = planned.role ? std::string(core::ToString(*planned.role)) : "";
          row.channel = planned.channel;
          row.payload = json{{"ticket", ticket_.key},
                             {"subject", ticket_.subject},
                             {"trigger", d.trigger},
                             {"repeat", d.repeat},
                             {"explanation", d.explanation}}
                            .dump();
          outbox_.push_back(std::move(row));
          notified.push_back({{"recipient", planned.recipient},
                              {"channel", planned.channel},
                              {"send_at", Rfc3339(planned.send_at)},
                              {"held", planned.held}});
        }
      } else if (const auto* priority = std::get_if<core::SetPriorityAction>(&action)) {
        if (priority->priority != ticket_.priority) {
          Event("field_changed",
                {{"field", "priority"}, {"from", ticket_.priority}, {"to", priority->priority}},
                false, "system");
          ticket_.priority = priority->priority;
          changed = true;
        }
      } else if (const auto* assign = std::get_if<core::AssignAction>(&action)) {
        if (assign->team != ticket_.team || ticket_.assignee.empty()) {
          auto moved = MoveTo(assign->team, "", d.explanation, d.trigger, "system");
          if (!moved) return std::unexpected(moved.error());
          changed = true;
        }
      } else if (const auto* tag = std::get_if<core::TagAction>(&action)) {
        if (std::find(ticket_.tags.begin(), ticket_.tags.end(), tag->tag) == ticket_.tags.end()) {
          ticket_.tags.push_back(tag->tag);
          Event("tagged", {{"tag", tag->tag}}, true, "system");
        }
      } else if (std::holds_alternative<core::RequireSignoffAction>(action)) {
        if (!ticket_.signoff_required) {
          ticket_.signoff_required = true;
          Event("signoff_required", {{"trigger", d.trigger}}, true, "system");
        }
      }
    }
    Event("trigger_fired",
          {{"trigger", d.trigger},
           {"occurrence", d.occurrence},
           {"repeat", d.repeat},
           {"due_at", Rfc3339(d.due_at)},
           {"explanation", d.explanation},
           {"policy_version", d.policy_version},
           {"notified", std::move(notified)},
           {"notes", std::move(notes)}},
          true, "system");
  }
  return changed;
}

Result<void> TicketChange::PlanCustomerUpdates(const core::Policy& policy) {
  if (!policy.customer_updates || first_new_event_ >= events_.size()) return {};
  const std::vector<AuditEvent> added(
      events_.begin() + static_cast<std::ptrdiff_t>(first_new_event_), events_.end());
  const bool may_concern = std::any_of(added.begin(), added.end(), [](const AuditEvent& e) {
    return e.kind == "created" || e.kind == "escalated" || e.kind == "sla_breached" ||
           e.kind == "status_changed" || e.kind == "signoff_approved";
  });
  if (!may_concern) return {};
  auto requester = tx_->FindUser(ticket_.requester_id);
  if (!requester) return std::unexpected(requester.error());
  if (!*requester) return {};
  const CustomerUpdateContext context{*policy.customer_updates, ticket_, **requester, now_,
                                      context_->feedback_url, context_->portal_url};
  for (auto& row : app::PlanCustomerUpdates(context, added)) outbox_.push_back(std::move(row));
  return {};
}

Result<void> TicketChange::RecordBreaches(const std::vector<std::string>& overdue) {
  for (const auto& target : overdue) {
    const bool known = std::any_of(events_.begin(), events_.end(), [&](const AuditEvent& e) {
      if (e.kind != "sla_breached") return false;
      auto data = json::parse(e.data, nullptr, false);
      return data.is_object() && data.value("target", "") == target;
    });
    if (!known) Event("sla_breached", {{"target", target}}, false, "system");
  }
  return {};
}

Result<void> TicketChange::Save() {
  auto policy = context_->policies.Current();
  const auto lookup = context_->policies.Lookup();
  ticket_.updated_at = now_;
  std::optional<Instant> engine_wakeup;
  for (int round = 0; round < kMaxEngineRounds; ++round) {
    const core::TicketFacts facts = BuildFacts(ticket_, events_, fired_);
    auto evaluation = core::Evaluate(facts, *policy, now_, lookup);
    if (!evaluation) {
      Event("engine_error", {{"message", evaluation.error().ToString()}}, true, "system");
      break;
    }
    engine_wakeup = evaluation->next_wakeup;
    if (evaluation->decisions.empty()) break;
    auto changed = ApplyDecisions(*policy, *evaluation);
    if (!changed) return std::unexpected(changed.error());
    if (!*changed) break;
  }
  auto sla = ComputeSla(*policy, BuildFacts(ticket_, events_, fired_), now_);
  if (!sla) {
    Event("engine_error", {{"message", sla.error().ToString()}}, true, "system");
    sla = SlaSnapshot{};
  }
  if (auto ok = RecordBreaches(sla->overdue); !ok) return ok;
  ticket_.next_deadline = sla->next_deadline;
  ticket_.sla_state = sla->state;
  ticket_.breached = ticket_.breached || sla->breached;
  std::optional<Instant> wake = engine_wakeup;
  if (sla->next_change && (!wake || *sla->next_change < *wake)) wake = sla->next_change;
  ticket_.next_wakeup = wake;

  if (ticket_.id == 0) {
    ticket_.version = 1;
    auto id = tx_->InsertTicket(ticket_);
    if (!id) return std::unexpected(id.error());
    for (auto& e : events_) e.ticket_id = *id;
    for (auto& f : fired_) f.ticket_id = *id;
    for (auto& o : outbox_) {
      o.ticket_id = *id;
      auto payload = json::parse(o.payload);
      payload["ticket"] = ticket_.key;
      o.payload = payload.dump();
    }
    for (auto& e : new_escalations_) e.ticket_id = *id;
  } else {
    ++ticket_.version;
    if (auto ok = tx_->UpdateTicket(ticket_); !ok) return ok;
  }
  if (auto ok = PlanCustomerUpdates(*policy); !ok) return ok;
  for (std::size_t i = first_new_event_; i < events_.size(); ++i) {
    auto id = tx_->AppendEvent(events_[i]);
    if (!id) return std::unexpected(id.error());
    events_[i].id = *id;
  }
  for (std::size_t i = first_new_fired_; i < fired_.size(); ++i) {
    if (auto ok = tx_->InsertFired(fired_[i]); !ok) return ok;
  }
  for (const auto& e : new_escalations_) {
    if (auto id = tx_->InsertEscalation(e); !id) return std::unexpected(id.error());
  }
  for (const auto& o : outbox_) {
    if (auto id = tx_->InsertOutbox(o); !id) return std::unexpected(id.error());
  }
  if (!outbox_.empty() && context_->outbox_changed) {
    tx_->AfterCommit([context = context_] { context->outbox_changed(); });
  }

  // The live events are built after the commit, off the store's writer thread, from a
  // copy of what they show.
  std::vector<AuditEvent> stored(events_.begin() + static_cast<std::ptrdiff_t>(first_new_event_),
                                 events_.end());
  tx_->AfterCommit([context = context_, ticket = LiveTicket{ticket_.id, ticket_.key,
                                                            ticket_.customer_id, ticket_.status,
                                                            ticket_.team, ticket_.level,
                                                            ticket_.sla_state, ticket_.version},
                    wake = ticket_.next_wakeup, internal = internal_,
                    stored = std::move(stored)]() mutable {
    if (context->observe) {
      for (const auto& event : stored) context->observe(event);
    }
    for (std::size_t i = 0; i < stored.size(); ++i) {
      context->live.Publish(MakeLiveEvent(ticket, stored[i], internal[i]));
    }
    if (context->schedule) context->schedule(ticket.id, wake);
  });
  first_new_event_ = events_.size();
  first_new_fired_ = fired_.size();
  internal_.clear();
  outbox_.clear();
  new_escalations_.clear();

  std::vector<LimitKey> freed = Freed();
  if (releasing_) {
    freed_ = std::move(freed);
    return {};
  }
  if (freed.empty()) return {};
  return ReleaseQueues(*context_, *tx_, std::move(freed));
}

}  // namespace esc::app
