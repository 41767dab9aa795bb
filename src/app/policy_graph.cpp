#include "app/policy_graph.h"

#include <set>

#include <fmt/format.h>

#include "core/duration.h"

namespace esc::app {
namespace {

// A DOT double-quoted string; a newline in `text` becomes a line break in the label.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The node a trigger's escalation points at.
std::string TargetId(const core::EscalateAction& escalate) {
  switch (escalate.kind) {
    case core::EscalationKind::kNextLevel: return "next_level";
    case core::EscalationKind::kToTeam: return "team_" + escalate.target;
    case core::EscalationKind::kToLevel: return "level_" + escalate.target;
  }
  return "next_level";
}

std::string NodeId(const core::PathStep& step) {
  return step.team ? "team_" + *step.team : "level_" + *step.level;
}

std::string ConditionText(const core::TriggerConditions& when) {
  std::vector<std::string> parts;
  if (when.sla) {
    const auto& p = *when.sla;
    std::string at = p.offset.count() != 0
                         ? (p.offset.count() > 0 ? "+" : "-") +
                               core::FormatDuration(p.offset.count() > 0 ? p.offset : -p.offset)
                         : (p.percent_used == 100 ? std::string("breach")
                                                  : fmt::format("{}% used", p.percent_used));
    parts.push_back(fmt::format("{} {}", core::ToString(p.target), at));
  }
  if (when.unassigned_for) parts.push_back("unassigned " + core::FormatDuration(*when.unassigned_for));
  if (when.no_update_for) parts.push_back("no update " + core::FormatDuration(*when.no_update_for));
  if (!when.words.empty()) parts.push_back(fmt::format("words: {}", fmt::join(when.words, ", ")));
  if (!when.tiers.empty()) parts.push_back(fmt::format("tier {}", fmt::join(when.tiers, "/")));
  if (!when.priorities.empty()) {
    parts.push_back(fmt::format("priority {}", fmt::join(when.priorities, "/")));
  }
  if (when.sentiment_below) parts.push_back(fmt::format("sentiment < {}", *when.sentiment_below));
  if (when.customer_asked_to_escalate.value_or(false)) parts.push_back("customer asked");
  if (when.customer_replies) parts.push_back(fmt::format("{}+ customer replies", *when.customer_replies));
  if (when.reopened.value_or(false)) parts.push_back("reopened");
  return fmt::format("{}", fmt::join(parts, "\n"));
}

}  // namespace

std::string RenderPolicyGraph(const core::Policy& policy,
                              const std::optional<std::string>& category) {
  std::string out =
      "digraph escalation {\n"
      "  rankdir=LR;\n"
      "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", fontname=\"Helvetica\"];\n"
      "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::vector<const core::EscalationPath*> paths;
  for (const auto& path : policy.paths) {
    if (!category || path.category == *category || path.category == "default") {
      paths.push_back(&path);
    }
  }
  std::set<std::string> used;
  for (const auto* path : paths) {
    for (const auto& step : path->steps) used.insert(NodeId(step));
  }
  for (const auto& trigger : policy.triggers) {
    for (const auto& action : trigger.then) {
      if (const auto* e = std::get_if<core::EscalateAction>(&action)) used.insert(TargetId(*e));
    }
  }
  for (const auto& level : policy.levels) {
    fmt::format_to(std::back_inserter(out),
                   "  subgraph cluster_{} {{\n    label={};\n    style=\"rounded\";\n"
                   "    color=\"#9aa7b8\";\n",
                   level.rank, Quote(fmt::format("{} · {}", level.id, level.name)));
    const std::string level_node = "level_" + level.id;
    if (used.contains(level_node)) {
      fmt::format_to(std::back_inserter(out), "    {} [label={}, shape=ellipse];\n",
                     Quote(level_node), Quote(fmt::format("anyone at {}\n(on call / routed)", level.id)));
    }
    for (const auto& team : policy.teams) {
      if (team.level != level.id || !used.contains("team_" + team.id)) continue;
      fmt::format_to(std::back_inserter(out), "    {} [label={}{}];\n", Quote("team_" + team.id),
                     Quote(team.external ? team.name + "\n(external)" : team.name),
                     team.external ? ", fillcolor=\"#fdf1e0\", style=\"rounded,filled,dashed\"" : "");
    }
    out += "  }\n";
  }
  for (const auto* path : paths) {
    fmt::format_to(std::back_inserter(out), "  {} [label={}, shape=cds, fillcolor=\"#e3f4e8\"];\n",
                   Quote("start_" + path->category), Quote("new " + path->category + " case"));
    fmt::format_to(std::back_inserter(out), "  {} -> {};\n", Quote("start_" + path->category),
                   Quote(NodeId(path->steps.front())));
    for (std::size_t i = 0; i + 1 < path->steps.size(); ++i) {
      const auto& step = path->steps[i];
      fmt::format_to(std::back_inserter(out), "  {} -> {} [label={}];\n", Quote(NodeId(step)),
                     Quote(NodeId(path->steps[i + 1])),
                     Quote(fmt::format("{}: after {}", path->category,
                                       core::FormatDuration(step.time.value_or(core::Seconds{0})))));
    }
  }
  for (const auto& trigger : policy.triggers) {
    for (const auto& action : trigger.then) {
      const auto* escalate = std::get_if<core::EscalateAction>(&action);
      if (!escalate) continue;
      const std::string note = "trigger_" + trigger.name;
      fmt::format_to(std::back_inserter(out),
                     "  {} [label={}, shape=note, fillcolor=\"#fff8d6\"];\n", Quote(note),
                     Quote(trigger.name + "\n" + ConditionText(trigger.when)));
      fmt::format_to(std::back_inserter(out), "  {} -> {} [style=dashed, label=\"escalate\"];\n",
                     Quote(note), Quote(TargetId(*escalate)));
    }
  }
  if (used.contains("next_level")) {
    out += "  \"next_level\" [label=\"next level up\\n(hierarchical)\", shape=ellipse, "
           "fillcolor=\"#fbe9e9\"];\n";
  }
  out += "}\n";
  return out;
}

}  // namespace esc::app
