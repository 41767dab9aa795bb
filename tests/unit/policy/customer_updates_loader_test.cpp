// Tests of the customer_updates section: what it loads, its defaults, and every problem
// reported where it is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/policy_loader.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using test_support::ProblemLines;
using ::testing::ElementsAre;

constexpr const char* kHead = R"(calendars:
  office: {hours: {mon: ["09:00-17:00"]}}
notifications:
  desk-mail: {type: email, from: desk@example.com}
  chat: {type: webhook, url: "https://chat.example.com/hook"}
)";

TEST(CustomerUpdatesLoader, LoadsTheChannelTheUpdatesAndTheFeedbackTimes) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(customer_updates:
  via: desk-mail
  send: [received, resolved, feedback]
  feedback_after: 2h
  feedback_link_valid: 1w
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  ASSERT_TRUE(policy->customer_updates.has_value());
  const core::CustomerUpdates& u = *policy->customer_updates;
  EXPECT_EQ(u.via, "desk-mail");
  EXPECT_THAT(u.send, ElementsAre(core::CustomerUpdate::kReceived, core::CustomerUpdate::kResolved,
                                  core::CustomerUpdate::kFeedback));
  EXPECT_FALSE(u.Sends(core::CustomerUpdate::kEscalated));
  EXPECT_EQ(u.feedback_after, std::chrono::hours(2));
  EXPECT_EQ(u.feedback_link_valid, std::chrono::hours(24 * 7));
}

TEST(CustomerUpdatesLoader, SendsEveryUpdateAtOnceByDefault) {
  auto policy =
      LoadPolicyText(std::string(kHead) + "customer_updates: {via: desk-mail}\n", "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  EXPECT_EQ(policy->customer_updates->send, core::AllCustomerUpdates());
  EXPECT_EQ(policy->customer_updates->feedback_after, std::chrono::seconds(0));
  EXPECT_EQ(policy->customer_updates->feedback_link_valid, std::chrono::hours(24 * 14));
  auto without = LoadPolicyText(kHead, "p.yaml", ".");
  ASSERT_TRUE(without.has_value());
  EXPECT_FALSE(without->customer_updates.has_value());
}

TEST(CustomerUpdatesLoader, ReportsEveryProblemWithItsPosition) {
  EXPECT_THAT(ProblemLines(std::string(kHead) + R"(customer_updates:
  via: chat
  send: [received, carrier-pigeon]
  feedback_after: soon
  signature: yes
)"),
              ElementsAre(::testing::StartsWith("p.yaml:8:20: unknown customer update "
                                                "\"carrier-pigeon\"; expected one of: received, "
                                                "escalated, progress, resolved, feedback"),
                          ::testing::StartsWith("p.yaml:9:19: invalid duration \"soon\""),
                          ::testing::StartsWith("p.yaml:10:3: unknown key \"signature\""),
                          // references are checked once every file is read
                          "p.yaml:7:8: customer_updates via: channel \"chat\" is not an email "
                          "channel; customers are reached by email"));
  EXPECT_THAT(ProblemLines(std::string(kHead) + "customer_updates: {send: [received]}\n"),
              ElementsAre(::testing::StartsWith("p.yaml:6:")));
  EXPECT_THAT(ProblemLines(std::string(kHead) + "customer_updates: {via: fax}\n"),
              ElementsAre(::testing::HasSubstr("undefined channel \"fax\"")));
}

}  // namespace
}  // namespace esc::policy
