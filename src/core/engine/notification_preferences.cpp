#include "core/engine/notification_preferences.h"

#include <algorithm>

namespace esc::core {
namespace {

constexpr std::int32_t kDay = 86400;

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Whether personal quiet hours may hold a notification to `n.recipient` back.
bool PersonalQuietApplies(const Policy& policy, const PlannedNotification& n,
                          const NotifyContext& context) {
  if (!policy.quiet_hours || !policy.quiet_hours->personal) return false;
  if (n.role == RecipientRole::kOnCall || n.role == RecipientRole::kCustomer) return false;
  if (!context.on_call.empty() && n.recipient == context.on_call) return false;
  return !Contains(policy.quiet_hours->except_priorities, context.priority);
}

// The first instant at or after `t` outside the personal window and, when `calendar` is
// set, inside its hours. Each step moves forward to an opening; a few rounds settle it
// (the two only alternate while one's opening falls into the other's closed time). When
// they never meet (a personal window covering all of the calendar's hours), `t` as the
// policy alone decided it.
Instant SettleSendAt(Instant t, const Calendar& personal, const Calendar* policy_calendar) {
  const Instant policy_instant = t;
  for (int round = 0; round < 32; ++round) {
    Instant next = t;
    if (auto open = personal.NextOpen(next)) next = *open;
    if (policy_calendar) {
      if (auto open = policy_calendar->NextOpen(next)) next = *open;
    }
    if (next == t) return t;
    t = next;
  }
  return policy_instant;
}

}  // namespace

Result<Calendar> PersonalQuietCalendar(const PersonalQuietHours& quiet) {
  if (quiet.from < 0 || quiet.from >= kDay || quiet.to < 0 || quiet.to >= kDay) {
    return std::unexpected(Error::Invalid("quiet hours must be times of day from 00:00 to 23:59"));
  }
  if (quiet.from == quiet.to) {
    return std::unexpected(
        Error::Invalid("quiet hours must not start and end at the same time"));
  }
  DayHours open;
  if (quiet.from > quiet.to) {  // 22:00-07:00: open 07:00-22:00
    open.push_back({quiet.to, quiet.from});
  } else {  // 13:00-14:00: open until 13:00 and from 14:00
    if (quiet.from > 0) open.push_back({0, quiet.from});
    open.push_back({quiet.to, kDay});
  }
  CalendarSpec spec;
  spec.id = "personal-quiet-hours";
  spec.timezone = quiet.timezone;
  spec.weekly.fill(open);
  return Calendar::Create(std::move(spec));
}

std::vector<PlannedNotification> ApplyPreferences(const Policy& policy,
                                                  std::vector<PlannedNotification> plan,
                                                  const NotifyContext& context,
                                                  const PreferencesByPerson& preferences,
                                                  Instant at) {
  std::vector<PlannedNotification> out;
  out.reserve(plan.size());
  for (const PlannedNotification& n : plan) {
    auto found = preferences.find(n.recipient);
    if (found == preferences.end() || n.role == RecipientRole::kCustomer) {
      out.push_back(n);
      continue;
    }
    const NotificationPreferences& prefs = found->second;
    if (!prefs.channels.empty() && !Contains(prefs.channels, n.channel)) {
      // Dropped only when the person gets this notification on a preferred channel.
      const bool reached = std::any_of(plan.begin(), plan.end(), [&](const PlannedNotification& o) {
        return o.recipient == n.recipient && Contains(prefs.channels, o.channel);
      });
      if (reached) continue;
    }
    PlannedNotification adjusted = n;
    if (prefs.quiet_hours && PersonalQuietApplies(policy, n, context)) {
      if (auto personal = PersonalQuietCalendar(*prefs.quiet_hours)) {
        adjusted.send_at =
            SettleSendAt(n.send_at, *personal, QuietHoursCalendar(policy, n.role, context));
        adjusted.held = adjusted.send_at > at;
      }
    }
    out.push_back(std::move(adjusted));
  }
  return out;
}

}  // namespace esc::core
