#include "core/policy/trigger.h"

namespace esc::core {

namespace {
constexpr RecipientRole kRoles[] = {RecipientRole::kAssignee, RecipientRole::kTeam,
                                    RecipientRole::kTeamLead, RecipientRole::kManager,
                                    RecipientRole::kCustomer, RecipientRole::kOnCall};
}  // namespace

std::string_view ToString(RecipientRole role) {
  switch (role) {
    case RecipientRole::kAssignee: return "assignee";
    case RecipientRole::kTeam: return "team";
    case RecipientRole::kTeamLead: return "team_lead";
    case RecipientRole::kManager: return "manager";
    case RecipientRole::kCustomer: return "customer";
    case RecipientRole::kOnCall: return "on_call";
  }
  return "unknown";
}

std::optional<RecipientRole> ParseRecipientRole(std::string_view text) {
  for (RecipientRole role : kRoles) {
    if (ToString(role) == text) return role;
  }
  return std::nullopt;
}

}  // namespace esc::core
