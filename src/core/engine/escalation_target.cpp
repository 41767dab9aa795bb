#include "core/engine/escalation_target.h"

#include <algorithm>

#include <fmt/format.h>

namespace esc::core {
namespace {

// A team without skills handles every category.
bool Handles(const Team& team, const std::string& category) {
  return ListAllows(team.skills, category);
}

int RankOf(const Policy& policy, const std::string& level_id) {
  const Level* level = policy.FindLevel(level_id);
  return level ? level->rank : -1;
}

// The team that receives a case at `level`: the first path step there, else the first
// team at that level that handles the category, else nobody in particular.
std::string TeamAtLevel(const Policy& policy, const std::string& category, const std::string& level) {
  if (const EscalationPath* path = policy.PathFor(category)) {
    for (const PathStep& step : path->steps) {
      if (step.team) {
        const Team* team = policy.FindTeam(*step.team);
        if (team && team->level == level) return team->id;
      }
      if (step.level == level) return "";
    }
  }
  for (const Team& team : policy.teams) {
    if (team.level == level && Handles(team, category)) return team.id;
  }
  return "";
}

EscalationType Classify(int from_rank, int to_rank) {
  if (to_rank > from_rank) return EscalationType::kHierarchical;
  if (to_rank < from_rank) return EscalationType::kDeescalation;
  return EscalationType::kFunctional;
}

Result<EscalationTarget> NextLevel(const Policy& policy, const std::string& category,
                                   const Team& current, int rank) {
  if (const EscalationPath* path = policy.PathFor(category)) {
    auto here = std::find_if(path->steps.begin(), path->steps.end(),
                             [&](const PathStep& s) { return s.team == current.id; });
    auto from = here == path->steps.end() ? path->steps.begin() : here + 1;
    for (auto it = from; it != path->steps.end(); ++it) {
      if (it->team) {
        const Team* team = policy.FindTeam(*it->team);
        if (team && RankOf(policy, team->level) > rank) {
          return EscalationTarget{EscalationType::kHierarchical, team->level, team->id};
        }
      } else if (it->level && RankOf(policy, *it->level) > rank) {
        return EscalationTarget{EscalationType::kHierarchical, *it->level, ""};
      }
    }
  }
  if (rank + 1 >= static_cast<int>(policy.levels.size())) {
    return std::unexpected(Error::Conflict(fmt::format(
        "team \"{}\" is already at the highest level ({}): there is no next level", current.id,
        current.level)));
  }
  const std::string& level = policy.levels[static_cast<std::size_t>(rank + 1)].id;
  return EscalationTarget{EscalationType::kHierarchical, level, TeamAtLevel(policy, category, level)};
}

}  // namespace

std::string EntryTeam(const Policy& policy, const std::string& category) {
  if (const EscalationPath* path = policy.PathFor(category); path && !path->steps.empty()) {
    const PathStep& first = path->steps.front();
    if (first.team) return *first.team;
    for (const Team& team : policy.teams) {
      if (team.level == first.level && Handles(team, category)) return team.id;
    }
  }
  if (policy.levels.empty()) return "";
  const std::string& frontline = policy.levels.front().id;
  for (const Team& team : policy.teams) {
    if (team.level == frontline && Handles(team, category)) return team.id;
  }
  for (const Team& team : policy.teams) {
    if (team.level == frontline) return team.id;
  }
  return "";
}

std::string ReceivingTeam(const Policy& policy, const EscalationTarget& target,
                          const std::string& category) {
  if (!target.team.empty()) return target.team;
  const Team* fallback = nullptr;
  for (const Team& team : policy.teams) {
    if (team.level != target.level) continue;
    if (std::find(team.skills.begin(), team.skills.end(), category) != team.skills.end()) {
      return team.id;
    }
    if (!fallback) fallback = &team;
  }
  return fallback ? fallback->id : std::string();
}

std::string_view ToString(EscalationType type) {
  switch (type) {
    case EscalationType::kFunctional: return "functional";
    case EscalationType::kHierarchical: return "hierarchical";
    case EscalationType::kDeescalation: return "de-escalation";
  }
  return "unknown";
}

Result<EscalationTarget> ResolveEscalation(const Policy& policy, const std::string& category,
                                           const std::string& current_team,
                                           const EscalateAction& action) {
  const Team* current = policy.FindTeam(current_team);
  if (!current) {
    return std::unexpected(Error::NotFound(fmt::format("no team \"{}\" in the policy", current_team)));
  }
  const int rank = RankOf(policy, current->level);
  switch (action.kind) {
    case EscalationKind::kNextLevel:
      return NextLevel(policy, category, *current, rank);
    case EscalationKind::kToTeam: {
      const Team* team = policy.FindTeam(action.target);
      if (!team) {
        return std::unexpected(Error::NotFound(fmt::format("no team \"{}\" in the policy", action.target)));
      }
      return EscalationTarget{Classify(rank, RankOf(policy, team->level)), team->level, team->id};
    }
    case EscalationKind::kToLevel: {
      if (!policy.FindLevel(action.target)) {
        return std::unexpected(Error::NotFound(fmt::format("no level \"{}\" in the policy", action.target)));
      }
      return EscalationTarget{Classify(rank, RankOf(policy, action.target)), action.target,
                              TeamAtLevel(policy, category, action.target)};
    }
  }
  return std::unexpected(Error::Invalid("unknown kind of escalation"));
}

Result<EscalationTarget> CheckManualEscalation(const Policy& policy, const std::string& category,
                                               const std::string& current_team,
                                               const ManualEscalation& request) {
  if (request.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return std::unexpected(Error::Invalid("an escalation needs a reason", "reason"));
  }
  const Level* actor = policy.FindLevel(request.actor_level);
  if (!actor) {
    return std::unexpected(Error::NotFound(fmt::format("no level \"{}\" in the policy", request.actor_level)));
  }
  auto target = ResolveEscalation(policy, category, current_team, request.action);
  if (!target) return target;
  if (target->type == EscalationType::kFunctional && !target->team.empty() &&
      !Handles(*policy.FindTeam(target->team), category)) {
    return std::unexpected(Error::Invalid(fmt::format(
        "team \"{}\" does not handle category \"{}\" (its skills do not include it)", target->team,
        category)));
  }
  if (target->type == EscalationType::kDeescalation && !actor->authority.may_deescalate) {
    return std::unexpected(Error::Forbidden(fmt::format(
        "de-escalating needs authority to de-escalate, which level {} does not have", actor->id)));
  }
  if (target->type == EscalationType::kHierarchical &&
      request.action.kind != EscalationKind::kNextLevel && !actor->authority.may_approve) {
    auto next = ResolveEscalation(policy, category, current_team, EscalateAction{});
    if (next && RankOf(policy, target->level) > RankOf(policy, next->level)) {
      return std::unexpected(Error::Forbidden(fmt::format(
          "escalating past the next level ({}) to {} needs management authority (may_approve), "
          "which level {} does not have",
          next->level, target->level, actor->id)));
    }
  }
  return target;
}

}  // namespace esc::core
