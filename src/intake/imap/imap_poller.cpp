#include "intake/imap/imap_poller.h"

#include <fmt/format.h>

namespace esc::intake {

ImapPoller::ImapPoller(ImapSettings settings, MailSink sink, std::chrono::seconds interval,
                       std::function<void(const std::string&)> log, int max_per_pass)
    : mailbox_(std::move(settings)),
      sink_(std::move(sink)),
      interval_(std::max(interval, std::chrono::seconds(1))),
      log_(std::move(log)),
      max_per_pass_(std::max(max_per_pass, 1)) {}

ImapPoller::~ImapPoller() { Stop(); }

void ImapPoller::Log(const std::string& line) const {
  if (log_) log_(line);
}

PollReport ImapPoller::PollOnce() {
  PollReport report;
  auto pending = mailbox_.Pending();
  if (!pending) {
    report.error = pending.error().message;
    return report;
  }
  int handled = 0;
  for (const std::uint32_t uid : *pending) {
    if (handled++ >= max_per_pass_) break;  // the rest next pass: a pass stays short
    auto raw = mailbox_.Fetch(uid);
    if (!raw && raw.error().code == core::ErrorCode::kNotFound) {
      ++report.skipped;  // removed from the mailbox meanwhile
      continue;
    }
    if (!raw && raw.error().code == core::ErrorCode::kInvalid) {
      Log(fmt::format("imap: message UID {} left in the mailbox: {}", uid, raw.error().message));
      if (auto marked = mailbox_.MarkSkipped(uid, std::string(kTooLargeKeyword)); !marked) {
        report.error = marked.error().message;
        return report;
      }
      ++report.skipped;
      continue;
    }
    if (!raw) {
      report.error = raw.error().message;
      return report;
    }
    if (auto stored = sink_(*raw); !stored) {
      report.error = fmt::format("message UID {} not stored: {}", uid, stored.error().message);
      return report;
    }
    if (auto marked = mailbox_.MarkTaken(uid); !marked) {
      // Stored but not marked: fetched again next pass, and recognised by its Message-ID.
      report.error = marked.error().message;
      return report;
    }
    ++report.taken;
  }
  return report;
}

void ImapPoller::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      const PollReport report = PollOnce();
      if (!report.error.empty()) Log("imap: " + report.error);
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

void ImapPoller::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace esc::intake
