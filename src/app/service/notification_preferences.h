// Reading and replacing a person's notification preferences (core/engine/
// notification_preferences.h says what they do): the signed-in user their own, admins
// anyone's. Input is checked against the running policy (channels it defines) and the
// tz database (the time zone of personal quiet hours); on any problem nothing changes
// and the error names the field, what was wrong and what is expected. Customers have
// none: what they are told follows the policy's customer_updates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/service/actor.h"
#include "app/service/records.h"
#include "app/service/service_context.h"
#include "core/engine/notification_preferences.h"

namespace esc::app {

// A PUT: everything is replaced; an absent field means "none".
struct PreferencesInput {
  std::optional<std::vector<std::string>> channels;  // channel ids of the policy
  std::optional<std::string> quiet_hours;            // "HH:MM-HH:MM", local
  std::optional<std::string> timezone;               // IANA; required with quiet_hours
};

struct PreferencesView {
  UserRecord user;
  core::NotificationPreferences preferences;
  bool quiet_hours_apply = false;            // the policy allows personal quiet hours
  std::vector<std::string> policy_channels;  // what may be chosen
};

// NotFound for a user the actor may not see (or that does not exist); Forbidden for a
// customer user or another user's preferences without being an admin.
Result<PreferencesView> GetNotificationPreferences(ServiceContext& context, const Actor& actor,
                                                   Id user_id);
Result<PreferencesView> PutNotificationPreferences(ServiceContext& context, const Actor& actor,
                                                   Id user_id, const PreferencesInput& input);

// "22:00-07:00" for a window.
std::string FormatQuietHours(const core::PersonalQuietHours& quiet);

}  // namespace esc::app
