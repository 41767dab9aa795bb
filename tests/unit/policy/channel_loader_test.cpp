// Tests of the delivery settings of notification channels: SMTP relays, webhook secrets
// by environment variable, retries, and their FILE:LINE:COL problems.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "policy/policy_loader.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using test_support::ProblemLines;
using ::testing::ElementsAre;

constexpr const char* kHead = R"(calendars:
  ny: {hours: 24/7}
categories:
  technical: {}
levels:
  L1: {}
teams:
  frontline: {level: L1}
)";

TEST(ChannelLoader, LoadsSmtpSecretsAndRetries) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(notifications:
  mail:
    type: email
    from: "Support <support@example.com>"
    smtp: {url: "smtp://mail.example.com:587", starttls: true, username: escalator,
           password_env: SMTP_PASSWORD}
    retry: {attempts: 5, backoff: 1m, max_backoff: 2h}
  chat: {type: webhook, url: "https://chat.example/hooks/1", format: slack,
         secret_env: CHAT_SECRET}
  plain: {type: email, from: desk@example.com}
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  const core::Channel* mail = policy->FindChannel("mail");
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->smtp.url, "smtp://mail.example.com:587");
  EXPECT_TRUE(mail->smtp.starttls);
  EXPECT_EQ(mail->smtp.username, "escalator");
  EXPECT_EQ(mail->smtp.password_env, "SMTP_PASSWORD");
  EXPECT_EQ(mail->retry.attempts, 5);
  EXPECT_EQ(mail->retry.backoff, std::chrono::minutes{1});
  EXPECT_EQ(mail->retry.max_backoff, std::chrono::hours{2});
  const core::Channel* chat = policy->FindChannel("chat");
  ASSERT_NE(chat, nullptr);
  EXPECT_EQ(chat->secret_env, "CHAT_SECRET");
  EXPECT_EQ(chat->secret, "");
  const core::Channel* plain = policy->FindChannel("plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->smtp.url, "smtp://localhost:25");  // the defaults
  EXPECT_FALSE(plain->smtp.starttls);
  EXPECT_EQ(plain->retry.attempts, 8);
  EXPECT_EQ(plain->retry.backoff, std::chrono::seconds{30});
  EXPECT_EQ(plain->retry.max_backoff, std::chrono::hours{1});
}

TEST(ChannelLoader, ReportsDeliveryProblemsWithPositions) {
  EXPECT_THAT(
      ProblemLines(std::string(kHead) + R"(notifications:
  a: {type: email, from: a@example.com, smtp: {url: "http://mail", starttls: yes}}
  b: {type: email, from: b@example.com, smtp: {url: "smtps://mail", starttls: true}}
  c: {type: email, from: c@example.com, smtp: {password_env: PW}}
  d: {type: webhook, url: "https://x", secret: s, secret_env: S}
  e: {type: webhook, url: "https://x", secret_env: "not a name"}
  f: {type: email, from: f@example.com, secret_env: S}
  g: {type: webhook, url: "https://x", retry: {attempts: 0, backoff: 10m, max_backoff: 1m}}
  h: {type: webhook, url: "https://x", retry: {tries: 3}}
)"),
      ElementsAre(
          "p.yaml:10:53: channel \"a\" smtp url must start with smtp:// or smtps://, got "
          "\"http://mail\"",
          "p.yaml:11:47: channel \"b\" smtp: starttls does not go with smtps:// (implicit TLS)",
          "p.yaml:12:47: channel \"c\" smtp has password_env but no username",
          "p.yaml:13:51: channel \"d\" has both secret and secret_env: give one (prefer "
          "secret_env, which keeps the secret out of the file)",
          "p.yaml:14:52: channel \"e\" secret_env must name an environment variable (letters, "
          "digits and _), got \"not a name\"",
          "p.yaml:15:41: channel \"f\" (email): only webhooks are signed with a secret",
          "p.yaml:16:58: channel \"g\" retry attempts must be a whole number from 1 to 100",
          "p.yaml:16:47: channel \"g\" retry max_backoff must not be shorter than backoff",
          "p.yaml:17:48: unknown key \"tries\" in channel \"h\" retry: expected one of attempts, "
          "backoff, max_backoff"));
}

TEST(ChannelLoader, LoadsDigestSettingsPerChannel) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(notifications:
  mail: {type: email, from: a@example.com, digest: {after: 5}}
  chat: {type: webhook, url: "https://x", digest: {after: 20, per: 5m}}
  plain: {type: email, from: b@example.com}
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  ASSERT_TRUE(policy->FindChannel("mail")->digest.has_value());
  EXPECT_EQ(policy->FindChannel("mail")->digest->after, 5);
  EXPECT_EQ(policy->FindChannel("mail")->digest->per, std::chrono::minutes{1});
  EXPECT_EQ(policy->FindChannel("chat")->digest->after, 20);
  EXPECT_EQ(policy->FindChannel("chat")->digest->per, std::chrono::minutes{5});
  EXPECT_FALSE(policy->FindChannel("plain")->digest.has_value());
}

TEST(ChannelLoader, ReportsDigestProblemsWithPositions) {
  EXPECT_THAT(
      ProblemLines(std::string(kHead) + R"(notifications:
  a: {type: email, from: a@example.com, digest: {after: 0}}
  b: {type: email, from: b@example.com, digest: {per: 1m}}
  c: {type: email, from: c@example.com, digest: {after: 3, per: 2h}}
  d: {type: email, from: d@example.com, digest: {after: 3, each: 1m}}
  e: {type: email, from: e@example.com, digest: 5}
)"),
      ElementsAre(
          "p.yaml:10:57: channel \"a\" digest after must be a whole number from 1 to 10000 (the "
          "notifications per recipient sent one by one in a window)",
          "p.yaml:11:49: channel \"b\" digest needs after: (how many notifications per recipient "
          "go one by one in a window before the rest make a digest)",
          "p.yaml:12:65: channel \"c\" digest per must be from 1m to 1h",
          "p.yaml:13:60: unknown key \"each\" in channel \"d\" digest: expected one of after, per",
          "p.yaml:14:49: channel \"e\" digest must be a map, got \"5\""));
}

}  // namespace
}  // namespace esc::policy
