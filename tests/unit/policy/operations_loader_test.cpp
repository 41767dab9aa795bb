// Tests of the oncall, routing, limits and quiet_hours sections.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/policy_loader.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using ::testing::ElementsAre;
using test_support::ProblemLines;

constexpr const char* kHead = R"(calendars:
  office: {hours: {mon: ["09:00-17:00"]}}
priorities: {order: [critical, low]}
levels: {L1: {}}
teams:
  ops: {level: L1, members: [karl, lena], manager: otto}
)";

TEST(OperationsLoader, LoadsRotationsRoutingLimitsAndQuietHours) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(oncall:
  ops-week:
    team: ops
    handover: daily
    at: "08:30"
    timezone: Europe/Berlin
    start: 2026-03-02
    members: [karl, lena]
    overrides: [{from: 2026-12-24, to: 2026-12-26, member: otto}]
routing: {order: [on_call, load]}
limits:
  - {level: L1, max_open_escalations: 20, beyond: notify_manager}
  - {team: ops, max_open_escalations: 5}
quiet_hours: {calendar: office, except_priorities: [critical], personal: true}
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  ASSERT_EQ(policy->rotations.size(), 1u);
  const core::Rotation& r = policy->rotations[0];
  EXPECT_EQ(r.handover, core::Handover::kDaily);
  EXPECT_EQ(r.handover_time, std::chrono::minutes{8 * 60 + 30});
  EXPECT_EQ(r.start, date::sys_days{date::year{2026} / 3 / 2});
  ASSERT_EQ(r.overrides.size(), 1u);
  EXPECT_EQ(r.overrides[0].member, "otto");
  EXPECT_THAT(policy->routing.order, ElementsAre(core::RoutingCriterion::kOnCall,
                                                 core::RoutingCriterion::kLoad));
  ASSERT_EQ(policy->limits.size(), 2u);
  EXPECT_EQ(policy->limits[0].beyond, core::OverloadAction::kNotifyManager);
  EXPECT_EQ(policy->limits[1].team, "ops");
  EXPECT_EQ(policy->limits[1].beyond, core::OverloadAction::kQueue);
  ASSERT_TRUE(policy->quiet_hours.has_value());
  EXPECT_EQ(policy->quiet_hours->calendar, "office");
  EXPECT_THAT(policy->quiet_hours->except_priorities, ElementsAre("critical"));
  EXPECT_TRUE(policy->quiet_hours->personal);
}

TEST(OperationsLoader, PersonalQuietHoursAreOffByDefaultAndAFlag) {
  auto policy = LoadPolicyText(std::string(kHead) + "quiet_hours: {calendar: office}\n",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  EXPECT_FALSE(policy->quiet_hours->personal);
  EXPECT_THAT(ProblemLines(std::string(kHead) + "quiet_hours: {calendar: office, personal: 2}\n"),
              ElementsAre(::testing::HasSubstr("p.yaml:7:43: quiet_hours personal must be true or false")));
}

TEST(OperationsLoader, ReportsEveryProblemWithItsPosition) {
  EXPECT_THAT(
      ProblemLines(std::string(kHead) + R"(oncall:
  a: {team: dev, handover: monthly, at: "25:00", timezone: Mars/Base, start: 2026-02-30, members: [karl, zed]}
  b: {team: ops, members: [karl], overrides: [{from: 2026-03-05, to: 2026-03-01, member: lena}]}
routing: {order: [skills, luck]}
limits:
  - {level: L1, team: ops, max_open_escalations: 0, beyond: panic}
quiet_hours: {except_priorities: [urgent]}
)"),
      ElementsAre(
          "p.yaml:8:28: handover must be daily or weekly, got \"monthly\"",
          "p.yaml:8:41: at: expected a local time HH:MM from 00:00 to 23:59, got \"25:00\"",
          "p.yaml:8:60: rotation \"a\": unknown time zone \"Mars/Base\": expected an IANA name "
          "such as Europe/Berlin",
          "p.yaml:8:78: \"2026-02-30\" is not a date in the calendar",
          "p.yaml:8:3: rotation \"a\" needs team:, start: (the date of the first hand-over) and "
          "members: (at least one)",
          "p.yaml:9:47: an override ends (to:) before it starts (from:)",
          "p.yaml:9:3: rotation \"b\" needs team:, start: (the date of the first hand-over) and "
          "members: (at least one)",
          "p.yaml:10:27: unknown routing criterion \"luck\": expected skills, on_call, "
          "working_hours or load",
          "p.yaml:12:50: max_open_escalations must be a whole number of at least 1",
          "p.yaml:12:61: beyond must be queue or notify_manager, got \"panic\"",
          "p.yaml:12:5: a limit needs exactly one of level: or team:, and max_open_escalations:",
          "p.yaml:13:14: quiet_hours needs calendar: (notifications go out while it is open)",
          "p.yaml:8:13: rotation \"a\" refers to an undefined team \"dev\": expected one of ops",
          "p.yaml:8:106: rotation \"a\" refers to an undefined person \"zed\": expected one of "
          "karl, lena, otto",
          "p.yaml:13:35: quiet_hours refers to an undefined priority \"urgent\": expected one "
          "of critical, low"));
}

}  // namespace
}  // namespace esc::policy
