// The outbox worker: delivers the notifications the service wrote to the outbox. It
// claims due pending rows (send_at <= the clock's now) in batches, resolves each
// (outbox_message.h), has a small fixed pool of sender threads send them through the
// DeliveryPort (one NotificationSender per thread), and commits the outcomes of a batch
// together: sent; a retryable failure moves send_at on by the port's backoff with
// jitter; a permanent failure, or a retryable one after the channel's last attempt,
// makes the row dead with the error. Rows are delivered at least once: a crash between
// sending and committing resends them, with the same outbox id (so the same webhook
// idempotency key and Message-ID). Before each claim, rows beyond a recipient's digest
// allowance on a channel with `digest:` are folded into digest rows (outbox_digest.h).
//
// It never polls. Its thread sleeps until Wake() (rows committed, an admin retry, the
// test clock moved) or, on the system clock, until the earliest pending send_at. On a
// manual clock only Wake() moves it. RunDue() does one delivery round synchronously.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/service/clock.h"
#include "app/service/delivery_port.h"
#include "app/service/policy_holder.h"
#include "app/service/store.h"

namespace esc::app {

struct OutboxWorkerOptions {
  int senders = 4;         // sender threads, each with its own NotificationSender
  int batch = 64;          // rows claimed per round
  std::string public_url;  // the web app's base URL for links, no trailing slash
};

// What happened to one row in a round (for metrics and logs).
struct DeliveryReport {
  Id outbox_id = 0;
  std::string channel;
  std::string state;  // sent, pending (retry later) or dead
  std::string error;
};

class OutboxWorker {
 public:
  // Starts the sender threads. `observe` is called for each attempt, after its commit.
  OutboxWorker(Store& store, PolicyHolder& policies, Clock& clock, DeliveryPort& port,
               OutboxWorkerOptions options,
               std::function<void(const DeliveryReport&)> observe = {});
  ~OutboxWorker();
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  void Start();  // the dispatching thread
  // Stops every thread: sends under way finish, the rest of the batch stays pending.
  void Stop();
  // Something may be due: rows were committed, a row was retried, the clock moved.
  void Wake();

  // One delivery round, synchronously: everything due at the clock's now, batch by
  // batch. Returns the number of rows attempted; an error when the store failed.
  Result<std::size_t> RunDue();

  // The base URL of links (before Start(): the listening port may be known only then).
  void set_public_url(std::string url);

  // The earliest send_at of a pending row, as of the last round.
  std::optional<Instant> next() const;

 private:
  struct Item {
    OutboxRecord row;
    std::optional<OutgoingNotification> message;  // nullopt: resolving failed permanently
    DeliveryOutcome outcome;
    bool skipped = false;  // not sent because the worker is stopping: left as it was
  };
  void Loop();
  void SenderLoop();
  // Sends the resolved items of a batch on the sender threads; returns when all are done.
  void SendAll(std::vector<Item>& items, const core::Policy& policy);
  // The due rows, resolved; `fetched` counts those read, skipped ones included (a row
  // that belongs in a digest, committed after this round's fold).
  Result<std::vector<Item>> Claim(const core::Policy& policy, Instant now, std::size_t& fetched);
  Result<void> Commit(std::vector<Item>& items, const core::Policy& policy);

  Store& store_;
  PolicyHolder& policies_;
  Clock& clock_;
  DeliveryPort& port_;
  OutboxWorkerOptions options_;
  std::function<void(const DeliveryReport&)> observe_;

  mutable std::mutex mutex_;  // dispatcher state
  std::condition_variable wake_;
  bool dirty_ = true;  // something may be due: run a round
  bool stopping_ = false;
  std::optional<Instant> next_;
  std::thread thread_;
  std::mutex run_mutex_;           // one round at a time
  std::atomic<bool> halt_{false};  // Stop(): no new batch, no new send

  // The sender pool: tasks in, a count of the round's unfinished ones.
  std::mutex pool_mutex_;
  std::condition_variable pool_wake_, pool_done_;
  std::deque<std::function<void(NotificationSender&)>> tasks_;
  std::size_t unfinished_ = 0;
  bool pool_stopping_ = false;
  std::vector<std::thread> senders_;
};

}  // namespace esc::app
