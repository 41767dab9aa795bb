// The notify side of the outbox worker's port, without a network: channel settings that
// cannot work (an unset secret variable, a bad SMTP URL, an unknown template kind) fail a
// row permanently with a message that names the cause, and the retry schedule follows the
// channel's retry settings.
#include "notify/outbox_sender.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace esc::notify {
namespace {

const core::Instant kNow{std::chrono::seconds(1772460000)};

core::Policy PolicyWith(core::Channel channel) {
  core::Policy policy;
  policy.version = "v1";
  policy.channels.push_back(std::move(channel));
  return policy;
}

app::OutgoingNotification Row(std::string channel, std::string kind = "notice") {
  app::OutgoingNotification n;
  n.outbox_id = 7;
  n.kind = std::move(kind);
  n.channel_id = std::move(channel);
  n.address = "ana@example.com";
  n.ticket_key = "ESC-7";
  n.context = R"({"ticket": {"key": "ESC-7", "title": "Checkout fails"}})";
  n.created_at = kNow;
  return n;
}

OutboxDeliveryPort Port(std::function<double()> random = [] { return 0.5; }) {
  return OutboxDeliveryPort(TemplateSet(ESCALATOR_SOURCE_DIR "/templates/notifications"),
                            std::move(random));
}

TEST(OutboxSender, UnsetSecretVariableFailsPermanentlyNamingIt) {
  ::unsetenv("ESC_UNIT_NO_SUCH_SECRET");
  core::Channel hook;
  hook.id = "hook";
  hook.type = core::ChannelType::kWebhook;
  hook.url = "http://127.0.0.1:9/hook";
  hook.secret_env = "ESC_UNIT_NO_SUCH_SECRET";
  auto port = Port();
  auto sender = port.NewSender();
  const auto outcome = sender->Send(Row("hook"), PolicyWith(hook), kNow);
  EXPECT_EQ(outcome.status, app::DeliveryStatus::kPermanent);
  EXPECT_EQ(outcome.error,
            "environment variable ESC_UNIT_NO_SUCH_SECRET (the webhook secret) is not set");
}

TEST(OutboxSender, BadSmtpPortFailsPermanently) {
  core::Channel mail;
  mail.id = "mail";
  mail.from = "desk@example.com";
  mail.smtp.url = "smtp://mail.example.com:99999";
  auto port = Port();
  const auto outcome = port.NewSender()->Send(Row("mail"), PolicyWith(mail), kNow);
  EXPECT_EQ(outcome.status, app::DeliveryStatus::kPermanent);
  EXPECT_EQ(outcome.error, "smtp url \"smtp://mail.example.com:99999\" has a bad port");
}

TEST(OutboxSender, UnknownTemplateKindAndUnknownChannelFailPermanently) {
  core::Channel mail;
  mail.id = "mail";
  mail.from = "desk@example.com";
  auto port = Port();
  auto sender = port.NewSender();
  const auto kind = sender->Send(Row("mail", "no_such_kind"), PolicyWith(mail), kNow);
  EXPECT_EQ(kind.status, app::DeliveryStatus::kPermanent);
  EXPECT_NE(kind.error.find("template \"no_such_kind\""), std::string::npos) << kind.error;
  const auto channel = sender->Send(Row("pager"), PolicyWith(mail), kNow);
  EXPECT_EQ(channel.status, app::DeliveryStatus::kPermanent);
  EXPECT_EQ(channel.error, "channel \"pager\" is not in the running policy");
}

TEST(OutboxSender, RetryDelayDoublesWithJitterUpToTheCapAndEndsAfterTheLastAttempt) {
  auto port = Port([] { return 0.999; });  // the top of each jitter range
  const core::RetrySettings retry{4, core::Seconds{30}, core::Seconds{100}};
  EXPECT_EQ(port.RetryDelay(retry, 1), core::Seconds{29});  // [0, 30)
  EXPECT_EQ(port.RetryDelay(retry, 2), core::Seconds{59});  // [0, 60)
  EXPECT_EQ(port.RetryDelay(retry, 3), core::Seconds{99});  // [0, min(100, 120))
  EXPECT_EQ(port.RetryDelay(retry, 4), std::nullopt);       // 4 attempts made: dead
}

}  // namespace
}  // namespace esc::notify
