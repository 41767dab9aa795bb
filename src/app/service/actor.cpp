#include "app/service/actor.h"

#include <algorithm>

namespace esc::app {

std::string LevelOf(const core::Policy& policy, const std::string& username) {
  const core::Level* best = nullptr;
  for (const auto& team : policy.teams) {
    const bool in = std::find(team.members.begin(), team.members.end(), username) !=
                        team.members.end() ||
                    team.lead == username || team.manager == username;
    if (!in) continue;
    const core::Level* level = policy.FindLevel(team.level);
    if (level && (!best || level->rank > best->rank)) best = level;
  }
  return best ? best->id : std::string();
}

bool MaySee(const Actor& actor, const TicketRecord& ticket) {
  if (actor.staff()) return true;
  return actor.customer_id && *actor.customer_id == ticket.customer_id;
}

bool MayApprove(const core::Policy& policy, const Actor& actor) {
  if (actor.role == Role::kManager || actor.role == Role::kEscalationManager) return true;
  if (!actor.staff() || actor.role == Role::kAgent) return false;
  const core::Level* level = policy.FindLevel(LevelOf(policy, actor.username));
  return level && level->authority.may_approve;
}

bool IsSupervisorOrAbove(const Actor& actor) {
  return actor.role == Role::kSupervisor || actor.role == Role::kEscalationManager ||
         actor.role == Role::kManager || actor.role == Role::kAdmin;
}

bool IsAdmin(const Actor& actor) { return actor.role == Role::kAdmin; }

}  // namespace esc::app
