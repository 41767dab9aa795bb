#include "app/ticket_explanation.h"

#include <fmt/format.h>

#include "core/duration.h"
#include "core/engine/escalation_target.h"
#include "core/rfc3339.h"
#include "core/simulation/simulator.h"
#include "core/sla/ticket_sla.h"

namespace esc::app {
namespace {

using core::Instant;

// How far ahead "if nobody acts" looks.
constexpr core::Seconds kHorizon{366 * 86400};

std::string Z(Instant t) { return core::FormatRfc3339(t, core::Seconds{0}); }

void AppendDecision(std::string& out, const core::SimulatedDecision& d) {
  fmt::format_to(std::back_inserter(out), "  {}  {}\n", Z(d.at), d.decision.explanation);
  auto item = [&](const std::string& text) { out += "      -> " + text + "\n"; };
  if (d.escalation) {
    const auto& e = *d.escalation;
    item(fmt::format("escalate ({}) from {} ({}) to {} ({}){}", core::ToString(e.type),
                     e.from_team, e.from_level, e.to_team, e.to_level,
                     e.queued ? ", queued" : ", assigned to " + e.assignee));
  }
  for (const auto& n : d.notifications) {
    item(fmt::format("notify {} ({}) via {}{}", n.recipient,
                     n.role ? std::string(core::ToString(*n.role)) : "named", n.channel,
                     n.held ? " at " + Z(n.send_at) + ", held for quiet hours" : ""));
  }
  if (d.priority) item("priority becomes " + *d.priority);
  if (!d.assigned_team.empty()) item("assigned to team " + d.assigned_team + ", " + d.assignee);
  for (const auto& tag : d.tags) item("tag " + tag);
  if (d.signoff) item("management sign-off required before closing");
  for (const auto& note : d.notes) item("not done: " + note);
}

// The SLA policy and each target's state at `at`.
core::Result<void> AppendSla(std::string& out, const core::Policy& policy,
                             const core::HistoryTicket& t, const std::string& priority, Instant at) {
  const core::SlaPolicy* sla =
      core::SelectSlaPolicy(policy.sla, {t.tier, priority, t.category, t.channel});
  if (!sla) {
    out += "No SLA policy matches this ticket: no SLA clocks run.\n";
    return {};
  }
  std::vector<core::TicketEvent> events{{t.created, core::TicketEventKind::kCreated}};
  for (const auto& e : t.events) events.push_back(e.event);
  auto clocks = core::ReplaySla(*sla, policy, events);
  if (!clocks) return std::unexpected(clocks.error());
  fmt::format_to(std::back_inserter(out), "SLA policy \"{}\" (the first that matches tier {}, priority {}, category {}, channel {})\n",
                 sla->name, t.tier, priority, t.category, t.channel);
  fmt::format_to(std::back_inserter(out), "  {:<16} {:>8}  {:<20} {:<9} {:<26} {:>7}\n", "target",
                 "budget", "calendar", "state", "due", "used");
  for (core::SlaTargetKind kind : core::kAllSlaTargetKinds) {
    const auto& spec = sla->Target(kind);
    if (!spec) continue;
    const auto& clock = clocks->Clock(kind);
    if (!clock) {
      fmt::format_to(std::back_inserter(out), "  {:<16} {:>8}  {:<20} {:<9}\n", core::ToString(kind),
                     core::FormatDuration(spec->duration), spec->calendar, "not started");
      continue;
    }
    auto status = clock->StatusAt(std::max(at, events.back().at));
    if (!status) return std::unexpected(status.error());
    std::string state(core::ToString(status->state));
    if (status->paused && status->state != core::SlaState::kPaused) state += ", paused";
    fmt::format_to(std::back_inserter(out), "  {:<16} {:>8}  {:<20} {:<9} {:<26} {:>6.1f}%\n",
                   core::ToString(kind), core::FormatDuration(spec->duration), spec->calendar,
                   state, Z(status->due), status->percent_used);
  }
  return {};
}

}  // namespace

core::Result<std::string> ExplainTicket(const core::Policy& policy, core::HistoryTicket ticket,
                                        Instant at) {
  if (at < ticket.created) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("--at {} is before the ticket was created ({})", Z(at), Z(ticket.created))));
  }
  std::erase_if(ticket.events, [&](const core::HistoryEvent& e) { return e.event.at > at; });
  std::vector<core::SimulatedDecision> decisions;
  core::Simulator simulator(policy, [&](const core::SimulatedDecision& d) { decisions.push_back(d); });
  if (auto ok = simulator.Add(ticket); !ok) return std::unexpected(ok.error());
  if (auto ok = simulator.Finish(at + kHorizon); !ok) return std::unexpected(ok.error());

  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "Ticket {}: tier {}, priority {}, category {}, channel {}\nCreated {}; "
                 "explained at {}\n\n",
                 ticket.id, ticket.tier, ticket.priority, ticket.category, ticket.channel,
                 Z(ticket.created), Z(at));
  std::string priority = ticket.priority;
  const std::string entry = core::EntryTeam(policy, ticket.category);
  std::string team = entry;
  // The path: where the case started, every move so far, and the moves if nobody acts.
  const core::Team* first = policy.FindTeam(entry);
  std::string route = entry.empty() ? "(no team)" : fmt::format("{} ({})", entry, first ? first->level : "-");
  for (const auto& d : decisions) {
    if (!d.escalation || d.escalation->queued) continue;
    route += fmt::format(" -> {} ({}, {}{})", d.escalation->to_team, d.escalation->to_level,
                         Z(d.at), d.at > at ? ", if nobody acts" : "");
  }
  for (const auto& d : decisions) {
    if (d.at > at) continue;
    if (d.priority) priority = *d.priority;
    if (d.escalation && !d.escalation->queued) team = d.escalation->to_team;
    if (!d.assigned_team.empty()) team = d.assigned_team;
  }
  if (auto ok = AppendSla(out, policy, ticket, priority, at); !ok) return std::unexpected(ok.error());
  const core::Team* holder = policy.FindTeam(team);
  fmt::format_to(std::back_inserter(out), "\nHeld by team {} ({}) at {}.\n\nDecided by then:\n",
                 team.empty() ? "(none)" : team, holder ? holder->level : "-", Z(at));
  bool any = false;
  for (const auto& d : decisions) {
    if (d.at > at) continue;
    AppendDecision(out, d);
    any = true;
  }
  if (!any) out += "  nothing\n";
  out += "\nIf nobody acts from then on:\n";
  any = false;
  for (const auto& d : decisions) {
    if (d.at <= at) continue;
    AppendDecision(out, d);
    any = true;
  }
  if (!any) out += "  nothing more\n";
  out += "\nPath: " + route + "\n";
  return out;
}

}  // namespace esc::app
