// Where an escalation sends a case. The policy says "next level", "team T" or "level L";
// this resolves it against the category's escalation path and the levels' ranks, and
// classifies the move: functional (a team at the same level), hierarchical (up) or a
// de-escalation (down). Manual requests are also checked against the path and the
// person's authority before they are carried out.
#pragma once

#include <string>

#include "core/error.h"
#include "core/policy/policy.h"

namespace esc::core {

enum class EscalationType { kFunctional, kHierarchical, kDeescalation };
std::string_view ToString(EscalationType type);

struct EscalationTarget {
  EscalationType type = EscalationType::kHierarchical;
  std::string level;  // the receiving level
  std::string team;   // the receiving team; empty: anyone at the level (on call / routed)
};

// Resolves `action` for a case of `category` held by `current_team`. Errors: unknown
// team or level (NotFound); next level asked at the top of the hierarchy (Conflict).
Result<EscalationTarget> ResolveEscalation(const Policy& policy, const std::string& category,
                                           const std::string& current_team,
                                           const EscalateAction& action);

// The team that takes a case escalated to `target`: its team, else the first team at its
// level with the category's skill, else the first team at that level; empty when the
// level has no team.
std::string ReceivingTeam(const Policy& policy, const EscalationTarget& target,
                          const std::string& category);

// The team a new case of `category` goes to: the first step of its escalation path (a
// team, or the first team at that step's level with the skill), else the first frontline
// team with the skill, else the first frontline team; empty for a policy without teams.
std::string EntryTeam(const Policy& policy, const std::string& category);

struct ManualEscalation {
  std::string actor_level;  // the level of the person asking
  std::string reason;       // required
  EscalateAction action;
};

// Resolves and checks a manual escalation: a reason is required (Invalid); a functional
// move must go to a team that handles the category (Invalid); a de-escalation needs
// `may_deescalate` (Forbidden); going up past the next level of the path needs
// `may_approve`, management authority (Forbidden).
Result<EscalationTarget> CheckManualEscalation(const Policy& policy, const std::string& category,
                                               const std::string& current_team,
                                               const ManualEscalation& request);

}  // namespace esc::core
