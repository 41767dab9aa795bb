// Each person's notification preferences and how they adjust a planned notification:
// which of the policy's channels they want, and quiet hours of their own (a daily local
// window such as 22:00-07:00 in their IANA time zone). The store keeps them per user; the
// app passes those of the recipients in, so this stays pure.
// - Channels: of the channels an action planned for a person, only the preferred ones
//   stay. When none of the preferred channels is among them, the person keeps all of the
//   action's channels: a preference never makes a notification disappear.
// - Personal quiet hours hold a notification until the window ends, only when the
//   policy allows it (`quiet_hours.personal: true`), never for the on-call person (by
//   role or by name), for a priority in `quiet_hours.except_priorities`, or for the
//   customer. The policy's quiet-hours calendar still applies afterwards: the instant is
//   the first that is outside the personal window and inside the calendar's hours (a
//   personal window that leaves none of the calendar's hours open is ignored).
// The customer role is never affected.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar/calendar.h"
#include "core/engine/notification_plan.h"

namespace esc::core {

struct PersonalQuietHours {
  std::int32_t from = 0;  // seconds after local midnight the window starts, [0, 86400)
  std::int32_t to = 0;    // ... and ends; earlier than `from`: it crosses midnight
  std::string timezone = "Etc/UTC";  // IANA name
  friend bool operator==(const PersonalQuietHours&, const PersonalQuietHours&) = default;
};

struct NotificationPreferences {
  std::vector<std::string> channels;  // channel ids; empty: every channel an action uses
  std::optional<PersonalQuietHours> quiet_hours;
  friend bool operator==(const NotificationPreferences&, const NotificationPreferences&) =
      default;
};

// By username.
using PreferencesByPerson = std::map<std::string, NotificationPreferences, std::less<>>;

// The calendar that is open outside the personal window, every day, in its time zone
// (date-tz: DST gaps and repeats handled like every calendar). Invalid: an unknown time
// zone, or an empty window (from == to).
Result<Calendar> PersonalQuietCalendar(const PersonalQuietHours& quiet);

// `plan` as PlanNotifications made it for `context` at `at`, adjusted by the preferences
// of its recipients (a person without an entry keeps the plan). Order is kept.
std::vector<PlannedNotification> ApplyPreferences(const Policy& policy,
                                                  std::vector<PlannedNotification> plan,
                                                  const NotifyContext& context,
                                                  const PreferencesByPerson& preferences,
                                                  Instant at);

}  // namespace esc::core
