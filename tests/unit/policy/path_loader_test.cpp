// Tests of the escalation_paths and notifications sections and their checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "policy/policy_loader.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using test_support::ProblemLines;

using std::chrono::hours;
using ::testing::ElementsAre;

constexpr const char* kHead = R"(calendars:
  ny: {hours: 24/7}
categories:
  technical: {}
  billing: {}
levels:
  L1: {}
  L2: {}
  L3: {}
teams:
  frontline: {level: L1}
  specialists: {level: L2}
  vendor: {level: L2, external: true}
  managers: {level: L3}
)";

std::vector<std::string> Problems(const std::string& tail) {
  return ProblemLines(std::string(kHead) + tail);
}

TEST(PathLoader, LoadsPathsWithDefaultAndChannels) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(escalation_paths:
  technical:
    - {team: frontline, time: 2h}
    - {team: specialists, time: 4h}
    - {team: vendor, time: 8h}
    - {level: L3}
  default:
    - {team: frontline, time: 1h}
    - {level: L3}
notifications:
  mail: {type: email, from: support@example.com}
  chat: {type: webhook, url: "https://chat.example/hooks/1", format: mattermost}
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  const core::EscalationPath* technical = policy->PathFor("technical");
  ASSERT_NE(technical, nullptr);
  ASSERT_EQ(technical->steps.size(), 4u);
  EXPECT_EQ(technical->steps[1].team, "specialists");
  EXPECT_EQ(technical->steps[1].time, hours{4});
  EXPECT_EQ(technical->steps[3].level, "L3");
  EXPECT_FALSE(technical->steps[3].time.has_value());
  EXPECT_EQ(policy->PathFor("billing")->category, "default");
  ASSERT_NE(policy->FindChannel("chat"), nullptr);
  EXPECT_EQ(policy->FindChannel("chat")->type, core::ChannelType::kWebhook);
  EXPECT_EQ(policy->FindChannel("chat")->format, "mattermost");
  EXPECT_EQ(policy->FindChannel("mail")->from, "support@example.com");
}

TEST(PathLoader, ReportsCyclesDeadEndsHiddenStepsAndDownwardSteps) {
  EXPECT_THAT(
      Problems(R"(escalation_paths:
  technical:
    - {team: frontline, time: 2h}
    - {level: L3, time: 4h}
    - {team: frontline}
  billing:
    - {team: frontline}
    - {team: specialists, time: 1h}
)"),
      ElementsAre("p.yaml:19:7: escalation path \"technical\" visits team \"frontline\" twice: a "
                  "cycle (a case would come back to where it was)",
                  "p.yaml:21:7: escalation path \"billing\" step 1 has no time: the steps after "
                  "it could never be reached (give it time: such as 4h)",
                  "p.yaml:22:7: escalation path \"billing\" ends with a time limit and no step "
                  "after it: a dead end (add a step, or remove time: from the last one)",
                  "p.yaml:19:7: escalation path \"technical\" step 3 goes down to level \"L1\": "
                  "paths only go up or across (de-escalation is an action, not a step)"));
}

TEST(PathLoader, ReportsUnreachableLevelsAndUndefinedNames) {
  EXPECT_THAT(
      Problems(R"(escalation_paths:
  legal:
    - {team: lawyers, time: 1h}
    - {team: frontline, level: L2}
    - {level: L2}
)"),
      ElementsAre("p.yaml:18:7: escalation path \"legal\" step 2 needs exactly one of team: (a "
                  "functional move) or level: (a hierarchical move)",
                  "p.yaml:16:3: escalation path \"legal\" refers to an undefined category "
                  "\"legal\": expected one of technical, billing",
                  "p.yaml:17:14: escalation path \"legal\" step 1 refers to an undefined team "
                  "\"lawyers\": expected one of frontline, specialists, vendor, managers",
                  "p.yaml:7:3: level \"L1\" is unreachable: no escalation path leads to it",
                  "p.yaml:9:3: level \"L3\" is unreachable: no escalation path leads to it"));
}

TEST(PathLoader, ReportsChannelProblems) {
  EXPECT_THAT(
      Problems(R"(notifications:
  a: {type: sms}
  b: {type: webhook, format: discord}
  c: {type: email}
  d: {from: x@example.com}
  e: {type: webhook, url: "ftp://x"}
)"),
      ElementsAre("p.yaml:16:13: channel \"a\" type must be email or webhook, got \"sms\"",
                  "p.yaml:17:30: channel \"b\" format must be generic, slack, mattermost or "
                  "teams, got \"discord\"",
                  "p.yaml:17:3: channel \"b\" (webhook) needs url:",
                  "p.yaml:18:3: channel \"c\" (email) needs from: the sender address",
                  "p.yaml:19:3: channel \"d\" needs a type: email or webhook",
                  "p.yaml:20:27: channel \"e\" url must start with https:// or http://"));
}

}  // namespace
}  // namespace esc::policy
