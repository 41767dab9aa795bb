#include "app/service/records.h"

namespace esc::app {

std::string_view ToString(Role role) {
  switch (role) {
    case Role::kCustomer: return "customer";
    case Role::kAgent: return "agent";
    case Role::kSupervisor: return "supervisor";
    case Role::kEscalationManager: return "escalation_manager";
    case Role::kManager: return "manager";
    case Role::kAdmin: return "admin";
  }
  return "customer";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (Role role : kAllRoles) {
    if (ToString(role) == text) return role;
  }
  return std::nullopt;
}

}  // namespace esc::app
