#include "core/engine/notification_plan.h"

#include <algorithm>

namespace esc::core {
namespace {

struct Recipient {
  std::optional<RecipientRole> role;
  std::string name;
};

void AddRole(RecipientRole role, const NotifyContext& c, std::vector<Recipient>& out) {
  auto add = [&](const std::string& name) {
    if (!name.empty()) out.push_back({role, name});
  };
  switch (role) {
    case RecipientRole::kAssignee: add(c.assignee); break;
    case RecipientRole::kTeam:
      if (c.team) {
        for (const std::string& member : c.team->members) add(member);
      }
      break;
    case RecipientRole::kTeamLead:
      if (c.team && c.team->lead) add(*c.team->lead);
      break;
    case RecipientRole::kManager:
      if (c.team && c.team->manager) add(*c.team->manager);
      break;
    case RecipientRole::kCustomer: add(c.customer); break;
    case RecipientRole::kOnCall: add(c.on_call); break;
  }
}

// When a notification to `role` may go out at or after `at`.
Instant SendAt(const Policy& policy, std::optional<RecipientRole> role, const NotifyContext& c,
               Instant at) {
  const Calendar* calendar = QuietHoursCalendar(policy, role, c);
  if (!calendar) return at;
  auto open = calendar->NextOpen(at);
  return open ? *open : at;
}

}  // namespace

const Calendar* QuietHoursCalendar(const Policy& policy, std::optional<RecipientRole> role,
                                   const NotifyContext& c) {
  if (role == RecipientRole::kOnCall || role == RecipientRole::kCustomer) return nullptr;
  if (policy.quiet_hours) {
    const auto& except = policy.quiet_hours->except_priorities;
    if (std::find(except.begin(), except.end(), c.priority) != except.end()) return nullptr;
    return policy.FindCalendar(policy.quiet_hours->calendar);
  }
  if (c.team && c.team->calendar) return policy.FindCalendar(*c.team->calendar);
  return nullptr;
}

std::vector<PlannedNotification> PlanNotifications(const Policy& policy, const NotifyAction& action,
                                                   const NotifyContext& context, Instant at) {
  std::vector<Recipient> recipients;
  for (RecipientRole role : action.roles) AddRole(role, context, recipients);
  for (const std::string& person : action.people) recipients.push_back({std::nullopt, person});
  std::vector<std::string> channels = action.channels;
  if (channels.empty()) {
    auto email = std::find_if(policy.channels.begin(), policy.channels.end(),
                              [](const Channel& c) { return c.type == ChannelType::kEmail; });
    if (email != policy.channels.end()) {
      channels.push_back(email->id);
    } else if (!policy.channels.empty()) {
      channels.push_back(policy.channels.front().id);
    }
  }
  std::vector<PlannedNotification> out;
  for (const Recipient& r : recipients) {
    const Instant send_at = SendAt(policy, r.role, context, at);
    for (const std::string& channel : channels) {
      auto seen = std::find_if(out.begin(), out.end(), [&](const PlannedNotification& n) {
        return n.recipient == r.name && n.channel == channel;
      });
      if (seen == out.end()) {
        out.push_back({r.role, r.name, channel, send_at, send_at > at});
      } else if (send_at < seen->send_at) {  // a role that may reach them sooner wins
        *seen = {r.role, r.name, channel, send_at, send_at > at};
      }
    }
  }
  return out;
}

}  // namespace esc::core
