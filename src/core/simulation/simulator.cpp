#include "core/simulation/simulator.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/rfc3339.h"
#include "core/text/words.h"

namespace esc::core {
namespace {

// Rounds of decide-and-carry-out at one instant (a set_priority may make other triggers
// due at once); a policy that keeps deciding beyond this is cut off.
constexpr int kMaxRounds = 16;

}  // namespace

struct Simulator::Run {
  std::uint64_t id = 0;
  HistoryTicket history;
  std::size_t next_event = 0;
  TicketFacts facts;
  EvaluationCache cache;  // bumped whenever the facts or clocks change
  const SlaPolicy* sla = nullptr;
  std::optional<SlaTracker> tracker;
  std::string level;
  std::string assignee;
  bool escalated_here = false;  // holds the case by an escalation: counts in the load
  bool closed = false;
  bool counted = false;         // in the counters of its level and team
  std::optional<EscalationTarget> queued;  // an escalation waiting for a slot
  std::string queued_team;
  std::uint64_t generation = 0;
  std::optional<Instant> first_escalation, resolved_at;
  bool signoff = false;
};

Simulator::Simulator(const Policy& policy, DecisionSink sink)
    : policy_(policy), sink_(std::move(sink)), router_(policy) {
  report_.policy_version = policy.version;
  auto add = [&](std::string scope, const std::string& id) {
    LoadSummary summary;
    summary.scope = std::move(scope);
    summary.id = id;
    report_.load.push_back(std::move(summary));
  };
  report_.load.reserve(policy.levels.size() + policy.limits.size());
  for (const Level& level : policy.levels) add("level", level.id);
  for (const Limit& limit : policy.limits) {
    if (limit.team) add("team", *limit.team);
  }
  for (LoadSummary& summary : report_.load) {  // pointers after the last push
    auto& counters = summary.scope == "level" ? level_counters_ : team_counters_;
    counters[summary.id].summary = &summary;
  }
  for (const Limit& limit : policy.limits) {
    auto& counters = limit.level ? level_counters_ : team_counters_;
    auto it = counters.find(limit.level ? *limit.level : *limit.team);
    if (it == counters.end()) continue;
    it->second.limit = &limit;
    it->second.summary->limit = limit.max_open_escalations;
  }
}

Simulator::~Simulator() = default;

Result<void> Simulator::Add(HistoryTicket ticket) {
  auto invalid = [&](std::string message) {
    return std::unexpected(Error::Invalid(fmt::format("ticket \"{}\": {}", ticket.id, message)));
  };
  if (last_created_ && ticket.created < *last_created_) {
    return invalid(fmt::format("created {}, before the ticket before it ({}): a history lists "
                               "tickets in order of creation",
                               FormatRfc3339(ticket.created, Seconds{0}),
                               FormatRfc3339(*last_created_, Seconds{0})));
  }
  Instant previous = ticket.created;
  for (const HistoryEvent& e : ticket.events) {
    if (e.event.kind == TicketEventKind::kCreated) return invalid("an event repeats its creation");
    if (e.event.at < previous) {
      return invalid(fmt::format("event at {} comes before {}: events must be in time order",
                                 FormatRfc3339(e.event.at, Seconds{0}),
                                 FormatRfc3339(previous, Seconds{0})));
    }
    previous = e.event.at;
  }
  if (auto ok = RunUntil(ticket.created, false); !ok) return ok;
  last_created_ = ticket.created;
  latest_ = std::max(latest_, previous);
  if (!report_.first_created) report_.first_created = ticket.created;

  auto run = std::make_unique<Run>();
  run->id = next_id_++;
  TicketFacts& f = run->facts;
  f.tier = ticket.tier;
  f.priority = ticket.priority;
  f.category = ticket.category;
  f.channel = ticket.channel;
  f.last_update = ticket.created;
  f.history.reserve(ticket.events.size() + 1);
  f.history.push_back(TicketEvent{ticket.created, TicketEventKind::kCreated, TicketStatus::kNew});
  run->history = std::move(ticket);
  if (auto ok = SelectSla(*run); !ok) return ok;
  Move(*run, EntryTeam(policy_, f.category), run->history.created, false);
  Run& ref = *run;
  runs_.emplace(ref.id, std::move(run));
  Schedule(ref, ref.history.created);
  return {};
}

Result<void> Simulator::SelectSla(Run& run) {
  const TicketFacts& f = run.facts;
  const SlaPolicy* sla = SelectSlaPolicy(policy_.sla, {f.tier, f.priority, f.category, f.channel});
  if (sla == run.sla && (run.tracker || !sla)) return {};
  run.sla = sla;
  run.tracker.reset();
  ++run.cache.state;
  ++run.cache.path_state;
  if (!sla) return {};
  run.tracker.emplace(*sla, policy_);
  for (const TicketEvent& e : f.history) {  // the whole history: pauses survive the change
    if (auto ok = run.tracker->Apply(e); !ok) {
      return std::unexpected(
          Error::Invalid(fmt::format("ticket \"{}\": {}", run.history.id, ok.error().message)));
    }
  }
  return {};
}

void Simulator::Schedule(Run& run, std::optional<Instant> at) {
  ++run.generation;
  if (at) agenda_.push(Agenda{*at, run.id, run.generation});
}

Result<void> Simulator::RunUntil(Instant limit, bool inclusive) {
  while (!agenda_.empty()) {
    const Agenda next = agenda_.top();
    if (next.at > limit || (!inclusive && next.at == limit)) break;
    agenda_.pop();
    auto it = runs_.find(next.id);
    if (it == runs_.end() || it->second->generation != next.generation) continue;
    if (auto ok = Process(*it->second, next.at); !ok) return ok;
  }
  return {};
}

Result<void> Simulator::Process(Run& run, Instant t) {
  const auto& events = run.history.events;
  while (run.next_event < events.size() && events[run.next_event].event.at <= t) {
    if (auto ok = ApplyEvent(run, events[run.next_event++]); !ok) return ok;
  }
  std::optional<Instant> wakeup;
  for (int round = 0;; ++round) {
    auto evaluation = EvaluateTracked(run.facts, policy_, run.sla,
                                      run.tracker ? &run.tracker->clocks() : nullptr, t,
                                      static_cast<bool>(sink_), &run.cache);
    if (!evaluation) {
      return std::unexpected(Error::Invalid(
          fmt::format("ticket \"{}\": {}", run.history.id, evaluation.error().message)));
    }
    wakeup = evaluation->next_wakeup;
    if (evaluation->decisions.empty() || round == kMaxRounds) break;
    // Carry the decisions out in order until one moves the case or changes its
    // priority: the rest were decided for a case that is no longer there, so the
    // engine is asked again (what is still due comes back).
    bool changed = false;
    for (const Decision& d : evaluation->decisions) {
      run.facts.fired.push_back({d.trigger, d.occurrence, t, d.repeat, ""});
      auto carried = Carry(run, d, t);
      if (!carried) return std::unexpected(carried.error());
      if ((changed = *carried)) break;
    }
    if (!changed) break;  // the last evaluation's wakeup holds (repeats included)
  }
  std::optional<Instant> next;
  if (run.next_event < events.size()) next = events[run.next_event].event.at;
  if (wakeup && (!next || *wakeup < *next)) next = wakeup;
  if (run.closed && run.next_event == events.size()) {
    Close(run, t);
    return {};
  }
  Schedule(run, next);  // nothing more to happen: stays open until Finish
  return {};
}

Result<void> Simulator::ApplyEvent(Run& run, const HistoryEvent& e) {
  ++events_;
  ++run.cache.state;
  if (e.event.kind == TicketEventKind::kStatusChanged) ++run.cache.path_state;
  TicketFacts& f = run.facts;
  f.history.push_back(e.event);
  if (run.tracker) {
    if (auto ok = run.tracker->Apply(e.event); !ok) {
      return std::unexpected(
          Error::Invalid(fmt::format("ticket \"{}\": {}", run.history.id, ok.error().message)));
    }
  }
  const Instant at = e.event.at;
  switch (e.event.kind) {
    case TicketEventKind::kCreated: break;
    case TicketEventKind::kCustomerReplied:
      ++f.customer_replies;
      f.sentiment = e.sentiment;
      // Folded as the service stores them (core/text/words.h), so `words:` triggers match
      // the same way in a simulation.
      for (const std::string& word : e.words) {
        for (auto& folded : WordSequence(word)) f.customer_words.push_back(std::move(folded));
      }
      if (e.asks_to_escalate) f.customer_asked_to_escalate = true;
      break;
    case TicketEventKind::kAgentReplied:
      f.last_update = at;
      f.acknowledged_at = at;  // an agent has taken the case up
      break;
    case TicketEventKind::kStatusChanged:
      if (e.event.status == TicketStatus::kReopened) f.reopened = true;
      if (IsClosed(e.event.status) && !run.closed) {
        run.closed = true;
        if (!run.resolved_at) run.resolved_at = at;
        if (!run.assignee.empty()) router_.Release(run.assignee);
        Leave(run, at);
      } else if (!IsClosed(e.event.status) && run.closed) {  // reopened
        // Back with the team that held it; it is not escalated again, so it does not
        // count among the team's (or level's) open escalations.
        run.closed = false;
        run.escalated_here = false;
        run.assignee = router_.Assign(f.team, at);
      }
      break;
  }
  return {};
}

std::array<Simulator::Counter*, 2> Simulator::CountersFor(const std::string& level,
                                                         const std::string& team) {
  std::array<Counter*, 2> out{};
  if (auto it = level_counters_.find(level); it != level_counters_.end()) out[0] = &it->second;
  if (auto it = team_counters_.find(team); it != team_counters_.end()) out[1] = &it->second;
  return out;
}

void Simulator::Enter(Run& run, Instant t) {
  if (run.counted) return;
  run.counted = true;
  for (Counter* c : CountersFor(run.level, run.facts.team)) {
    if (!c) continue;
    ++c->open;
    if (c->open > c->summary->peak) {
      c->summary->peak = c->open;
      c->summary->peak_at = t;
    }
  }
}

void Simulator::Leave(Run& run, Instant t) {
  if (!run.counted) return;
  run.counted = false;
  for (Counter* c : CountersFor(run.level, run.facts.team)) {
    if (!c) continue;
    --c->open;
    Dequeue(*c, t);
  }
}

// Lets queued escalations into a counter that has room again.
void Simulator::Dequeue(Counter& counter, Instant t) {
  while (!counter.waiting.empty() && counter.limit &&
         counter.open < counter.limit->max_open_escalations) {
    const std::uint64_t id = counter.waiting.front();
    counter.waiting.pop_front();
    auto it = runs_.find(id);
    if (it == runs_.end()) continue;
    Run& run = *it->second;
    if (run.closed || !run.queued) continue;
    const EscalationTarget target = *run.queued;
    run.queued.reset();
    SimulatedDecision out;
    Escalate(run, target, t, out);
    Schedule(run, t);
    if (sink_) {  // the escalation queued earlier takes effect now
      out.ticket = run.history.id;
      out.at = t;
      out.decision.trigger = std::string(kQueueTrigger);
      out.decision.occurrence = "dequeued@" + std::to_string(ToEpochSeconds(t));
      out.decision.due_at = t;
      out.decision.explanation = fmt::format(
          "trigger \"{}\" at {}: {} \"{}\" has room again under its limit of {} open "
          "escalations: the queued escalation to {} goes ahead",
          kQueueTrigger, FormatRfc3339(t, Seconds{0}), counter.summary->scope, counter.summary->id, counter.limit->max_open_escalations,
          out.escalation ? out.escalation->to_team : target.team);
      out.assignee = run.assignee;
      sink_(out);
    }
  }
}

void Simulator::Move(Run& run, const std::string& team, Instant t, bool escalation) {
  Leave(run, t);
  if (!run.assignee.empty()) router_.Release(run.assignee);
  ++run.cache.path_state;
  TicketFacts& f = run.facts;
  f.team = team;
  f.team_since = t;
  const Team* holder = policy_.FindTeam(team);
  run.level = holder ? holder->level : "";
  run.assignee = router_.Assign(team, t);
  const std::optional<Instant> unassigned = run.assignee.empty() ? f.unassigned_since.value_or(t)
                                                                 : std::optional<Instant>();
  if (unassigned != f.unassigned_since) {
    f.unassigned_since = unassigned;
    ++run.cache.state;  // the unassigned_for conditions change
  }
  run.escalated_here = escalation;
  if (escalation) Enter(run, t);
}

void Simulator::Escalate(Run& run, const EscalationTarget& target, Instant t,
                         SimulatedDecision& out) {
  std::string team = target.team;
  if (team.empty()) {  // anyone at the level: the first team there with the skill
    for (const Team& candidate : policy_.teams) {
      if (candidate.level != target.level) continue;
      if (team.empty()) team = candidate.id;
      if (ListAllows(candidate.skills, run.facts.category)) {
        team = candidate.id;
        break;
      }
    }
  }
  SimulatedEscalation record;
  if (sink_) record = {target.type, run.facts.team, run.level, team, target.level, "", false};
  // Limits on the receiving level and team.
  for (Counter* c : CountersFor(target.level, team)) {
    if (!c || !c->limit || c->open < c->limit->max_open_escalations) continue;
    if (c->limit->beyond == OverloadAction::kQueue) {
      ++c->summary->queued;
      c->waiting.push_back(run.id);
      run.queued = target;
      run.queued.value().team = team;
      record.queued = true;
      if (sink_) out.escalation = record;
      if (sink_) out.notes.push_back(fmt::format("{} \"{}\" is at its limit of {} open escalations: queued",
                                      c->summary->scope, c->summary->id,
                                      c->limit->max_open_escalations));
      return;
    }
    ++c->summary->over_limit;
    const Team* receiving = policy_.FindTeam(team);
    NotifyContext context{receiving, "", "", run.facts.priority};
    auto planned = PlanNotifications(policy_, NotifyAction{{RecipientRole::kManager}, {}, {}},
                                     context, t);
    report_.notifications += static_cast<std::int64_t>(planned.size());
    for (const auto& n : planned) report_.notifications_held += n.held ? 1 : 0;
    if (!sink_) continue;
    out.notifications.insert(out.notifications.end(), planned.begin(), planned.end());
    out.notes.push_back(fmt::format("{} \"{}\" is beyond its limit of {} open escalations: "
                                    "the manager is told",
                                    c->summary->scope, c->summary->id,
                                    c->limit->max_open_escalations));
  }
  Move(run, team, t, true);
  if (sink_) {
    record.assignee = run.assignee;
    out.escalation = record;
    out.assignee = run.assignee;
  }
  ++report_.escalations;
  ++report_.escalations_by_type[std::string(ToString(target.type))];
  ++report_.escalations_by_level[target.level];
  if (!run.first_escalation) {
    run.first_escalation = t;
    ++report_.escalated_tickets;
    to_escalate_.push_back((t - run.history.created).count());
  }
}

Result<bool> Simulator::Carry(Run& run, const Decision& d, Instant t) {
  ++report_.decisions;
  ++report_.decisions_by_trigger[d.trigger];
  SimulatedDecision out;
  const bool keep = static_cast<bool>(sink_);
  if (keep) {
    out.ticket = run.history.id;
    out.decision = d;
    out.at = t;
  }
  bool changed = false;
  for (const TriggerAction& action : d.actions) {
    if (d.repeat > 0 && !std::holds_alternative<NotifyAction>(action)) continue;
    if (const auto* escalate = std::get_if<EscalateAction>(&action)) {
      if (run.queued) {
        out.notes.push_back("an escalation is already queued for this case");
        continue;
      }
      auto target = ResolveEscalation(policy_, run.facts.category, run.facts.team, *escalate);
      if (!target) {
        ++report_.escalations_blocked;
        out.notes.push_back(target.error().message);
        continue;
      }
      if (target->team == run.facts.team) {  // nothing would move: not an escalation
        if (keep) out.notes.push_back(fmt::format("team \"{}\" already holds the case", target->team));
        continue;
      }
      Escalate(run, *target, t, out);
      changed = true;
    } else if (const auto* notify = std::get_if<NotifyAction>(&action)) {
      const bool to_on_call = std::find(notify->roles.begin(), notify->roles.end(),
                                        RecipientRole::kOnCall) != notify->roles.end();
      NotifyContext context{policy_.FindTeam(run.facts.team), run.assignee,
                            to_on_call ? router_.OnCall(run.facts.team, t) : "",
                            run.facts.priority};
      auto planned = PlanNotifications(policy_, *notify, context, t);
      report_.notifications += static_cast<std::int64_t>(planned.size());
      for (const auto& n : planned) report_.notifications_held += n.held ? 1 : 0;
      if (keep) out.notifications.insert(out.notifications.end(), planned.begin(), planned.end());
    } else if (const auto* priority = std::get_if<SetPriorityAction>(&action)) {
      run.facts.priority = priority->priority;
      ++run.cache.state;
      out.priority = priority->priority;
      if (auto ok = SelectSla(run); !ok) return std::unexpected(ok.error());
      changed = true;
    } else if (const auto* assign = std::get_if<AssignAction>(&action)) {
      if (run.facts.team != assign->team || run.assignee.empty()) {
        Move(run, assign->team, t, false);
        changed = true;
      }
      out.assigned_team = assign->team;
    } else if (const auto* tag = std::get_if<TagAction>(&action)) {
      out.tags.push_back(tag->tag);
    } else if (std::holds_alternative<RequireSignoffAction>(action)) {
      if (!run.signoff) ++report_.signoffs_required;
      run.signoff = true;
      out.signoff = true;
    }
  }
  if (keep) {
    out.assignee = run.assignee;
    sink_(out);
  }
  return changed;
}

void Simulator::Close(Run& run, Instant end) {
  ++report_.tickets;
  if (!run.resolved_at) ++report_.unresolved;
  if (run.resolved_at) to_resolve_.push_back((*run.resolved_at - run.history.created).count());
  if (run.tracker) {
    CountSlaOutcome(run.tracker->clocks(), std::max(end, run.facts.history.back().at),
                    run.facts.priority, report_);
  }
  if (!report_.last_instant || end > *report_.last_instant) report_.last_instant = end;
  if (!run.closed) {
    if (!run.assignee.empty()) router_.Release(run.assignee);
    Leave(run, end);
  }
  runs_.erase(run.id);
}

Result<void> Simulator::Finish(std::optional<Instant> until) {
  const Instant end = until.value_or(latest_);
  if (auto ok = RunUntil(end, true); !ok) return ok;
  std::vector<Run*> left;
  left.reserve(runs_.size());
  for (auto& [id, run] : runs_) left.push_back(run.get());
  std::sort(left.begin(), left.end(), [](const Run* a, const Run* b) { return a->id < b->id; });
  for (Run* run : left) Close(*run, end);
  while (!agenda_.empty()) agenda_.pop();
  report_.time_to_escalate = Summarize(to_escalate_);
  report_.time_to_resolve = Summarize(to_resolve_);
  return {};
}

}  // namespace esc::core
