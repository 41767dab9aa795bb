// Tests of what an escalation does at the policy's limits on open escalations: which
// limits apply to a receiving level and team, and the verdict for their counts.
#include "core/engine/limits.h"

#include <gtest/gtest.h>

namespace esc::core {
namespace {

Limit OnLevel(std::string level, int max, OverloadAction beyond) {
  return Limit{std::move(level), std::nullopt, max, beyond};
}
Limit OnTeam(std::string team, int max, OverloadAction beyond) {
  return Limit{std::nullopt, std::move(team), max, beyond};
}

constexpr auto kQueue = OverloadAction::kQueue;
constexpr auto kNotify = OverloadAction::kNotifyManager;

TEST(Limits, LevelLimitsComeBeforeTeamLimitsAndOthersDoNotApply) {
  Policy policy;
  policy.limits = {OnTeam("specialists", 4, kQueue), OnLevel("L3", 2, kNotify),
                   OnLevel("L2", 3, kNotify), OnTeam("engineering", 1, kQueue)};
  const auto limits = LimitsOn(policy, "L2", "specialists");
  ASSERT_EQ(limits.size(), 2u);
  EXPECT_EQ(limits[0], &policy.limits[2]);
  EXPECT_EQ(limits[1], &policy.limits[0]);
  EXPECT_TRUE(LimitsOn(policy, "L1", "frontline").empty());
  EXPECT_EQ(DescribeLimit(policy.limits[0]), "team \"specialists\"");
  EXPECT_EQ(LimitScope(policy.limits[1]), "level");
  EXPECT_EQ(LimitSubject(policy.limits[1]), "L3");
}

TEST(Limits, BelowEveryLimitTheEscalationGoesAheadQuietly) {
  const Limit level = OnLevel("L2", 2, kQueue), team = OnTeam("specialists", 3, kNotify);
  const LimitVerdict verdict = CheckLimits({{&level, 1}, {&team, 2}});
  EXPECT_EQ(verdict.queue, nullptr);
  EXPECT_TRUE(verdict.exceeded.empty());
}

TEST(Limits, AtAQueueLimitTheEscalationWaitsAndNobodyIsTold) {
  const Limit level = OnLevel("L2", 5, kNotify), team = OnTeam("specialists", 1, kQueue);
  const LimitVerdict verdict = CheckLimits({{&level, 9}, {&team, 1}});
  EXPECT_EQ(verdict.queue, &team);
  EXPECT_TRUE(verdict.exceeded.empty());  // the manager hears of escalations that happen
}

TEST(Limits, AtANotifyManagerLimitTheEscalationGoesAheadBeyondIt) {
  const Limit level = OnLevel("L3", 2, kNotify), team = OnTeam("engineering", 1, kNotify);
  const LimitVerdict verdict = CheckLimits({{&level, 2}, {&team, 0}});
  EXPECT_EQ(verdict.queue, nullptr);
  ASSERT_EQ(verdict.exceeded.size(), 1u);
  EXPECT_EQ(verdict.exceeded[0].limit, &level);
  EXPECT_EQ(verdict.exceeded[0].open, 2);
}

}  // namespace
}  // namespace esc::core
