#include "app/service/ticket_facts.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "core/sla/ticket_sla.h"

namespace esc::app {

core::TicketFacts BuildFacts(const TicketRecord& t, const std::vector<AuditEvent>& events,
                             const std::vector<FiredRecord>& fired) {
  core::TicketFacts facts;
  facts.tier = t.tier;
  facts.priority = t.priority;
  facts.category = t.category;
  facts.channel = t.channel;
  facts.customer_replies = t.customer_replies;
  facts.reopened = t.reopened;
  facts.customer_asked_to_escalate = t.customer_asked_to_escalate;
  facts.sentiment = t.sentiment;
  std::istringstream words(t.customer_words);
  for (std::string word; words >> word;) facts.customer_words.push_back(word);
  facts.unassigned_since = t.unassigned_since;
  facts.last_update = t.last_update;
  facts.acknowledged_at = t.acknowledged_at;
  facts.team = t.team;
  facts.team_since = t.team_since;
  facts.reapplied_at = t.reapplied_at;
  for (const auto& e : events) {
    core::TicketEvent event{e.at, core::TicketEventKind::kCreated, core::TicketStatus::kNew};
    if (e.kind == "created") {
      event.kind = core::TicketEventKind::kCreated;
    } else if (e.kind == "replied") {
      event.kind = core::TicketEventKind::kAgentReplied;
    } else if (e.kind == "customer_replied") {
      event.kind = core::TicketEventKind::kCustomerReplied;
    } else if (e.kind == "status_changed") {
      auto data = nlohmann::json::parse(e.data, nullptr, false);
      if (!data.is_object() || !data.contains("to") || !data["to"].is_string()) continue;
      auto status = core::ParseTicketStatus(data["to"].get<std::string>());
      if (!status) continue;
      event.kind = core::TicketEventKind::kStatusChanged;
      event.status = *status;
    } else {
      continue;
    }
    facts.history.push_back(event);
  }
  for (const auto& f : fired) {
    facts.fired.push_back(core::FiredTrigger{f.trigger, f.occurrence, f.at, f.repeat,
                                             f.policy_version});
  }
  return facts;
}

core::Result<SlaSnapshot> ComputeSla(const core::Policy& policy, const core::TicketFacts& facts,
                                     Instant now) {
  SlaSnapshot snapshot;
  const core::SlaPolicy* sla = core::SelectSlaPolicy(
      policy.sla, core::SlaFacts{facts.tier, facts.priority, facts.category, facts.channel});
  if (!sla || facts.history.empty()) return snapshot;
  auto clocks = core::ReplaySla(*sla, policy, facts.history);
  if (!clocks) return std::unexpected(clocks.error());
  bool any = false, paused = false, at_risk = false, overdue = false;
  for (core::SlaTargetKind kind : core::kAllSlaTargetKinds) {
    const auto index = static_cast<std::size_t>(kind);
    const auto& clock = clocks->clocks[index];
    if (clocks->breaches[index] > 0) snapshot.breached = true;
    if (!clock || clock->stopped()) continue;
    any = true;
    auto status = clock->StatusAt(std::max(now, facts.history.back().at));
    if (!status) return std::unexpected(status.error());
    if (status->paused) {
      paused = true;
      if (status->state == core::SlaState::kBreached) overdue = true;
      continue;
    }
    if (!snapshot.next_deadline || status->due < *snapshot.next_deadline) {
      snapshot.next_deadline = status->due;
    }
    if (status->state == core::SlaState::kBreached) {
      overdue = true;
      snapshot.overdue.push_back(
          fmt::format("{}#{}", core::ToString(kind), clocks->cycles[index]));
      continue;
    }
    auto candidate = [&](std::optional<Instant> at) {
      if (at && *at > now && (!snapshot.next_change || *at < *snapshot.next_change)) {
        snapshot.next_change = at;
      }
    };
    if (status->percent_used >= kAtRiskPercent) {
      at_risk = true;
    } else {
      const auto risk_at = std::chrono::seconds(static_cast<std::int64_t>(
          static_cast<double>(clock->duration().count()) * kAtRiskPercent / 100.0));
      auto when = clock->WhenUsed(risk_at);
      if (when) candidate(*when);
    }
    // A clock counts as breached once now is past its due instant: wake one second after.
    candidate(status->due + core::Seconds{1});
  }
  if (overdue) snapshot.breached = true;
  if (!any) {
    snapshot.state = "stopped";
  } else if (overdue) {
    snapshot.state = "breached";
  } else if (at_risk) {
    snapshot.state = "at_risk";
  } else if (paused && !snapshot.next_deadline) {
    snapshot.state = "paused";
  } else {
    snapshot.state = "ok";
  }
  return snapshot;
}

core::Result<std::vector<SlaTargetClock>> ComputeSlaTargets(const core::Policy& policy,
                                                            const core::TicketFacts& facts,
                                                            Instant now) {
  std::vector<SlaTargetClock> out;
  const core::SlaPolicy* sla = core::SelectSlaPolicy(
      policy.sla, core::SlaFacts{facts.tier, facts.priority, facts.category, facts.channel});
  if (!sla || facts.history.empty()) return out;
  auto clocks = core::ReplaySla(*sla, policy, facts.history);
  if (!clocks) return std::unexpected(clocks.error());
  for (core::SlaTargetKind kind : core::kAllSlaTargetKinds) {
    const auto index = static_cast<std::size_t>(kind);
    const auto& clock = clocks->clocks[index];
    if (!clock) continue;
    auto status = clock->StatusAt(std::max(now, facts.history.back().at));
    if (!status) return std::unexpected(status.error());
    SlaTargetClock c;
    c.target = std::string(core::ToString(kind));
    c.stopped = status->stopped;
    c.due = status->due;
    c.percent_used = status->percent_used;
    c.cycle = clocks->cycles[index];
    c.breaches = clocks->breaches[index];
    if (status->state == core::SlaState::kBreached) {
      c.state = "breached";
    } else if (status->stopped || status->state == core::SlaState::kMet) {
      c.state = "met";
    } else if (status->paused) {
      c.state = "paused";
    } else if (status->percent_used >= kAtRiskPercent) {
      c.state = "at_risk";
    } else {
      c.state = "ok";
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace esc::app
