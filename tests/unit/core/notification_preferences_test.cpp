// Tests of each person's notification preferences applied to a plan: preferred channels
// (and the fallback when none of them was planned), personal quiet hours across midnight
// and DST changes, where the policy forbids or exempts them, and with the policy's own
// quiet-hours calendar.
#include "core/engine/notification_preferences.h"

#include <gtest/gtest.h>

#include "unit/core/calendar_test_util.h"

namespace esc::core {
namespace {

using testing::At;

constexpr auto kAssignee = RecipientRole::kAssignee;

Calendar Weekdays(std::string timezone, std::string_view hours) {
  CalendarSpec spec;
  spec.id = "office";
  spec.timezone = std::move(timezone);
  for (int day = 1; day <= 5; ++day) spec.weekly[day] = testing::Hours({hours});
  auto calendar = Calendar::Create(std::move(spec));
  if (!calendar) throw std::runtime_error(calendar.error().message);
  return *calendar;
}

// A policy with channels mail and chat, quiet hours on an all-day calendar (so only the
// personal window holds anything back) that allow personal quiet hours.
Policy PolicyAllowingPersonalQuietHours() {
  Policy policy;
  Channel mail, chat;
  mail.id = "mail";
  chat.id = "chat";
  chat.type = ChannelType::kWebhook;
  policy.channels = {mail, chat};
  CalendarSpec always;
  always.id = "always";
  always.weekly.fill(testing::Hours({"00:00-24:00"}));
  policy.calendars.emplace("always", *Calendar::Create(std::move(always)));
  policy.quiet_hours = QuietHours{"always", {"critical"}, true};
  return policy;
}

PersonalQuietHours Quiet(std::string_view from, std::string_view to, std::string timezone) {
  return {*ParseLocalTime(from), *ParseLocalTime(to), std::move(timezone)};
}

PlannedNotification To(std::string recipient, std::string channel, Instant at,
                       std::optional<RecipientRole> role = kAssignee) {
  return {role, std::move(recipient), std::move(channel), at, false};
}

NotifyContext Context(std::string priority = "normal", std::string on_call = "") {
  return NotifyContext{nullptr, "ann", std::move(on_call), std::move(priority), "customer"};
}

TEST(NotificationPreferences, OnlyThePreferredChannelsStay) {
  const Policy policy = PolicyAllowingPersonalQuietHours();
  const Instant at = At("2026-03-10T12:00:00Z");
  PreferencesByPerson prefs{{"ann", {{"chat"}, std::nullopt}}};
  const auto out = ApplyPreferences(
      policy, {To("ann", "mail", at), To("ann", "chat", at), To("bob", "mail", at)}, Context(),
      prefs, at);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].recipient, "ann");
  EXPECT_EQ(out[0].channel, "chat");
  EXPECT_EQ(out[1].recipient, "bob");  // no preferences: the plan as it was
  EXPECT_EQ(out[1].channel, "mail");
}

TEST(NotificationPreferences, WithoutAPreferredChannelPlannedThePersonKeepsTheActionsChannels) {
  const Policy policy = PolicyAllowingPersonalQuietHours();
  const Instant at = At("2026-03-10T12:00:00Z");
  PreferencesByPerson prefs{{"ann", {{"chat"}, std::nullopt}}};
  const auto out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context(), prefs, at);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].channel, "mail");
  EXPECT_EQ(out[0].send_at, at);
}

TEST(NotificationPreferences, TheCustomerIsNeverAffected) {
  const Policy policy = PolicyAllowingPersonalQuietHours();
  const Instant at = At("2026-03-10T23:30:00Z");
  PreferencesByPerson prefs{
      {"customer", {{"chat"}, Quiet("22:00", "07:00", "Etc/UTC")}}};
  const auto out = ApplyPreferences(
      policy, {To("customer", "mail", at, RecipientRole::kCustomer)}, Context(), prefs, at);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].channel, "mail");
  EXPECT_EQ(out[0].send_at, at);
  EXPECT_FALSE(out[0].held);
}

TEST(NotificationPreferences, PersonalQuietHoursAcrossMidnightHoldUntilTheMorning) {
  const Policy policy = PolicyAllowingPersonalQuietHours();
  PreferencesByPerson prefs{{"ann", {{}, Quiet("22:00", "07:00", "Europe/Berlin")}}};
  const Instant late = At("2026-03-10T23:30:00+01:00");
  auto out = ApplyPreferences(policy, {To("ann", "mail", late)}, Context(), prefs, late);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].send_at, At("2026-03-11T07:00:00+01:00"));
  EXPECT_TRUE(out[0].held);
  const Instant early = At("2026-03-11T06:59:00+01:00");
  out = ApplyPreferences(policy, {To("ann", "mail", early)}, Context(), prefs, early);
  EXPECT_EQ(out[0].send_at, At("2026-03-11T07:00:00+01:00"));
  const Instant day = At("2026-03-11T07:00:00+01:00");
  out = ApplyPreferences(policy, {To("ann", "mail", day)}, Context(), prefs, day);
  EXPECT_EQ(out[0].send_at, day);
  EXPECT_FALSE(out[0].held);
}

TEST(NotificationPreferences, PersonalQuietHoursEndAtLocalTimeAcrossDstChanges) {
  const Policy policy = PolicyAllowingPersonalQuietHours();
  PreferencesByPerson prefs{{"ann", {{}, Quiet("22:00", "07:00", "Europe/Berlin")}}};
  // Spring forward (2026-03-29 02:00 -> 03:00): the night is an hour shorter.
  Instant at = At("2026-03-28T23:00:00+01:00");
  auto out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context(), prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-03-29T07:00:00+02:00"));
  // Fall back (2026-10-25 03:00 -> 02:00): an hour longer.
  at = At("2026-10-24T23:00:00+02:00");
  out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context(), prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-10-25T07:00:00+01:00"));
  // A window ending inside the gap ends at the transition.
  prefs["ann"].quiet_hours = Quiet("22:00", "02:30", "Europe/Berlin");
  at = At("2026-03-28T23:00:00+01:00");
  out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context(), prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-03-29T03:00:00+02:00"));
}

TEST(NotificationPreferences, AWindowWithinTheDayHoldsOnlyInsideIt) {
  const Policy policy = PolicyAllowingPersonalQuietHours();
  PreferencesByPerson prefs{{"ann", {{}, Quiet("12:00", "13:30", "America/New_York")}}};
  Instant at = At("2026-07-01T12:15:00-04:00");
  auto out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context(), prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-07-01T13:30:00-04:00"));
  at = At("2026-07-01T23:59:00-04:00");
  out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context(), prefs, at);
  EXPECT_EQ(out[0].send_at, at);
}

TEST(NotificationPreferences, PersonalQuietHoursNeedThePolicysPermission) {
  Policy policy = PolicyAllowingPersonalQuietHours();
  policy.quiet_hours->personal = false;
  PreferencesByPerson prefs{{"ann", {{"chat"}, Quiet("22:00", "07:00", "Etc/UTC")}}};
  const Instant at = At("2026-03-10T23:30:00Z");
  const auto out = ApplyPreferences(policy, {To("ann", "mail", at), To("ann", "chat", at)},
                                    Context(), prefs, at);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].channel, "chat");  // the channel preference still applies
  EXPECT_EQ(out[0].send_at, at);
}

TEST(NotificationPreferences, NeverForTheOnCallPersonOrAnExceptedPriority) {
  const Policy policy = PolicyAllowingPersonalQuietHours();
  PreferencesByPerson prefs{{"ann", {{}, Quiet("22:00", "07:00", "Etc/UTC")}}};
  const Instant at = At("2026-03-10T23:30:00Z");
  // On call by role, or by name while reached as the assignee.
  auto out = ApplyPreferences(policy, {To("ann", "mail", at, RecipientRole::kOnCall)}, Context(),
                              prefs, at);
  EXPECT_EQ(out[0].send_at, at);
  out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context("normal", "ann"), prefs, at);
  EXPECT_EQ(out[0].send_at, at);
  out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context("critical"), prefs, at);
  EXPECT_EQ(out[0].send_at, at);
  out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context("normal", "bob"), prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-03-11T07:00:00Z"));
}

TEST(NotificationPreferences, ThePolicyCalendarStillAppliesAfterThePersonalWindow) {
  Policy policy = PolicyAllowingPersonalQuietHours();
  policy.calendars.emplace("office", Weekdays("Etc/UTC", "09:00-17:00"));
  policy.quiet_hours->calendar = "office";
  // Friday night: the personal window ends Saturday 07:00, the office opens Monday 09:00.
  PreferencesByPerson prefs{{"ann", {{}, Quiet("22:00", "07:00", "Etc/UTC")}}};
  Instant at = At("2026-03-13T23:00:00Z");
  auto out = ApplyPreferences(policy, {To("ann", "mail", At("2026-03-16T09:00:00Z"))}, Context(),
                              prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-03-16T09:00:00Z"));
  // A personal lunch break inside office hours moves the instant past the office opening.
  prefs["ann"].quiet_hours = Quiet("08:00", "10:00", "Etc/UTC");
  out = ApplyPreferences(policy, {To("ann", "mail", At("2026-03-16T09:00:00Z"))}, Context(),
                         prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-03-16T10:00:00Z"));
  // A window that ends after the office closes waits for the next office day.
  prefs["ann"].quiet_hours = Quiet("16:00", "10:00", "Etc/UTC");
  at = At("2026-03-16T16:30:00Z");
  out = ApplyPreferences(policy, {To("ann", "mail", at)}, Context(), prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-03-17T10:00:00Z"));
  // A window covering all of the office hours is ignored, never holding forever.
  prefs["ann"].quiet_hours = Quiet("08:00", "18:00", "Etc/UTC");
  out = ApplyPreferences(policy, {To("ann", "mail", At("2026-03-16T09:00:00Z"))}, Context(),
                         prefs, at);
  EXPECT_EQ(out[0].send_at, At("2026-03-16T09:00:00Z"));
}

TEST(NotificationPreferences, AnUnknownTimeZoneOrAnEmptyWindowIsInvalid) {
  EXPECT_FALSE(PersonalQuietCalendar(Quiet("22:00", "07:00", "Mars/Olympus")));
  EXPECT_FALSE(PersonalQuietCalendar(Quiet("07:00", "07:00", "Etc/UTC")));
  EXPECT_TRUE(PersonalQuietCalendar(Quiet("22:00", "07:00", "Asia/Kolkata")));
}

}  // namespace
}  // namespace esc::core
