// The IMAP mailbox and poller against a real Dovecot on loopback (tests/support/
// imap_server.py): what is taken, when it is marked, and what happens when the sink, the
// login or the server fails.
#include "intake/imap/imap_poller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "intake/imap/imap_response.h"
#include "support/child_process.h"
#include "support/imap_test_mailbox.h"
#include "support/scratch_dir.h"

namespace esc::intake {
namespace {

using test_support::ChildProcess;
using test_support::ScratchDir;

constexpr const char* kUser = "support";
constexpr const char* kPassword = "imap-test-secret";

std::string Message(int n, std::size_t body_bytes = 40) {
  return "From: Customer " + std::to_string(n) + " <c" + std::to_string(n) +
         "@customer.example>\r\nTo: support@escalator.example\r\nSubject: Problem " +
         std::to_string(n) + "\r\nMessage-ID: <imap-test-" + std::to_string(n) +
         "@customer.example>\r\n\r\n" + std::string(body_bytes, 'x') + "\r\n";
}

class ImapPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            "/usr/bin/python3", std::string(ESCALATOR_SOURCE_DIR) + "/tests/support/imap_server.py",
            "--dir", (dir_ / "dovecot").string(), "--user", kUser, "--password", kPassword},
        dir_ / "imap.err");
    ASSERT_TRUE(server_->ok()) << server_->Stderr();
    url_ = "imap://127.0.0.1:" + std::to_string(server_->port()) + "/INBOX";
  }

  ImapSettings Settings() const {
    ImapSettings s;
    s.url = url_;
    s.username = kUser;
    s.password = kPassword;
    s.require_tls = false;  // loopback only
    s.timeout = std::chrono::seconds(20);
    return s;
  }

  // The test's own hand on the mailbox.
  test_support::TestMailbox Mailbox() const { return {url_, kUser, kPassword}; }
  std::string Imap(const std::string& command) { return Mailbox().Command(command); }
  void Deliver(const std::string& raw) { Mailbox().Deliver(raw); }
  // The UIDs a search from the test's own connection finds.
  std::vector<std::uint32_t> Search(const std::string& criteria) {
    auto uids = ParseSearchResponse(Imap("UID SEARCH " + criteria));
    EXPECT_TRUE(uids) << criteria;
    return uids ? *uids : std::vector<std::uint32_t>{};
  }

  ScratchDir dir_;
  std::unique_ptr<ChildProcess> server_;
  std::string url_;
};

TEST_F(ImapPollerTest, TakesEachMessageOnceWithItsExactBytesAndMarksIt) {
  for (int n = 1; n <= 3; ++n) Deliver(Message(n));
  std::vector<std::string> stored;
  ImapPoller poller(
      Settings(),
      [&](const std::string& raw) -> core::Result<void> {
        stored.push_back(raw);
        return {};
      },
      std::chrono::seconds(60));

  const PollReport first = poller.PollOnce();
  EXPECT_EQ(first.error, "");
  EXPECT_EQ(first.taken, 3);
  ASSERT_EQ(stored.size(), 3u);
  for (int n = 1; n <= 3; ++n) EXPECT_EQ(stored[static_cast<std::size_t>(n - 1)], Message(n));
  EXPECT_EQ(Search("KEYWORD $EscalatorTaken SEEN"), (std::vector<std::uint32_t>{1, 2, 3}));

  const PollReport second = poller.PollOnce();
  EXPECT_EQ(second.error, "");
  EXPECT_EQ(second.taken, 0);
  EXPECT_EQ(stored.size(), 3u);
  // The taken mail stays in the mailbox unless delete_taken says otherwise.
  EXPECT_EQ(Search("ALL"), (std::vector<std::uint32_t>{1, 2, 3}));
}

TEST_F(ImapPollerTest, AMessageTheSinkCouldNotStoreIsTakenOnTheNextPass) {
  Deliver(Message(1));
  Deliver(Message(2));
  int calls = 0;
  bool database_up = false;
  std::vector<std::string> stored;
  ImapPoller poller(
      Settings(),
      [&](const std::string& raw) -> core::Result<void> {
        ++calls;
        if (!database_up) return std::unexpected(core::Error::Unavailable("database is locked"));
        stored.push_back(raw);
        return {};
      },
      std::chrono::seconds(60));

  const PollReport failed = poller.PollOnce();
  EXPECT_EQ(failed.taken, 0);
  EXPECT_NE(failed.error.find("database is locked"), std::string::npos) << failed.error;
  EXPECT_EQ(calls, 1);  // the pass stops at the first failure
  EXPECT_EQ(Search("KEYWORD $EscalatorTaken"), (std::vector<std::uint32_t>{}));

  database_up = true;
  const PollReport retried = poller.PollOnce();
  EXPECT_EQ(retried.error, "");
  EXPECT_EQ(retried.taken, 2);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0], Message(1));
}

TEST_F(ImapPollerTest, AMessageOverTheLimitIsFlaggedAndLeftInTheMailbox) {
  Deliver(Message(1, 5000));
  Deliver(Message(2));
  ImapSettings settings = Settings();
  settings.max_message_bytes = 1000;
  std::vector<std::string> stored;
  std::vector<std::string> log;
  ImapPoller poller(
      settings,
      [&](const std::string& raw) -> core::Result<void> {
        stored.push_back(raw);
        return {};
      },
      std::chrono::seconds(60), [&](const std::string& line) { log.push_back(line); });

  const PollReport report = poller.PollOnce();
  EXPECT_EQ(report.error, "");
  EXPECT_EQ(report.taken, 1);
  EXPECT_EQ(report.skipped, 1);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0], Message(2));
  EXPECT_EQ(Search("KEYWORD $EscalatorTooLarge"), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(Search("ALL"), (std::vector<std::uint32_t>{1, 2}));  // nothing deleted, nothing lost
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("larger than 1000 bytes"), std::string::npos) << log[0];
  EXPECT_EQ(poller.PollOnce().skipped, 0);  // flagged once, not fetched again
}

TEST_F(ImapPollerTest, DeleteTakenRemovesOnlyTheTakenMessages) {
  Deliver(Message(1));
  ImapSettings settings = Settings();
  settings.delete_taken = true;
  int stored = 0;
  ImapPoller poller(
      settings,
      [&](const std::string&) -> core::Result<void> {
        ++stored;
        Deliver(Message(2));  // arrives during the pass: not taken in it, not deleted
        return {};
      },
      std::chrono::seconds(60));
  const PollReport report = poller.PollOnce();
  EXPECT_EQ(report.error, "");
  EXPECT_EQ(report.taken, 1);
  EXPECT_EQ(Search("ALL"), (std::vector<std::uint32_t>{2}));
}

TEST_F(ImapPollerTest, AWrongPasswordOrAServerThatIsDownIsAnErrorNotACrash) {
  Deliver(Message(1));
  int calls = 0;
  auto sink = [&](const std::string&) -> core::Result<void> {
    ++calls;
    return {};
  };
  ImapSettings wrong = Settings();
  wrong.password = "not-the-password";
  ImapPoller refused(wrong, sink, std::chrono::seconds(60));
  EXPECT_FALSE(refused.PollOnce().error.empty());

  server_.reset();  // Dovecot stops
  ImapPoller down(Settings(), sink, std::chrono::seconds(60));
  const PollReport report = down.PollOnce();
  EXPECT_FALSE(report.error.empty());
  EXPECT_EQ(report.taken, 0);
  EXPECT_EQ(calls, 0);
}

TEST_F(ImapPollerTest, TheThreadPollsAtOnceAndStopsWhenAsked) {
  Deliver(Message(1));
  std::mutex mutex;
  std::vector<std::string> stored;
  ImapPoller poller(
      Settings(),
      [&](const std::string& raw) -> core::Result<void> {
        std::lock_guard lock(mutex);
        stored.push_back(raw);
        return {};
      },
      std::chrono::seconds(3600));
  poller.Start();
  EXPECT_TRUE(test_support::WaitUntil([&] {
    std::lock_guard lock(mutex);
    return stored.size() == 1;
  }));
  poller.Stop();  // returns at once, though the next poll is an hour away
  std::lock_guard lock(mutex);
  EXPECT_EQ(stored.front(), Message(1));
}

}  // namespace
}  // namespace esc::intake
