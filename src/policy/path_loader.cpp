#include "policy/path_loader.h"

#include <set>

#include <fmt/format.h>


namespace esc::policy {
namespace {

std::optional<core::PathStep> ReadStep(const YAML::Node& node, YamlContext& ctx,
                                       const std::string& what) {
  core::PathStep step;
  const bool is_map = ctx.ForEachEntry(node, what, {"team", "level", "time"},
                                       [&](const YAML::Node& key, const YAML::Node& value) {
    const std::string& k = key.Scalar();
    if (k == "time") {
      step.time = ctx.PositiveDuration(value, "time");
      return;
    }
    auto id = ctx.Text(value, k);
    if (!id) return;
    ctx.Refer(k, *id, value, what);
    (k == "team" ? step.team : step.level) = *id;
  });
  if (!is_map) return std::nullopt;
  if (step.team.has_value() == step.level.has_value()) {
    ctx.Report(node, fmt::format("{} needs exactly one of team: (a functional move) or level: (a "
                                 "hierarchical move)",
                                 what));
    return std::nullopt;
  }
  return step;
}

}  // namespace

void LoadEscalationPaths(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  ctx.ForEachEntry(section, "escalation_paths", {},
                   [&](const YAML::Node& key, const YAML::Node& value) {
    if (!ctx.Define("escalation path", key.Scalar(), key)) return;
    core::EscalationPath path{key.Scalar(), {}};
    const std::string what = fmt::format("escalation path \"{}\"", path.category);
    if (path.category != "default") ctx.Refer("category", path.category, key, what);
    if (!value.IsSequence() || value.size() == 0) {
      ctx.Report(value, fmt::format("{} must be a non-empty list of steps such as "
                                    "{{team: frontline, time: 2h}}, got {}",
                                    what, Describe(value)));
      return;
    }
    std::size_t index = 0;
    std::set<std::string> teams;
    for (const auto& item : value) {
      ++index;
      ctx.Remember("path step", fmt::format("{}#{}", path.category, index), item);
      auto step = ReadStep(item, ctx, fmt::format("{} step {}", what, index));
      if (!step) continue;
      if (step->team && !teams.insert(*step->team).second) {
        ctx.Report(item, fmt::format("{} visits team \"{}\" twice: a cycle (a case would come back "
                                     "to where it was)",
                                     what, *step->team));
      }
      const bool last = index == value.size();
      if (!last && !step->time) {
        ctx.Report(item, fmt::format("{} step {} has no time: the steps after it could never be "
                                     "reached (give it time: such as 4h)",
                                     what, index));
      }
      if (last && step->time) {
        ctx.Report(item, fmt::format("{} ends with a time limit and no step after it: a dead end "
                                     "(add a step, or remove time: from the last one)",
                                     what));
      }
      path.steps.push_back(*step);
    }
    for (std::size_t i = 0; i + 1 < path.steps.size(); ++i) {
      const core::PathStep& next = path.steps[i + 1];
      path.steps[i].hand_over = {
          next.team ? core::EscalateAction{core::EscalationKind::kToTeam, *next.team}
                    : core::EscalateAction{core::EscalationKind::kToLevel, next.level.value_or("")}};
    }
    policy.paths.push_back(std::move(path));
  });
}

void CheckEscalationPaths(YamlContext& ctx, const core::Policy& policy) {
  auto rank_of = [&](const core::PathStep& step) -> std::optional<int> {
    std::string level_id = step.level.value_or("");
    if (step.team) {
      const core::Team* team = policy.FindTeam(*step.team);
      if (!team) return std::nullopt;
      level_id = team->level;
    }
    const core::Level* level = policy.FindLevel(level_id);
    return level ? std::optional<int>(level->rank) : std::nullopt;
  };
  std::set<int> reached;
  for (const auto& path : policy.paths) {
    std::optional<int> previous;
    std::size_t index = 0;
    for (const auto& step : path.steps) {
      ++index;
      const auto rank = rank_of(step);
      if (!rank) continue;
      reached.insert(*rank);
      const auto place = ctx.PlaceOf("path step", fmt::format("{}#{}", path.category, index));
      if (previous && *rank < *previous && place) {
        ctx.ReportAt(*place, fmt::format("escalation path \"{}\" step {} goes down to level "
                                         "\"{}\": paths only go up or across (de-escalation is "
                                         "an action, not a step)",
                                         path.category, index,
                                         policy.levels[static_cast<std::size_t>(*rank)].id));
      }
      previous = rank;
    }
  }
  if (policy.paths.empty()) return;
  for (const auto& level : policy.levels) {
    const auto place = ctx.PlaceOf("level", level.id);
    if (place && !reached.contains(level.rank)) {
      ctx.ReportAt(*place, fmt::format("level \"{}\" is unreachable: no escalation path leads "
                                       "to it",
                                       level.id));
    }
  }
}

}  // namespace esc::policy
