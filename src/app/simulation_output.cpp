#include "app/simulation_output.h"

#include <fmt/format.h>

#include "app/json_text.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

using core::SimulationReport;
using core::SlaTargetKind;

std::string Percent(std::optional<double> share) {
  return share ? fmt::format("{:.1f}%", *share * 100) : "-";
}

std::string Share(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "-";
  return Percent(static_cast<double>(part) / static_cast<double>(whole));
}

std::string Time(std::optional<core::Instant> t) {
  return t ? core::FormatRfc3339(*t, core::Seconds{0}) : "-";
}

void Key(std::string& out, std::string_view key) {
  AppendJsonString(out, key);
  out += ": ";
}

void JsonCounts(std::string& out, const std::map<std::string, std::int64_t>& counts) {
  out += "{";
  bool first = true;
  for (const auto& [name, count] : counts) {
    if (!first) out += ", ";
    first = false;
    Key(out, name);
    out += std::to_string(count);
  }
  out += "}";
}

void JsonAttainment(std::string& out, const core::TargetAttainment& a) {
  fmt::format_to(std::back_inserter(out), "{{\"met\": {}, \"breached\": {}, \"open\": {}, \"attainment\": ",
                 a.met, a.breached, a.open);
  if (auto share = a.Attainment()) {
    fmt::format_to(std::back_inserter(out), "{:.4f}", *share);
  } else {
    out += "null";
  }
  out += "}";
}

void JsonTargets(std::string& out, const std::array<core::TargetAttainment, 3>& targets) {
  out += "{";
  for (SlaTargetKind kind : core::kAllSlaTargetKinds) {
    if (kind != SlaTargetKind::kFirstResponse) out += ", ";
    Key(out, core::ToString(kind));
    JsonAttainment(out, targets[static_cast<std::size_t>(kind)]);
  }
  out += "}";
}

void JsonDurations(std::string& out, const core::DurationSummary& d) {
  fmt::format_to(std::back_inserter(out),
                 "{{\"count\": {}, \"median_seconds\": {}, \"p90_seconds\": {}}}", d.count,
                 d.median.count(), d.p90.count());
}

// A row of the comparison: label, baseline, candidate.
struct Row {
  std::string label, a, b;
};

void Rows(std::string& out, const std::vector<Row>& rows) {
  std::size_t width = 0;
  for (const Row& r : rows) width = std::max(width, r.label.size());
  for (const Row& r : rows) {
    if (r.a.empty() && r.b.empty()) {
      out += r.label + "\n";
      continue;
    }
    fmt::format_to(std::back_inserter(out), "  {:<{}}  {:>14}  {:>14}\n", r.label, width, r.a, r.b);
  }
}

template <typename... Args>
void Line(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
  out += '\n';
}

std::int64_t CountOf(const std::map<std::string, std::int64_t>& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

}  // namespace

std::string FormatSpan(core::Seconds span) {
  const std::int64_t s = span.count();
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m", s / 60);
  if (s < 86400) return fmt::format("{}h {:02}m", s / 3600, s % 3600 / 60);
  return fmt::format("{}d {}h", s / 86400, s % 86400 / 3600);
}

void AppendReportText(std::string& out, const std::string& policy_file, const SimulationReport& r) {
  Line(out, "Policy {} (version {})", policy_file, r.policy_version);
  Line(out, "Tickets: {} created {} to {}; {} still open at the end", r.tickets,
       Time(r.first_created), Time(r.last_instant), r.unresolved);
  Line(out, "");
  Line(out, "Escalations: {} in {} tickets ({} of tickets); {} asked beyond the top level",
       r.escalations, r.escalated_tickets, Share(r.escalated_tickets, r.tickets),
       r.escalations_blocked);
  for (const auto& [type, count] : r.escalations_by_type) Line(out, "  {:<14} {:>9}", type, count);
  for (const auto& [level, count] : r.escalations_by_level) Line(out, "  to {:<11} {:>9}", level, count);
  Line(out, "Time to first escalation: median {}, p90 {} ({} tickets)",
       FormatSpan(r.time_to_escalate.median), FormatSpan(r.time_to_escalate.p90),
       r.time_to_escalate.count);
  Line(out, "Time to resolve:          median {}, p90 {} ({} tickets)",
       FormatSpan(r.time_to_resolve.median), FormatSpan(r.time_to_resolve.p90),
       r.time_to_resolve.count);
  Line(out, "Sign-off required: {} tickets", r.signoffs_required);
  Line(out, "");
  Line(out, "SLA attainment    {:>9} {:>9} {:>9} {:>11}", "met", "breached", "open", "attainment");
  for (SlaTargetKind kind : core::kAllSlaTargetKinds) {
    const auto& a = r.sla[static_cast<std::size_t>(kind)];
    Line(out, "  {:<15} {:>9} {:>9} {:>9} {:>11}", core::ToString(kind), a.met, a.breached, a.open,
         Percent(a.Attainment()));
  }
  Line(out, "By priority       {:>15} {:>15} {:>15}", "first_response", "next_update", "resolution");
  for (const auto& [priority, targets] : r.sla_by_priority) {
    Line(out, "  {:<15} {:>15} {:>15} {:>15}", priority, Percent(targets[0].Attainment()),
         Percent(targets[1].Attainment()), Percent(targets[2].Attainment()));
  }
  Line(out, "Tickets that missed a target: {} ({}); missed clock cycles: {}", r.tickets_breached,
       Share(r.tickets_breached, r.tickets), r.breaches);
  Line(out, "");
  std::size_t width = 22;
  for (const auto& l : r.load) width = std::max(width, l.scope.size() + 1 + l.id.size());
  Line(out, "Concurrent escalations{:<{}} {:>6} {:>26} {:>6} {:>7} {:>11}", "", width - 20, "peak",
       "at", "limit", "queued", "over limit");
  for (const auto& l : r.load) {
    Line(out, "  {:<{}} {:>6} {:>26} {:>6} {:>7} {:>11}", l.scope + " " + l.id, width, l.peak,
         Time(l.peak_at), l.limit ? std::to_string(*l.limit) : "-", l.queued, l.over_limit);
  }
  Line(out, "");
  Line(out, "Notifications: {} planned, {} held for quiet hours", r.notifications, r.notifications_held);
  Line(out, "Decisions by trigger ({} in all):", r.decisions);
  for (const auto& [trigger, count] : r.decisions_by_trigger) Line(out, "  {:<28} {:>9}", trigger, count);
}

void AppendComparisonText(std::string& out, const std::string& baseline_file,
                          const SimulationReport& a, const std::string& candidate_file,
                          const SimulationReport& b) {
  fmt::format_to(std::back_inserter(out), "Baseline:  {} (version {})\nCandidate: {} (version {})\n\n",
                 baseline_file, a.policy_version, candidate_file, b.policy_version);
  std::vector<Row> rows;
  auto count = [&](std::string label, std::int64_t x, std::int64_t y) {
    rows.push_back({std::move(label), std::to_string(x), std::to_string(y)});
  };
  rows.push_back({"", "baseline", "candidate"});
  count("tickets", a.tickets, b.tickets);
  count("escalations", a.escalations, b.escalations);
  count("escalated tickets", a.escalated_tickets, b.escalated_tickets);
  rows.push_back({"escalation rate", Share(a.escalated_tickets, a.tickets),
                  Share(b.escalated_tickets, b.tickets)});
  std::map<std::string, std::int64_t> types = a.escalations_by_type, levels = a.escalations_by_level;
  types.insert(b.escalations_by_type.begin(), b.escalations_by_type.end());
  levels.insert(b.escalations_by_level.begin(), b.escalations_by_level.end());
  for (const auto& [type, n] : types) {
    count("  " + type, CountOf(a.escalations_by_type, type), CountOf(b.escalations_by_type, type));
  }
  for (const auto& [level, n] : levels) {
    count("  to " + level, CountOf(a.escalations_by_level, level),
          CountOf(b.escalations_by_level, level));
  }
  count("asked beyond the top level", a.escalations_blocked, b.escalations_blocked);
  rows.push_back({"time to escalate, median", FormatSpan(a.time_to_escalate.median),
                  FormatSpan(b.time_to_escalate.median)});
  rows.push_back({"time to escalate, p90", FormatSpan(a.time_to_escalate.p90),
                  FormatSpan(b.time_to_escalate.p90)});
  rows.push_back({"time to resolve, median", FormatSpan(a.time_to_resolve.median),
                  FormatSpan(b.time_to_resolve.median)});
  rows.push_back({"time to resolve, p90", FormatSpan(a.time_to_resolve.p90),
                  FormatSpan(b.time_to_resolve.p90)});
  for (SlaTargetKind kind : core::kAllSlaTargetKinds) {
    const auto i = static_cast<std::size_t>(kind);
    rows.push_back({fmt::format("{} attainment", core::ToString(kind)),
                    Percent(a.sla[i].Attainment()), Percent(b.sla[i].Attainment())});
  }
  std::map<std::string, int> priorities;
  for (const auto& [p, t] : a.sla_by_priority) priorities[p];
  for (const auto& [p, t] : b.sla_by_priority) priorities[p];
  for (const auto& [p, unused] : priorities) {
    for (SlaTargetKind kind : core::kAllSlaTargetKinds) {
      const auto i = static_cast<std::size_t>(kind);
      auto of = [&](const SimulationReport& r) {
        auto it = r.sla_by_priority.find(p);
        return it == r.sla_by_priority.end() ? std::string("-") : Percent(it->second[i].Attainment());
      };
      rows.push_back({fmt::format("  {} {}", p, core::ToString(kind)), of(a), of(b)});
    }
  }
  count("tickets that missed a target", a.tickets_breached, b.tickets_breached);
  count("sign-off required", a.signoffs_required, b.signoffs_required);
  std::map<std::string, std::pair<const core::LoadSummary*, const core::LoadSummary*>> loads;
  for (const auto& l : a.load) loads[l.scope + " " + l.id].first = &l;
  for (const auto& l : b.load) loads[l.scope + " " + l.id].second = &l;
  for (const auto& [name, pair] : loads) {
    auto peak = [](const core::LoadSummary* l) {
      if (!l) return std::string("-");
      return l->limit ? fmt::format("{} / {}", l->peak, *l->limit) : std::to_string(l->peak);
    };
    rows.push_back({"peak escalations, " + name, peak(pair.first), peak(pair.second)});
  }
  count("notifications", a.notifications, b.notifications);
  count("  held for quiet hours", a.notifications_held, b.notifications_held);
  Rows(out, rows);
}

void AppendReportJson(std::string& out, const std::string& policy_file, const SimulationReport& r) {
  auto it = std::back_inserter(out);
  out += "{";
  Key(out, "policy");
  AppendJsonString(out, policy_file);
  out += ", ";
  Key(out, "policy_version");
  AppendJsonString(out, r.policy_version);
  fmt::format_to(it, ", \"tickets\": {}, \"unresolved\": {}, \"decisions\": {}", r.tickets,
                 r.unresolved, r.decisions);
  fmt::format_to(it, ", \"escalations\": {{\"total\": {}, \"tickets\": {}, \"blocked\": {}, "
                 "\"by_type\": ", r.escalations, r.escalated_tickets, r.escalations_blocked);
  JsonCounts(out, r.escalations_by_type);
  out += ", \"by_level\": ";
  JsonCounts(out, r.escalations_by_level);
  out += "}, \"sla\": ";
  JsonTargets(out, r.sla);
  out += ", \"sla_by_priority\": {";
  bool first = true;
  for (const auto& [priority, targets] : r.sla_by_priority) {
    if (!first) out += ", ";
    first = false;
    Key(out, priority);
    JsonTargets(out, targets);
  }
  fmt::format_to(it, "}}, \"breaches\": {{\"tickets\": {}, \"cycles\": {}}}", r.tickets_breached,
                 r.breaches);
  out += ", \"time_to_escalate\": ";
  JsonDurations(out, r.time_to_escalate);
  out += ", \"time_to_resolve\": ";
  JsonDurations(out, r.time_to_resolve);
  out += ", \"concurrent_escalations\": [";
  for (std::size_t i = 0; i < r.load.size(); ++i) {
    const auto& l = r.load[i];
    if (i) out += ", ";
    out += "{\"scope\": ";
    AppendJsonString(out, l.scope);
    out += ", \"id\": ";
    AppendJsonString(out, l.id);
    fmt::format_to(it, ", \"peak\": {}, \"peak_at\": ", l.peak);
    if (l.peak_at) {
      out += "\"" + Time(l.peak_at) + "\"";
    } else {
      out += "null";
    }
    out += ", \"limit\": ";
    out += l.limit ? std::to_string(*l.limit) : "null";
    fmt::format_to(it, ", \"queued\": {}, \"over_limit\": {}}}", l.queued, l.over_limit);
  }
  fmt::format_to(it, "], \"notifications\": {{\"planned\": {}, \"held\": {}}}", r.notifications,
                 r.notifications_held);
  fmt::format_to(it, ", \"signoffs_required\": {}, \"decisions_by_trigger\": ", r.signoffs_required);
  JsonCounts(out, r.decisions_by_trigger);
  out += "}";
}

void AppendDecisionJson(std::string& out, const core::SimulatedDecision& d) {
  auto it = std::back_inserter(out);
  auto text = [&](std::string_view key, std::string_view value) {
    out += ", ";
    Key(out, key);
    AppendJsonString(out, value);
  };
  out += "{\"ticket\": ";
  AppendJsonString(out, d.ticket);
  text("at", Time(d.at));
  text("trigger", d.decision.trigger);
  text("occurrence", d.decision.occurrence);
  fmt::format_to(it, ", \"repeat\": {}", d.decision.repeat);
  text("due_at", Time(d.decision.due_at));
  text("explanation", d.decision.explanation);
  if (d.escalation) {
    const auto& e = *d.escalation;
    out += ", \"escalation\": {\"type\": ";
    AppendJsonString(out, core::ToString(e.type));
    text("from_team", e.from_team);
    text("from_level", e.from_level);
    text("to_team", e.to_team);
    text("to_level", e.to_level);
    text("assignee", e.assignee);
    fmt::format_to(it, ", \"queued\": {}}}", e.queued);
  }
  if (!d.notifications.empty()) {
    out += ", \"notifications\": [";
    for (std::size_t i = 0; i < d.notifications.size(); ++i) {
      const auto& n = d.notifications[i];
      if (i) out += ", ";
      out += "{\"to\": ";
      AppendJsonString(out, n.recipient);
      text("role", n.role ? core::ToString(*n.role) : "person");
      text("channel", n.channel);
      text("send_at", Time(n.send_at));
      fmt::format_to(it, ", \"held\": {}}}", n.held);
    }
    out += "]";
  }
  if (d.priority) text("priority", *d.priority);
  if (!d.assigned_team.empty()) text("assigned_team", d.assigned_team);
  if (!d.assignee.empty()) text("assignee", d.assignee);
  if (!d.tags.empty()) {
    out += ", \"tags\": [";
    for (std::size_t i = 0; i < d.tags.size(); ++i) {
      if (i) out += ", ";
      AppendJsonString(out, d.tags[i]);
    }
    out += "]";
  }
  if (d.signoff) out += ", \"signoff_required\": true";
  if (!d.notes.empty()) {
    out += ", \"notes\": [";
    for (std::size_t i = 0; i < d.notes.size(); ++i) {
      if (i) out += ", ";
      AppendJsonString(out, d.notes[i]);
    }
    out += "]";
  }
  out += "}\n";
}

}  // namespace esc::app
