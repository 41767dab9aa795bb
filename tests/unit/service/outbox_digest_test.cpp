// Digests in the outbox worker, against a real SQLite store and the fake port: beyond a
// channel's `after` rows to one recipient in a window, the rest are folded into one
// digest sent when the window ends; other recipients, channels, windows and the customer
// are not folded; rows join a digest only until it is attempted; the fold is one
// transaction (all of it or nothing), and a digest resent after a restart keeps its id.
#include "app/service/outbox_digest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/service/outbox_message.h"
#include "unit/service/outbox_fixture.h"

namespace esc::app {
namespace {

using namespace outbox_test;
using nlohmann::json;
using std::chrono::seconds;

class OutboxDigestTest : public OutboxWorkerTest {
 protected:
  std::vector<OutgoingNotification> SentTo(const std::string& address, const std::string& kind) {
    std::vector<OutgoingNotification> out;
    for (auto& n : port_.Sent()) {
      if (n.address == address && n.kind == kind) out.push_back(n);
    }
    return out;
  }
  std::vector<OutboxRecord> Rows(const std::string& state) {
    std::vector<OutboxRecord> rows;
    EXPECT_TRUE(store_->Read([&](StoreTx& tx) -> Result<void> {
      auto found = tx.Outbox(std::nullopt, state, 1000);
      if (!found) return std::unexpected(found.error());
      rows = std::move(*found);
      return {};
    }));
    return rows;
  }
};

TEST_F(OutboxDigestTest, WindowStartsAreAlignedToTheEpoch) {
  EXPECT_EQ(DigestWindowStart(kStart + seconds{59}, seconds{60}), kStart);
  EXPECT_EQ(DigestWindowStart(kStart + seconds{60}, seconds{60}), kStart + seconds{60});
  EXPECT_EQ(DigestWindowStart(kStart + seconds{299}, seconds{300}), kStart);
}

TEST_F(OutboxDigestTest, BeyondAfterInAWindowTheRestGoAsOneDigestWhenTheWindowEnds) {
  DigestOnHook(3);
  std::vector<Id> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(Add("hook", "ben", "assignee", kStart + seconds{i}));
  const Id other = Add("hook", "ana", "assignee", kStart + seconds{5});
  const Id mail = Add("mail", "ben", "assignee", kStart + seconds{5});
  clock_.Set(kStart + seconds{10});
  auto& worker = Worker();
  ASSERT_TRUE(worker.RunDue());
  // Three to ben one by one (the first three), ana's and the mail: five sends.
  EXPECT_EQ(port_.SentCount(), 5u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Row(ids[i]).state, "sent");
  EXPECT_EQ(Row(other).state, "sent");
  EXPECT_EQ(Row(mail).state, "sent");
  std::optional<Id> digest;
  for (int i = 3; i < 7; ++i) {
    const OutboxRecord row = Row(ids[i]);
    EXPECT_EQ(row.state, "digested");
    ASSERT_TRUE(row.digest_id.has_value());
    if (digest) {
      EXPECT_EQ(*row.digest_id, *digest);
    }
    digest = row.digest_id;
  }
  ASSERT_TRUE(digest);
  const OutboxRecord d = Row(*digest);
  EXPECT_EQ(d.role, "digest");
  EXPECT_EQ(d.recipient, "ben");
  EXPECT_EQ(d.channel, "hook");
  EXPECT_EQ(d.state, "pending");
  EXPECT_EQ(d.send_at, kStart + seconds{60});  // the end of the window
  EXPECT_EQ(worker.next(), kStart + seconds{60});

  // Nothing more until the window ends; then one digest listing the four.
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(port_.SentCount(), 5u);
  clock_.Set(kStart + seconds{60});
  ASSERT_TRUE(worker.RunDue());
  ASSERT_EQ(port_.SentCount(), 6u);
  const auto digests = SentTo("ben", "digest");
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0].outbox_id, *digest);
  const json context = json::parse(digests[0].context);
  EXPECT_EQ(context["count"], 4);
  ASSERT_EQ(context["items"].size(), 4u);
  EXPECT_EQ(context["items"][0]["ticket"]["key"], "ESC-1");
  EXPECT_EQ(context["items"][0]["ticket"]["title"], "Checkout fails");
  EXPECT_EQ(context["items"][0]["ticket"]["url"], "https://esc.example/tickets/ESC-1");
  EXPECT_EQ(context["items"][0]["event"], "legal");
  EXPECT_EQ(context["items"][0]["kind"], "escalated_to_you");
  EXPECT_EQ(Row(*digest).state, "sent");
  for (int i = 3; i < 7; ++i) EXPECT_EQ(Row(ids[i]).state, "digested");  // never alone
}

TEST_F(OutboxDigestTest, LaterRowsJoinTheOpenDigestAndTheNextWindowStartsAfresh) {
  DigestOnHook(2);
  for (int i = 0; i < 3; ++i) Add("hook", "ben", "", kStart + seconds{i});
  clock_.Set(kStart + seconds{5});
  auto& worker = Worker();
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(port_.SentCount(), 2u);
  const Id late = Add("hook", "ben", "", kStart + seconds{30});
  clock_.Set(kStart + seconds{30});
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(port_.SentCount(), 2u);
  EXPECT_EQ(Row(late).state, "digested");
  // The next window: two alone again, even before the first window's digest is sent.
  const Id next1 = Add("hook", "ben", "", kStart + seconds{61});
  const Id next2 = Add("hook", "ben", "", kStart + seconds{62});
  clock_.Set(kStart + seconds{70});
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(Row(next1).state, "sent");
  EXPECT_EQ(Row(next2).state, "sent");
  const auto digests = SentTo("ben", "digest");
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(json::parse(digests[0].context)["count"], 2);
  EXPECT_EQ(port_.SentCount(), 5u);
}

TEST_F(OutboxDigestTest, TheCustomersMailIsNeverFolded) {
  DigestOnHook(1);
  for (int i = 0; i < 3; ++i) Add("hook", "customer", "customer", kStart);
  auto& worker = Worker();
  ASSERT_TRUE(worker.RunDue());
  EXPECT_EQ(port_.SentCount(), 3u);
  EXPECT_TRUE(Rows("digested").empty());
}

TEST_F(OutboxDigestTest, AFoldThatDoesNotCommitLeavesEveryRowAsItWas) {
  DigestOnHook(1);
  const Id a = Add("hook", "ben", "", kStart), b = Add("hook", "ben", "", kStart);
  const auto policy = policies_.Current();
  auto written = store_->Write([&](StoreTx& tx) -> Result<void> {
    auto folded = FormDigests(tx, *policy, kStart);
    EXPECT_TRUE(folded);
    EXPECT_EQ(folded.value_or(0), 1u);
    return std::unexpected(core::Error::Unavailable("the process died here"));
  });
  EXPECT_FALSE(written);
  EXPECT_EQ(Row(a).state, "pending");
  EXPECT_EQ(Row(b).state, "pending");
  EXPECT_FALSE(Row(b).digest_id.has_value());
  EXPECT_EQ(Rows("").size(), 2u);  // no digest row either
}

TEST_F(OutboxDigestTest, ADigestResentAfterARestartKeepsItsIdAndContentAndTakesNoNewRows) {
  DigestOnHook(1);
  Add("hook", "ben", "", kStart);
  Add("hook", "ben", "", kStart + seconds{1});
  Add("hook", "ben", "", kStart + seconds{2});
  clock_.Set(kStart + seconds{60});
  Worker();
  ASSERT_TRUE(worker_->RunDue());
  ASSERT_EQ(port_.SentCount(), 2u);  // one alone, then the digest of two
  const auto first = SentTo("ben", "digest");
  ASSERT_EQ(first.size(), 1u);
  // Its delivery failed (as if the process died before recording it): a retry is due.
  port_.Script(first[0].outbox_id, {});
  OutboxRecord d = Row(first[0].outbox_id);
  d.state = "pending";
  d.attempts = 1;
  d.sent_at.reset();
  d.send_at = kStart + seconds{90};
  ASSERT_TRUE(store_->Write([&](StoreTx& tx) { return tx.UpdateOutboxDelivery(d); }));
  // A row of the same window arriving now does not change the attempted digest.
  const Id straggler = Add("hook", "ben", "", kStart + seconds{59});
  worker_.reset();  // a restart: a new worker on the same database
  clock_.Set(kStart + seconds{90});
  Worker();
  ASSERT_TRUE(worker_->RunDue());
  std::vector<OutgoingNotification> resent, others;
  for (auto& n : SentTo("ben", "digest")) {
    (n.outbox_id == first[0].outbox_id ? resent : others).push_back(n);
  }
  ASSERT_EQ(resent.size(), 2u);
  EXPECT_EQ(resent[1].context, first[0].context);
  EXPECT_EQ(json::parse(resent[1].context)["count"], 2);
  // The straggler went into a digest of its own, never into the attempted one.
  const OutboxRecord s = Row(straggler);
  EXPECT_EQ(s.state, "digested");
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(s.digest_id, std::optional<Id>(others[0].outbox_id));
  EXPECT_EQ(json::parse(others[0].context)["count"], 1);
  EXPECT_EQ(Row(first[0].outbox_id).state, "sent");
}

}  // namespace
}  // namespace esc::app
