#include "app/service/notification_preferences.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/calendar/local_hours.h"

namespace esc::app {
namespace {

constexpr std::int32_t kDay = 86400;

Result<void> MayManage(const Actor& actor, Id user_id) {
  if (actor.customer()) {
    return std::unexpected(core::Error::Forbidden(
        "customers have no notification preferences: what they are told follows the policy's "
        "customer_updates"));
  }
  if (actor.user_id != user_id && !IsAdmin(actor)) {
    return std::unexpected(
        core::Error::Forbidden("only admins manage other users' notification preferences"));
  }
  return {};
}

Result<UserRecord> FindStaffUser(StoreTx& tx, Id user_id) {
  auto found = tx.FindUser(user_id);
  if (!found) return std::unexpected(found.error());
  if (!*found) {
    return std::unexpected(core::Error::NotFound(fmt::format("no user {}", user_id), "id"));
  }
  if ((*found)->role == Role::kCustomer) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("user \"{}\" is a customer contact: customers have no notification "
                    "preferences (the policy's customer_updates decide what they are told)",
                    (*found)->username),
        "id"));
  }
  return **found;
}

std::vector<std::string> ChannelIds(const core::Policy& policy) {
  std::vector<std::string> ids;
  for (const auto& channel : policy.channels) ids.push_back(channel.id);
  return ids;
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "(the policy defines none)" : out;
}

Result<core::NotificationPreferences> Check(const core::Policy& policy,
                                            const PreferencesInput& input) {
  core::NotificationPreferences prefs;
  const std::vector<std::string> known = ChannelIds(policy);
  if (input.channels) {
    for (std::size_t i = 0; i < input.channels->size(); ++i) {
      const std::string& id = (*input.channels)[i];
      const std::string where = fmt::format("channels[{}]", i);
      if (std::find(known.begin(), known.end(), id) == known.end()) {
        return std::unexpected(core::Error::Invalid(
            fmt::format("channel \"{}\" is not in the policy: expected one of {}", id,
                        JoinIds(known)),
            where));
      }
      if (std::find(prefs.channels.begin(), prefs.channels.end(), id) != prefs.channels.end()) {
        return std::unexpected(
            core::Error::Invalid(fmt::format("channel \"{}\" is listed twice", id), where));
      }
      prefs.channels.push_back(id);
    }
  }
  if (input.timezone && !input.quiet_hours) {
    return std::unexpected(core::Error::Invalid(
        "timezone goes with quiet_hours: give both (e.g. \"22:00-07:00\" and \"Europe/Berlin\") "
        "or neither",
        "timezone"));
  }
  if (!input.quiet_hours) return prefs;
  auto interval = core::ParseLocalInterval(*input.quiet_hours);
  if (!interval) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("quiet_hours must be a daily local window \"HH:MM-HH:MM\" such as "
                    "\"22:00-07:00\" (an end before the start crosses midnight), got \"{}\"",
                    *input.quiet_hours),
        "quiet_hours"));
  }
  if (!input.timezone) {
    return std::unexpected(core::Error::Invalid(
        "quiet_hours need a timezone: an IANA name such as \"Europe/Berlin\"", "timezone"));
  }
  core::PersonalQuietHours quiet{interval->begin % kDay, interval->end % kDay, *input.timezone};
  if (quiet.from == quiet.to) {
    return std::unexpected(core::Error::Invalid(
        "quiet_hours must leave part of the day open: a window of 24 hours would hold every "
        "notification back",
        "quiet_hours"));
  }
  if (auto calendar = core::PersonalQuietCalendar(quiet); !calendar) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("unknown time zone \"{}\": expected an IANA name such as \"Europe/Berlin\"",
                    *input.timezone),
        "timezone"));
  }
  prefs.quiet_hours = quiet;
  return prefs;
}

PreferencesView View(const core::Policy& policy, UserRecord user,
                     core::NotificationPreferences prefs) {
  return PreferencesView{std::move(user), std::move(prefs),
                         policy.quiet_hours && policy.quiet_hours->personal, ChannelIds(policy)};
}

}  // namespace

std::string FormatQuietHours(const core::PersonalQuietHours& quiet) {
  auto hhmm = [](std::int32_t s) { return fmt::format("{:02}:{:02}", s / 3600, s % 3600 / 60); };
  return hhmm(quiet.from) + "-" + hhmm(quiet.to);
}

Result<PreferencesView> GetNotificationPreferences(ServiceContext& context, const Actor& actor,
                                                   Id user_id) {
  if (auto ok = MayManage(actor, user_id); !ok) return std::unexpected(ok.error());
  const auto policy = context.policies.Current();
  UserRecord user;
  core::NotificationPreferences prefs;
  auto read = context.store.Read([&](StoreTx& tx) -> Result<void> {
    auto found = FindStaffUser(tx, user_id);
    if (!found) return std::unexpected(found.error());
    user = std::move(*found);
    auto stored = tx.FindNotificationPreferences(user_id);
    if (!stored) return std::unexpected(stored.error());
    if (*stored) prefs = std::move(**stored);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return View(*policy, std::move(user), std::move(prefs));
}

Result<PreferencesView> PutNotificationPreferences(ServiceContext& context, const Actor& actor,
                                                   Id user_id, const PreferencesInput& input) {
  if (auto ok = MayManage(actor, user_id); !ok) return std::unexpected(ok.error());
  const auto policy = context.policies.Current();
  auto prefs = Check(*policy, input);
  if (!prefs) return std::unexpected(prefs.error());
  UserRecord user;
  auto written = context.store.Write([&](StoreTx& tx) -> Result<void> {
    auto found = FindStaffUser(tx, user_id);
    if (!found) return std::unexpected(found.error());
    user = std::move(*found);
    return tx.SaveNotificationPreferences(user_id, *prefs, context.clock.Now());
  });
  if (!written) return std::unexpected(written.error());
  return View(*policy, std::move(user), std::move(*prefs));
}

}  // namespace esc::app
