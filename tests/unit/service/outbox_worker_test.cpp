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
#include "storage/sqlite/sqlite_store.h"
#include "support/scratch_dir.h"

namespace esc::app {
namespace {

using test_support::ScratchDir;

const Instant kStart = core::FromEpochSeconds(1772460000);

// Answers each outbox id with the scripted outcomes in turn (then "sent"); records
// every send and the threads each sender object ran on.
class FakePort final : public DeliveryPort {
 public:
  class Sender final : public NotificationSender {
   public:
    Sender(FakePort& port, std::size_t index) : port_(port), index_(index) {}
    DeliveryOutcome Send(const OutgoingNotification& n, const core::Policy&, Instant) override {
      std::lock_guard lock(port_.mutex_);
      port_.sender_threads_[index_].insert(std::this_thread::get_id());
      port_.sent_.push_back(n);
      auto& script = port_.script_[n.outbox_id];
      if (script.empty()) return {};
      DeliveryOutcome outcome = script.front();
      script.erase(script.begin());
      return outcome;
    }
   private:
    FakePort& port_;
    std::size_t index_;  // in sender_threads_: the sender itself ends with its thread
  };

  std::unique_ptr<NotificationSender> NewSender() override {
    std::lock_guard lock(mutex_);
    sender_threads_.emplace_back();
    return std::make_unique<Sender>(*this, sender_threads_.size() - 1);
  }
  // No jitter here: backoff * 2^(failed - 1), capped.
  std::optional<core::Seconds> RetryDelay(const core::RetrySettings& retry, int failed) override {
    if (failed >= retry.attempts) return std::nullopt;
    return std::min(retry.max_backoff, retry.backoff * (1 << (failed - 1)));
  }

  void Script(Id id, std::vector<DeliveryOutcome> outcomes) {
    std::lock_guard lock(mutex_);
    script_[id] = std::move(outcomes);
  }
  std::vector<OutgoingNotification> Sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::size_t SentCount() {
    std::lock_guard lock(mutex_);
    return sent_.size();
  }
  // The threads each sender object ran on, one set per sender.
  std::vector<std::set<std::thread::id>> SenderThreads() {
    std::lock_guard lock(mutex_);
    return sender_threads_;
  }

 private:
  std::mutex mutex_;
  std::map<Id, std::vector<DeliveryOutcome>> script_;
  std::vector<OutgoingNotification> sent_;
  std::vector<std::set<std::thread::id>> sender_threads_;
};

core::Policy TestPolicy() {
  core::Policy policy;
  policy.version = "test-1";
  core::Channel hook;
  hook.id = "hook";
  hook.type = core::ChannelType::kWebhook;
  hook.url = "http://127.0.0.1:9/hook";
  hook.retry = {3, core::Seconds{30}, core::Seconds{3600}};
  policy.channels.push_back(hook);
  core::Channel mail;
  mail.id = "mail";
  mail.type = core::ChannelType::kEmail;
  mail.from = "desk@example.com";
  policy.channels.push_back(mail);
  core::Trigger warning;
  warning.name = "resolution-75";
  warning.when.sla = core::SlaPoint{core::SlaTargetKind::kResolution, 75, core::Seconds{0}};
  policy.triggers.push_back(warning);
  core::Trigger breach;
  breach.name = "resolution-breached";
  breach.when.sla = core::SlaPoint{core::SlaTargetKind::kResolution, 100, core::Seconds{0}};
  policy.triggers.push_back(breach);
  core::Trigger legal;
  legal.name = "legal";
  core::EscalateAction to_legal;
  to_legal.kind = core::EscalationKind::kToTeam;
  to_legal.target = "legal";
  legal.then.emplace_back(std::in_place_type<core::EscalateAction>, to_legal);
  policy.triggers.push_back(legal);
  return policy;
}

class OutboxWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::SqliteStore::Open({(dir_ / "outbox.db").string(), false, 64});
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->Write([&](StoreTx& tx) -> Result<void> {
      auto customer = tx.InsertCustomer({0, "Acme", "gold", kStart});
      if (!customer) return std::unexpected(customer.error());
      customer_ = *customer;
      UserRecord contact;
      contact.username = "carla";
      contact.email = "carla@acme.example";
      contact.role = Role::kCustomer;
      contact.customer_id = customer_;
      contact.created_at = kStart;
      auto carla = tx.InsertUser(contact);
      if (!carla) return std::unexpected(carla.error());
      UserRecord agent;
      agent.username = "ben";
      agent.email = "ben@desk.example";
      agent.role = Role::kAgent;
      agent.created_at = kStart;
      if (auto ok = tx.InsertUser(agent); !ok) return std::unexpected(ok.error());
      agent.username = "nomail";
      agent.email = "";
      if (auto ok = tx.InsertUser(agent); !ok) return std::unexpected(ok.error());
      TicketRecord t;
      t.customer_id = customer_;
      t.requester_id = *carla;
      t.subject = "Checkout fails";
      t.category = "technical";
      t.impact = t.urgency = "high";
      t.priority = "critical";
      t.team = "frontline";
      t.level = "L1";
      t.created_at = t.updated_at = t.last_update = t.team_since = kStart;
      auto ticket = tx.InsertTicket(t);
      if (!ticket) return std::unexpected(ticket.error());
      ticket_ = *ticket;
      return {};
    }));
  }

  OutboxWorker& Worker(int senders = 2) {
    worker_ = std::make_unique<OutboxWorker>(
        *store_, policies_, clock_, port_, OutboxWorkerOptions{senders, 16, "https://esc.example"});
    return *worker_;
  }

  Id Add(std::string channel, std::string recipient, std::string role = "",
         Instant send_at = kStart, std::string event = "legal") {
    OutboxRecord row;
    row.ticket_id = ticket_;
    row.created_at = kStart;
    row.send_at = send_at;
    row.event = std::move(event);
    row.recipient = std::move(recipient);
    row.role = std::move(role);
    row.channel = std::move(channel);
    row.payload =
        R"({"ticket": "ESC-1", "trigger": "legal", "explanation": "the customer said lawyer"})";
    Id id = 0;
    EXPECT_TRUE(store_->Write([&](StoreTx& tx) -> Result<void> {
      auto inserted = tx.InsertOutbox(row);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }

  OutboxRecord Row(Id id) {
    OutboxRecord row;
    EXPECT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
      auto found = tx.FindOutbox(id);
      if (!found) return std::unexpected(found.error());
      if (!*found) return std::unexpected(core::Error::NotFound("no row"));
      row = **found;
      return {};
    }));
    return row;
  }

  ScratchDir dir_;
  std::unique_ptr<storage::SqliteStore> store_;
  PolicyHolder policies_{"policy.yaml", TestPolicy()};
  ManualClock clock_{kStart};
  FakePort port_;
  std::unique_ptr<OutboxWorker> worker_;
  Id customer_ = 0, ticket_ = 0;
};

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
  ServiceContext context{*store_, policies_, clock_, live, routing, {}, {}, [&] { ++woken; }, {}};
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
