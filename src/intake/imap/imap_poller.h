// Takes mail from an IMAP mailbox into Escalator: every `interval`, each message not yet
// taken is fetched, handed to the sink (the service's mail intake, which stores it as a
// ticket or reply, or quarantines it) and only then marked taken in the mailbox. A sink
// error means "not stored, try later" (the database is unavailable): the pass stops and
// the message is fetched again next time. A message over the size limit is flagged
// `$EscalatorTooLarge` and left in the mailbox for a person. Runs on its own thread
// (Start/Stop); PollOnce is one pass, for tests and for `escalator mail-poll --once`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "intake/imap/imap_mailbox.h"

namespace esc::intake {

// Stores or quarantines one raw message; an error only when it should be tried again.
using MailSink = std::function<core::Result<void>(const std::string& raw)>;

inline constexpr std::string_view kTooLargeKeyword = "$EscalatorTooLarge";

struct PollReport {
  int taken = 0;      // stored by the sink and marked taken
  int skipped = 0;    // too large, or gone before it could be fetched
  std::string error;  // why the pass stopped early; empty when it went through
};

class ImapPoller {
 public:
  // REQUIRES: CheckImapSettings(settings) succeeded. `log` gets one line per problem.
  ImapPoller(ImapSettings settings, MailSink sink, std::chrono::seconds interval,
             std::function<void(const std::string&)> log = {}, int max_per_pass = 500);
  ~ImapPoller();  // stops the thread
  ImapPoller(const ImapPoller&) = delete;
  ImapPoller& operator=(const ImapPoller&) = delete;

  // One pass over the mailbox, on the calling thread. Not to be called while the thread
  // runs.
  PollReport PollOnce();
  // Polls at once, then every interval, until Stop().
  void Start();
  void Stop();

 private:
  void Log(const std::string& line) const;

  ImapMailbox mailbox_;
  MailSink sink_;
  std::chrono::seconds interval_;
  std::function<void(const std::string&)> log_;
  int max_per_pass_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace esc::intake
