// The outbox worker's logic against a real SQLite store and a fake DeliveryPort (no
// network): due rows are sent and marked sent, rows wait for send_at, retryable
// failures back off and end dead after the channel's last attempt, permanent failures
// and unresolvable rows are dead at once with their error, email recipients resolve
// from users and customer contacts, an admin puts a dead row back, and the worker's
// thread delivers on Wake() without anyone calling RunDue.
#include "app/service/outbox_worker.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "app/service/notification_admin.h"
#include "app/service/outbox_message.h"
#include "unit/service/outbox_fixture.h"

namespace esc::app {
namespace {

using namespace outbox_test;

TEST_F(OutboxWorkerTest, DeliversDueRowsAndMarksThemSent) {
  const Id a = Add("hook", "ben"), b = Add("hook", "ana");
  auto& worker = Worker();
  auto round = worker.RunDue();
  ASSERT_TRUE(round) << round.error().ToString();
  EXPECT_EQ(*round, 2u);
  EXPECT_EQ(port_.SentCount(), 2u);
  for (Id id : {a, b}) {
    const OutboxRecord row = Row(id);
    EXPECT_EQ(row.state, "sent");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.sent_at, kStart);
    EXPECT_EQ(row.last_error, "");
  }
  // A second round finds nothing to do.
  EXPECT_EQ(worker.RunDue().value_or(99), 0u);
  EXPECT_EQ(port_.SentCount(), 2u);
}

TEST_F(OutboxWorkerTest, RendersTicketFactsAndALinkIntoTheWebApp) {
  Add("hook", "ben", "assignee");
  ASSERT_TRUE(Worker().RunDue());
  const auto sent = port_.Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].kind, "escalated_to_you");
  EXPECT_EQ(sent[0].ticket_key, "ESC-1");
  EXPECT_EQ(sent[0].ticket_url, "https://esc.example/tickets/ESC-1");
  EXPECT_EQ(sent[0].address, "ben");
  const auto context = nlohmann::json::parse(sent[0].context);
  EXPECT_EQ(context["ticket"]["title"], "Checkout fails");
  EXPECT_EQ(context["ticket"]["priority"], "critical");
  EXPECT_EQ(context["ticket"]["url"], "https://esc.example/tickets/ESC-1");
  EXPECT_EQ(context["explanation"], "the customer said lawyer");
}

// A customer update (customer_updates.h) carries its own words and link; the customer
// never sees the team, level, assignee or the engine's explanation.
TEST_F(OutboxWorkerTest, ACustomerUpdateCarriesItsTextAndLinkAndNoInternalDetail) {
  OutboxRecord row;
  row.ticket_id = ticket_;
  row.created_at = row.send_at = kStart;
  row.event = "customer_resolved";
  row.recipient = "carla";
  row.role = "customer";
  row.channel = "hook";
  row.payload = nlohmann::json{{"ticket", "ESC-1"},
                               {"template", "resolved_feedback"},
                               {"update", "Your request has been resolved."},
                               {"feedback_url", "https://esc.example/feedback/abc"},
                               {"explanation", "the customer said lawyer"}}
                    .dump();
  ASSERT_TRUE(store_->Write([&](StoreTx& tx) -> Result<void> {
    auto inserted = tx.InsertOutbox(row);
    if (!inserted) return std::unexpected(inserted.error());
    return {};
  }));
  ASSERT_TRUE(Worker().RunDue());
  const auto sent = port_.Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].kind, "resolved_feedback");
  const auto context = nlohmann::json::parse(sent[0].context);
  EXPECT_EQ(context["update"], "Your request has been resolved.");
  EXPECT_EQ(context["feedback_url"], "https://esc.example/feedback/abc");
  EXPECT_EQ(context["ticket"]["title"], "Checkout fails");
  for (const char* internal : {"team", "level", "assignee"}) {
    EXPECT_FALSE(context["ticket"].contains(internal)) << internal;
    EXPECT_FALSE(context.contains(internal)) << internal;
  }
  EXPECT_FALSE(context.contains("explanation"));
  EXPECT_EQ(sent[0].context.find("lawyer"), std::string::npos);
}

TEST_F(OutboxWorkerTest, ChoosesTheTemplateKindFromTheTrigger) {
  const core::Policy policy = TestPolicy();
  OutboxRecord row;
  row.event = "resolution-75";
  EXPECT_EQ(NotificationKind(policy, row), "warning");
  row.event = "resolution-breached";
  EXPECT_EQ(NotificationKind(policy, row), "breached");
  row.event = "legal";
  EXPECT_EQ(NotificationKind(policy, row), "escalated_to_team");
  row.event = "resolution-90-escalates";  // an SLA point that escalates says it escalated
  EXPECT_EQ(NotificationKind(policy, row), "escalated_to_team");
  row.event = "legal";
  row.role = "assignee";
  EXPECT_EQ(NotificationKind(policy, row), "escalated_to_you");
  row.role = "customer";
  EXPECT_EQ(NotificationKind(policy, row), "customer_update");
  row.role = "";
  row.event = "limit_exceeded";
  EXPECT_EQ(NotificationKind(policy, row), "notice");
}

TEST_F(OutboxWorkerTest, HoldsARowUntilItsSendAt) {
  const Id id = Add("hook", "ben", "", kStart + core::Seconds{600});
  auto& worker = Worker();
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(port_.SentCount(), 0u);
  EXPECT_EQ(worker.next(), kStart + core::Seconds{600});
  clock_.Set(kStart + core::Seconds{600});
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(Row(id).state, "sent");
}

TEST_F(OutboxWorkerTest, RetryableFailureBacksOffThenDelivers) {
  const Id id = Add("hook", "ben");
  port_.Script(id, {{DeliveryStatus::kRetryable, "HTTP 500"}});
  auto& worker = Worker();
  ASSERT_TRUE(worker.RunDue());
  OutboxRecord row = Row(id);
  EXPECT_EQ(row.state, "pending");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.last_error, "HTTP 500");
  EXPECT_EQ(row.send_at, kStart + core::Seconds{30});
  EXPECT_EQ(worker.next(), kStart + core::Seconds{30});
  // Not before the backoff has passed.
  clock_.Set(kStart + core::Seconds{29});
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(port_.SentCount(), 1u);
  clock_.Set(kStart + core::Seconds{30});
  ASSERT_TRUE(worker.RunDue());
  row = Row(id);
  EXPECT_EQ(row.state, "sent");
  EXPECT_EQ(row.attempts, 2);
  EXPECT_EQ(port_.SentCount(), 2u);
  EXPECT_EQ(worker.next(), std::nullopt);
}

TEST_F(OutboxWorkerTest, LastAttemptMakesTheRowDeadWithItsError) {
  const Id id = Add("hook", "ben");  // the hook channel allows 3 attempts
  port_.Script(id, {{DeliveryStatus::kRetryable, "timeout 1"},
                    {DeliveryStatus::kRetryable, "timeout 2"},
                    {DeliveryStatus::kRetryable, "timeout 3"}});
  auto& worker = Worker();
  ASSERT_TRUE(worker.RunDue());
  clock_.Set(kStart + core::Seconds{30});
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(Row(id).send_at, kStart + core::Seconds{90});  // 30 s, then 60 s
  clock_.Set(kStart + core::Seconds{90});
  ASSERT_TRUE(worker.RunDue());
  const OutboxRecord row = Row(id);
  EXPECT_EQ(row.state, "dead");
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.last_error, "timeout 3");
  clock_.Set(kStart + core::Seconds{100000});
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(port_.SentCount(), 3u);
}

TEST_F(OutboxWorkerTest, PermanentFailureIsDeadAtOnce) {
  const Id id = Add("hook", "ben");
  port_.Script(id, {{DeliveryStatus::kPermanent, "HTTP 404"}});
  ASSERT_TRUE(Worker().RunDue());
  const OutboxRecord row = Row(id);
  EXPECT_EQ(row.state, "dead");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.last_error, "HTTP 404");
}

TEST_F(OutboxWorkerTest, UnknownChannelIsDeadWithoutASend) {
  const Id id = Add("pager", "ben");
  ASSERT_TRUE(Worker().RunDue());
  EXPECT_EQ(port_.SentCount(), 0u);
  const OutboxRecord row = Row(id);
  EXPECT_EQ(row.state, "dead");
  EXPECT_NE(row.last_error.find("channel \"pager\" is not in the running policy"),
            std::string::npos)
      << row.last_error;
}

TEST_F(OutboxWorkerTest, EmailRecipientsResolveFromUsersAndCustomerContacts) {
  Add("mail", "ben", "assignee");
  Add("mail", "customer", "customer");
  const Id nomail = Add("mail", "nomail", "team");
  const Id stranger = Add("mail", "zed", "team");
  ASSERT_TRUE(Worker().RunDue());
  std::set<std::string> addresses;
  for (const auto& n : port_.Sent()) addresses.insert(n.address);
  EXPECT_EQ(addresses, (std::set<std::string>{"ben@desk.example", "carla@acme.example"}));
  EXPECT_EQ(Row(nomail).state, "dead");
  EXPECT_EQ(Row(nomail).last_error, "user \"nomail\" has no email address");
  EXPECT_EQ(Row(stranger).state, "dead");
}

TEST_F(OutboxWorkerTest, AdminRetryPutsADeadRowBackAndItIsDelivered) {
  const Id id = Add("hook", "ben");
  port_.Script(id, {{DeliveryStatus::kPermanent, "HTTP 410"}});
  auto& worker = Worker();
  ASSERT_TRUE(worker.RunDue());
  ASSERT_EQ(Row(id).state, "dead");

  LiveEvents live;
  Routing routing;
  int woken = 0;
  ServiceContext context{*store_, policies_, clock_, live, routing, {}, {}, [&] { ++woken; }, {}, {}};
  NotificationAdmin admin(context);
  const Actor agent{5, "ben", Role::kAgent, std::nullopt};
  const Actor root{1, "root", Role::kAdmin, std::nullopt};
  EXPECT_EQ(admin.Retry(agent, id).error().code, core::ErrorCode::kForbidden);
  EXPECT_EQ(admin.List(agent, "dead", 50, 0).error().code, core::ErrorCode::kForbidden);
  auto dead = admin.List(root, "dead", 50, 0);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].last_error, "HTTP 410");
  EXPECT_EQ(admin.List(root, "stuck", 50, 0).error().code, core::ErrorCode::kInvalid);

  clock_.Set(kStart + core::Seconds{3600});
  auto retried = admin.Retry(root, id);
  ASSERT_TRUE(retried) << retried.error().ToString();
  EXPECT_EQ(retried->state, "pending");
  EXPECT_EQ(retried->send_at, kStart + core::Seconds{3600});
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(admin.Retry(root, id).error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(admin.Retry(root, 999).error().code, core::ErrorCode::kNotFound);

  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(Row(id).state, "sent");
  EXPECT_EQ(port_.SentCount(), 2u);
}

TEST_F(OutboxWorkerTest, ThreadDeliversOnWakeWithoutPolling) {
  auto& worker = Worker(4);
  worker.Start();
  std::vector<Id> ids;
  for (int i = 0; i < 40; ++i) ids.push_back(Add("hook", "ben"));
  worker.Wake();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (port_.SentCount() < ids.size() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  worker.Stop();
  EXPECT_EQ(port_.SentCount(), ids.size());
  for (Id id : ids) EXPECT_EQ(Row(id).state, "sent");
  // Each sender object stays on its own thread.
  for (const auto& threads : port_.SenderThreads()) EXPECT_LE(threads.size(), 1u);
  std::set<Id> distinct;
  for (const auto& n : port_.Sent()) distinct.insert(n.outbox_id);
  EXPECT_EQ(distinct.size(), ids.size());
}

}  // namespace
}  // namespace esc::app
