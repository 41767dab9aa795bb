// Who is acting, and what their role allows. The role matrix lives here, in one place,
// so every use case asks the same questions: staff or customer, which tickets one may
// see, who may approve a sign-off, who manages users and policies. Authority that the
// policy gives a level (may_approve, may_deescalate) comes from the teams the person is
// a member of.
#pragma once

#include <optional>
#include <string>

#include "app/service/records.h"
#include "core/policy/policy.h"

namespace esc::app {

struct Actor {
  Id user_id = 0;
  std::string username;  // "system" for the scheduler
  Role role = Role::kAgent;
  std::optional<Id> customer_id;

  static Actor System() { return Actor{0, "system", Role::kAdmin, std::nullopt}; }
  bool staff() const { return role != Role::kCustomer; }
  bool customer() const { return role == Role::kCustomer; }
};

// The highest level of any team the person is a member, lead or manager of; empty when
// none.
std::string LevelOf(const core::Policy& policy, const std::string& username);

// Whether `actor` may see `ticket` at all (customers: their organisation's only).
bool MaySee(const Actor& actor, const TicketRecord& ticket);
// Management sign-off: managers and escalation managers, or people at a level the policy
// gives `may_approve`. Agents never.
bool MayApprove(const core::Policy& policy, const Actor& actor);
// Supervisors and up act on any case (acknowledge, assign, override the team check).
bool IsSupervisorOrAbove(const Actor& actor);
bool IsAdmin(const Actor& actor);

}  // namespace esc::app
