// The outbox worker's test fixture, shared by the worker and digest tests: a real SQLite
// store in a scratch directory with a customer, a contact, agents and one ticket; a fake
// DeliveryPort that records every send and answers scripted outcomes; a manual clock.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "app/service/outbox_worker.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/scratch_dir.h"

namespace esc::app::outbox_test {

using test_support::ScratchDir;

inline const Instant kStart = core::FromEpochSeconds(1772460000);

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

inline core::Policy TestPolicy() {
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
  core::Trigger at_risk;  // an SLA point that escalates (a multi-level escalation's step)
  at_risk.name = "resolution-90-escalates";
  at_risk.when.sla = core::SlaPoint{core::SlaTargetKind::kResolution, 90, core::Seconds{0}};
  core::EscalateAction up;
  up.kind = core::EscalationKind::kNextLevel;
  at_risk.then.emplace_back(std::in_place_type<core::EscalateAction>, up);
  policy.triggers.push_back(at_risk);
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

  // The test policy with a digest on the webhook channel.
  void DigestOnHook(int after, core::Seconds per = core::Seconds{60}) {
    core::Policy policy = TestPolicy();
    for (auto& channel : policy.channels) {
      if (channel.id == "hook") channel.digest = core::Channel::Digest{after, per};
    }
    policies_.Install(std::move(policy));
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

}  // namespace esc::app::outbox_test
