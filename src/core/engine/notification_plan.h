// Who a trigger's `notify` reaches, on which channel, and when: the roles resolve
// against the team holding the case (assignee, the team's members, lead, manager, who is
// on call, the customer), and quiet hours decide the sending instant. No warning or
// escalation mail goes out at night unless the policy asks for it:
// - a notification waits until the quiet-hours calendar opens: `quiet_hours.calendar`
//   when the policy has that section, else the calendar of the team holding the case;
// - it goes at once for a priority in `quiet_hours.except_priorities`, for the on-call
//   person (being on call means being reachable), for the customer, and when there is
//   no calendar to wait for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/policy/policy.h"

namespace esc::core {

struct NotifyContext {
  const Team* team = nullptr;  // holding the case; nullptr: none yet
  std::string assignee;        // empty: unassigned
  std::string on_call;         // on call for the team now; empty: no rotation
  std::string priority;
  std::string customer = "customer";  // the customer's address or name
};

struct PlannedNotification {
  std::optional<RecipientRole> role;  // empty for a person named in the policy
  std::string recipient;
  std::string channel;                // channel id
  Instant send_at;
  bool held = false;                  // delayed by quiet hours
};

// The calendar whose opening a notification to `role` waits for; nullptr when it goes at
// once (the on-call role, the customer, a priority in except_priorities, no calendar).
const Calendar* QuietHoursCalendar(const Policy& policy, std::optional<RecipientRole> role,
                                   const NotifyContext& context);

// One notification per recipient and channel, recipients in the order the action lists
// them, duplicates dropped (a lead who is also the assignee is told once per channel, at
// the earliest instant any of their roles allows: an assignee on call is told at once).
// Roles that resolve to nobody (no lead, nobody on call) are skipped. An action without
// `via` uses the policy's first email channel (else its first channel).
std::vector<PlannedNotification> PlanNotifications(const Policy& policy, const NotifyAction& action,
                                                   const NotifyContext& context, Instant at);

}  // namespace esc::core
