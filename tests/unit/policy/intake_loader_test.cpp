// Tests of the policy's intake: section (inbound mail).
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
priorities:
  order: [high, low]
  matrix:
    high: {high: high, low: low}
    low: {high: low, low: low}
categories:
  technical: {name: Technical}
levels: {L1: {}}
teams:
  ops: {level: L1, members: [karl], skills: [technical]}
)";

TEST(IntakeLoader, LoadsDefaultDomainsAndTicketFields) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(intake:
  default: {customer: Mail, tier: bronze}
  domains:
    Globex.example: {customer: Globex, tier: gold}
    eu.globex.example: {customer: Globex Europe, tier: silver}
  category: technical
  impact: low
  urgency: high
  message_id_domain: Mail.Escalator.example
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  ASSERT_TRUE(policy->intake.has_value());
  const core::IntakePolicy& intake = *policy->intake;
  EXPECT_EQ(intake.default_organisation.customer, "Mail");
  EXPECT_EQ(intake.category, "technical");
  EXPECT_EQ(intake.impact, "low");
  EXPECT_EQ(intake.urgency, "high");
  EXPECT_EQ(intake.message_id_domain, "mail.escalator.example");
  EXPECT_EQ(intake.OrganisationFor("a@globex.example").customer, "Globex");
  EXPECT_EQ(intake.OrganisationFor("a@HQ.Globex.Example").customer, "Globex");
  EXPECT_EQ(intake.OrganisationFor("a@x.eu.globex.example").customer, "Globex Europe");
  EXPECT_EQ(intake.OrganisationFor("a@notglobex.example").customer, "Mail");
  EXPECT_EQ(intake.OrganisationFor("no-domain").customer, "Mail");
}

TEST(IntakeLoader, WithoutTheSectionMailIsNotAccepted) {
  auto policy = LoadPolicyText(kHead, "p.yaml", ".");
  ASSERT_TRUE(policy.has_value());
  EXPECT_FALSE(policy->intake.has_value());
}

TEST(IntakeLoader, ReportsEveryProblemWithItsPosition) {
  EXPECT_THAT(ProblemLines(std::string(kHead) + R"(intake:
  default: {customer: Mail}
  domains:
    "bad domain": {customer: X, tier: gold}
  category: billing
  impact: huge
  urgency: low
  colour: blue
)"),
              ElementsAre("p.yaml:14:12: intake.default needs customer: (the organisation's name) "
                          "and tier:",
                          "p.yaml:16:5: intake.domains: \"bad domain\" is not a mail domain such "
                          "as example.com",
                          "p.yaml:20:3: unknown key \"colour\" in intake: expected one of default, "
                          "domains, category, impact, urgency, message_id_domain, imap, channels, "
                          "web_form",
                          "p.yaml:17:13: intake refers to an undefined category \"billing\": "
                          "expected one of technical",
                          "p.yaml:18:11: intake refers to an undefined impact \"huge\": expected "
                          "one of high, low"));
}

TEST(IntakeLoader, NeedsTheTicketFields) {
  EXPECT_THAT(ProblemLines(std::string(kHead) + "intake: {category: technical}\n"),
              ElementsAre("p.yaml:13:9: intake needs category:, impact: and urgency: (of tickets "
                          "opened by mail, chat or the web form)"));
}

}  // namespace
}  // namespace esc::policy

namespace esc::policy {
namespace {

TEST(IntakeLoader, LoadsTheImapMailboxWithItsDefaults) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(intake:
  category: technical
  impact: low
  urgency: high
  imap:
    url: imaps://mail.example.com/INBOX
    username: support@example.com
    password_env: IMAP_PASSWORD
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  ASSERT_TRUE(policy->intake->imap.has_value());
  const core::ImapSource& imap = *policy->intake->imap;
  EXPECT_EQ(imap.url, "imaps://mail.example.com/INBOX");
  EXPECT_EQ(imap.username, "support@example.com");
  EXPECT_EQ(imap.password_env, "IMAP_PASSWORD");
  EXPECT_EQ(imap.every, std::chrono::seconds(60));
  EXPECT_TRUE(imap.starttls);
  EXPECT_FALSE(imap.delete_taken);
}

TEST(IntakeLoader, ReportsImapProblemsWithTheirPositions) {
  EXPECT_THAT(ProblemLines(std::string(kHead) + R"(intake:
  category: technical
  impact: low
  urgency: high
  imap:
    url: pop3://mail.example.com/INBOX
    every: often
    username: support
    password: hunter2
)"),
              ElementsAre(::testing::StartsWith("p.yaml:18:10: intake.imap.url: expected imap://"),
                          ::testing::StartsWith("p.yaml:19:12: invalid duration \"often\""),
                          ::testing::StartsWith("p.yaml:21:5: unknown key \"password\""),
                          // the url was refused, so it counts as missing
                          ::testing::HasSubstr("intake.imap needs url:")));
  EXPECT_THAT(ProblemLines(std::string(kHead) + R"(intake:
  category: technical
  impact: low
  urgency: high
  imap: {url: "imap://127.0.0.1/INBOX", username: support}
)"),
              ElementsAre(::testing::HasSubstr("intake.imap needs url:, username: and "
                                               "password_env:")));
}

}  // namespace
}  // namespace esc::policy

namespace esc::policy {
namespace {

TEST(IntakeLoader, LoadsChatSourcesAndTheWebForm) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(intake:
  category: technical
  impact: low
  urgency: high
  channels:
    webchat:
    social: {secret_env: SOCIAL_SECRET}
  web_form:
    enabled: true
    title: Write to us
    categories: [technical]
    max_per_address: 2
    max_per_email: 1
    window: 30m
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  const core::IntakePolicy& intake = *policy->intake;
  ASSERT_EQ(intake.channels.size(), 2u);
  ASSERT_NE(intake.Channel("webchat"), nullptr);
  EXPECT_EQ(intake.Channel("webchat")->secret_env, "");
  ASSERT_NE(intake.Channel("social"), nullptr);
  EXPECT_EQ(intake.Channel("social")->secret_env, "SOCIAL_SECRET");
  EXPECT_EQ(intake.Channel("sms"), nullptr);
  EXPECT_TRUE(intake.web_form.enabled);
  EXPECT_EQ(intake.web_form.title, "Write to us");
  EXPECT_THAT(intake.web_form.categories, ElementsAre("technical"));
  EXPECT_EQ(intake.web_form.max_per_address, 2);
  EXPECT_EQ(intake.web_form.max_per_email, 1);
  EXPECT_EQ(intake.web_form.window, std::chrono::minutes(30));
}

TEST(IntakeLoader, TheWebFormIsOffUnlessEnabled) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(intake:
  category: technical
  impact: low
  urgency: high
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  EXPECT_FALSE(policy->intake->web_form.enabled);
  EXPECT_TRUE(policy->intake->channels.empty());
}

TEST(IntakeLoader, ReportsChannelAndWebFormProblemsWithTheirPositions) {
  EXPECT_THAT(ProblemLines(std::string(kHead) + R"(intake:
  category: technical
  impact: low
  urgency: high
  channels:
    Web Chat: {}
    social: {secret_env: "A=B", token: x}
  web_form:
    enabled: maybe
    categories: [technical, billing]
    max_per_address: 0
    window: soon
)"),
              ElementsAre(
                  "p.yaml:18:5: intake.channels: \"Web Chat\" is not a source name (lower-case "
                  "letters, digits, - and _, at most 40)",
                  "p.yaml:19:26: intake.channels.social.secret_env: \"A=B\" is not an "
                  "environment variable name",
                  ::testing::StartsWith("p.yaml:19:33: unknown key \"token\""),
                  ::testing::StartsWith("p.yaml:21:14: intake.web_form.enabled must be"),
                  "p.yaml:23:22: intake.web_form.max_per_address must be a whole number from 1 "
                  "to 1000000",
                  ::testing::StartsWith("p.yaml:24:13: invalid duration \"soon\""),
                  "p.yaml:22:29: intake.web_form refers to an undefined category \"billing\": "
                  "expected one of technical"));
}

}  // namespace
}  // namespace esc::policy
