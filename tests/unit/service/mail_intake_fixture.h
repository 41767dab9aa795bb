// Test support for the mail intake: the service wired on a SQLite store in a scratch
// directory, the SaaS example policy (with its intake: section), a manual clock, and
// helpers to build inbound mail and read back what it became.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/service/mail_intake.h"
#include "core/rfc3339.h"
#include "policy/policy_loader.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/scratch_dir.h"

namespace esc::app::test_support {

inline core::Policy ExamplePolicy() {
  auto loaded =
      policy::LoadPolicyFile(std::string(ESCALATOR_SOURCE_DIR) + "/examples/saas-support.yaml");
  if (!loaded) ADD_FAILURE() << loaded.error().front().ToString();
  return loaded ? std::move(*loaded) : core::Policy{};
}

inline Instant At(std::string_view text) { return core::ToInstant(*core::ParseDateTime(text)); }

inline InboundMail Mail(std::string from, std::string subject, std::string body,
                        std::string message_id) {
  InboundMail mail;
  mail.from_address = std::move(from);
  mail.subject = std::move(subject);
  mail.body = std::move(body);
  mail.reply_text = mail.body;
  mail.message_id = std::move(message_id);
  return mail;
}

class MailIntakeTest : public ::testing::Test {
 protected:
  MailIntakeTest()
      : store_(Open()),
        policies_("", ExamplePolicy()),
        context_{*store_, policies_, clock_, live_, routing_, {}, {}, {}, {}, {}},
        tickets_(context_),
        intake_(context_, tickets_) {
    routing_.Install(policies_.Current(), {});
  }

  std::unique_ptr<storage::SqliteStore> Open() {
    auto store = storage::SqliteStore::Open({(dir_ / "test.db").string(), false, 64});
    if (!store) ADD_FAILURE() << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  MailOutcome Deliver(const InboundMail& mail, std::string_view raw = "raw") {
    auto outcome = intake_.Deliver(mail, raw);
    EXPECT_TRUE(outcome) << (outcome ? "" : outcome.error().ToString());
    return outcome ? *outcome : MailOutcome{};
  }

  TicketRecord Ticket(Id id) {
    auto t = tickets_.Get(Actor::System(), id);
    EXPECT_TRUE(t) << (t ? "" : t.error().ToString());
    return t ? *t : TicketRecord{};
  }

  std::vector<MessageRecord> Messages(Id id) {
    auto m = tickets_.Messages(Actor::System(), id);
    EXPECT_TRUE(m);
    return m ? *m : std::vector<MessageRecord>{};
  }

  std::int64_t CountTickets() {
    std::int64_t n = -1;
    EXPECT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
      auto count = tx.CountTickets({}, 1000000);
      if (!count) return std::unexpected(count.error());
      n = *count;
      return {};
    }));
    return n;
  }

  std::optional<CustomerRecord> Customer(Id id) {
    std::optional<CustomerRecord> out;
    EXPECT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
      auto found = tx.FindCustomer(id);
      if (!found) return std::unexpected(found.error());
      out = *found;
      return {};
    }));
    return out;
  }

  esc::test_support::ScratchDir dir_;
  std::unique_ptr<storage::SqliteStore> store_;
  PolicyHolder policies_;
  ManualClock clock_{At("2026-03-02T15:00:00Z")};
  LiveEvents live_;
  Routing routing_;
  ServiceContext context_;
  TicketService tickets_;
  MailIntake intake_;
};

}  // namespace esc::app::test_support
