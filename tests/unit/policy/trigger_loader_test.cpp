// Tests of the `triggers:` section: conditions, actions, repeats, SLA points and errors.
#include "policy/trigger_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "policy/policy_loader.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using test_support::ProblemLines;

using std::chrono::hours;
using std::chrono::minutes;
using ::testing::ElementsAre;

constexpr const char* kHead = R"(calendars:
  ny: {hours: 24/7}
priorities: {order: [critical, high, low]}
categories: {legal: {}}
levels: {L1: {}, L2: {}}
teams:
  frontline: {level: L1, members: [alice], manager: carol}
  legal: {level: L2, members: [lena]}
notifications:
  mail: {type: email, from: s@example.com}
escalation_paths:
  default: [{team: frontline, time: 1h}, {team: legal}]
)";

std::vector<std::string> Problems(const std::string& tail) {
  return ProblemLines(std::string(kHead) + tail);
}

TEST(TriggerLoader, LoadsConditionsActionsAndRepeats) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(triggers:
  - name: warn
    when: {sla: {target: resolution, at: "-25%"}}
    then: [{notify: {to: [assignee, team_lead, carol], via: [mail]}}]
  - name: breach
    when: {sla: {target: first_response, at: "+1h"}, unassigned_for: 30m}
    then: [{escalate: next_level}]
    repeat: {every: 30m, times: 3}
  - name: angry
    when: {tier: [gold], words: [lawyer], sentiment_below: -0.5, customer_replies: 3,
           category: [legal], reopened: true, customer_asked_to_escalate: true}
    then: [{escalate: {team: legal}}, {set_priority: critical}, {tag: legal},
           {require_signoff: true}, {assign: {team: legal}}]
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  ASSERT_EQ(policy->triggers.size(), 3u);
  const core::Trigger& warn = policy->triggers[0];
  ASSERT_TRUE(warn.when.sla.has_value());
  EXPECT_EQ(warn.when.sla->target, core::SlaTargetKind::kResolution);
  EXPECT_DOUBLE_EQ(warn.when.sla->percent_used, 75);
  const auto& notify = std::get<core::NotifyAction>(warn.then.at(0));
  EXPECT_THAT(notify.roles,
              ElementsAre(core::RecipientRole::kAssignee, core::RecipientRole::kTeamLead));
  EXPECT_THAT(notify.people, ElementsAre("carol"));
  EXPECT_THAT(notify.channels, ElementsAre("mail"));

  const core::Trigger& breach = policy->triggers[1];
  EXPECT_EQ(breach.when.sla->offset, hours{1});
  EXPECT_DOUBLE_EQ(breach.when.sla->percent_used, 100);
  EXPECT_EQ(breach.when.unassigned_for, minutes{30});
  EXPECT_EQ(std::get<core::EscalateAction>(breach.then.at(0)).kind,
            core::EscalationKind::kNextLevel);
  ASSERT_TRUE(breach.repeat.has_value());
  EXPECT_EQ(breach.repeat->every, minutes{30});
  EXPECT_EQ(breach.repeat->times, 3);

  const core::Trigger& angry = policy->triggers[2];
  EXPECT_THAT(angry.when.words, ElementsAre("lawyer"));
  EXPECT_EQ(angry.when.sentiment_below, -0.5);
  EXPECT_EQ(angry.when.customer_replies, 3);
  EXPECT_EQ(angry.when.reopened, true);
  EXPECT_EQ(angry.when.customer_asked_to_escalate, true);
  ASSERT_EQ(angry.then.size(), 5u);
  EXPECT_EQ(std::get<core::EscalateAction>(angry.then[0]).target, "legal");
  EXPECT_EQ(std::get<core::SetPriorityAction>(angry.then[1]).priority, "critical");
  EXPECT_EQ(std::get<core::TagAction>(angry.then[2]).tag, "legal");
  EXPECT_TRUE(std::holds_alternative<core::RequireSignoffAction>(angry.then[3]));
  EXPECT_EQ(std::get<core::AssignAction>(angry.then[4]).team, "legal");
}

TEST(TriggerLoader, ParsesSlaPoints) {
  std::string error;
  auto at = [&](std::string_view text) { return ParseSlaPoint(text, &error); };
  EXPECT_DOUBLE_EQ(at("75%")->percent_used, 75);
  EXPECT_DOUBLE_EQ(at("-25%")->percent_used, 75);
  EXPECT_DOUBLE_EQ(at("+10%")->percent_used, 110);
  EXPECT_DOUBLE_EQ(at("breach")->percent_used, 100);
  EXPECT_EQ(at("0")->offset, core::Seconds{0});
  EXPECT_EQ(at("+4h")->offset, hours{4});
  EXPECT_EQ(at("-30m")->offset, minutes{-30});
  for (const char* bad : {"75", "-100%", "abc%", "+", "-0s", "1h", ""}) {
    EXPECT_FALSE(at(bad).has_value()) << bad;
  }
}

TEST(TriggerLoader, ReportsEveryProblemWithItsPosition) {
  EXPECT_THAT(
      Problems(R"(triggers:
  - name: bad
    when: {sla: {target: response, at: "75"}, sentiment_below: -3, mood: bad}
    then: [{escalate: up}, {notify: {to: [bob], via: [sms]}}, {set_priority: urgent}, {page: x}]
    repeat: {every: 0s}
  - name: bad
    when: {}
    then: []
)"),
      ElementsAre(
          "p.yaml:15:26: unknown SLA target \"response\": expected first_response, next_update "
          "or resolution",
          "p.yaml:15:40: invalid SLA point \"75\": expected a share used (75%), a share before or "
          "after the deadline (-25%, +10%), breach (or 0), or a time before or after it (-30m, "
          "+1h)",
          "p.yaml:15:64: sentiment_below must be between -1 (most negative) and 1",
          "p.yaml:15:68: unknown key \"mood\" in trigger \"bad\" when: expected one of sla, "
          "unassigned_for, no_update_for, priority, category, tier, channel, customer_replies, "
          "reopened, words, sentiment_below, customer_asked_to_escalate",
          "p.yaml:16:23: escalate (next_level, {team: ...} or {level: ...}) must be a map, got "
          "\"up\"",
          "p.yaml:16:88: unknown action \"page\": expected escalate, notify, set_priority, "
          "assign, tag or require_signoff",
          "p.yaml:17:21: every must be longer than 0s",
          "p.yaml:17:13: repeat needs every: (such as 30m) and times: (such as 3)",
          "p.yaml:18:11: trigger \"bad\" is defined twice (first at p.yaml:14:11)",
          "p.yaml:19:11: trigger \"bad\" has no conditions",
          "p.yaml:20:11: then of trigger \"bad\" must be a non-empty list of actions",
          "p.yaml:16:43: trigger \"bad\" refers to an undefined person \"bob\": expected one of "
          "alice, carol, lena",
          "p.yaml:16:55: trigger \"bad\" refers to an undefined channel \"sms\": expected one of "
          "mail",
          "p.yaml:16:78: trigger \"bad\" refers to an undefined priority \"urgent\": expected one "
          "of critical, high, low"));
}

TEST(TriggerLoader, RepeatNeedsSomethingToRepeat) {
  EXPECT_THAT(Problems(R"(triggers:
  - name: tagger
    when: {reopened: true}
    then: [{tag: reopened}]
    repeat: {every: 1h, times: 2}
)"),
              ElementsAre("p.yaml:17:13: trigger \"tagger\" repeats but has no escalate or "
                          "notify action to repeat"));
}

}  // namespace
}  // namespace esc::policy
