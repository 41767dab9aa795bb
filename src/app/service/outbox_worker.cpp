#include "app/service/outbox_worker.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "app/service/outbox_digest.h"
#include "app/service/outbox_message.h"

namespace esc::app {

OutboxWorker::OutboxWorker(Store& store, PolicyHolder& policies, Clock& clock, DeliveryPort& port,
                           OutboxWorkerOptions options,
                           std::function<void(const DeliveryReport&)> observe)
    : store_(store),
      policies_(policies),
      clock_(clock),
      port_(port),
      options_(std::move(options)),
      observe_(std::move(observe)) {
  if (options_.senders < 1) options_.senders = 1;
  if (options_.batch < 1) options_.batch = 1;
  for (int i = 0; i < options_.senders; ++i) senders_.emplace_back([this] { SenderLoop(); });
}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Stop() {
  halt_ = true;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(pool_mutex_);
    pool_stopping_ = true;
  }
  pool_wake_.notify_all();
  for (auto& sender : senders_) {
    if (sender.joinable()) sender.join();
  }
}

void OutboxWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    dirty_ = true;
  }
  wake_.notify_all();
}

void OutboxWorker::set_public_url(std::string url) {
  std::lock_guard run(run_mutex_);
  options_.public_url = std::move(url);
}

std::optional<Instant> OutboxWorker::next() const {
  std::lock_guard lock(mutex_);
  return next_;
}

void OutboxWorker::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const bool due = dirty_ || (next_ && !clock_.manual() && *next_ <= clock_.Now());
    if (due) {
      dirty_ = false;
      lock.unlock();
      auto round = RunDue();
      lock.lock();
      if (!round) {
        // The store is unavailable: try again in a second (Stop() still wakes us at once).
        dirty_ = true;
        wake_.wait_for(lock, std::chrono::seconds(1));
      }
      continue;
    }
    if (next_ && !clock_.manual()) {
      wake_.wait_until(lock, std::chrono::system_clock::time_point(next_->time_since_epoch()));
    } else {
      wake_.wait(lock);
    }
  }
}

void OutboxWorker::SenderLoop() {
  std::unique_ptr<NotificationSender> sender = port_.NewSender();
  std::unique_lock lock(pool_mutex_);
  for (;;) {
    pool_wake_.wait(lock, [this] { return pool_stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping, nothing left
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task(*sender);
    lock.lock();
    if (--unfinished_ == 0) pool_done_.notify_all();
  }
}

void OutboxWorker::SendAll(std::vector<Item>& items, const core::Policy& policy) {
  const Instant now = clock_.Now();
  std::unique_lock lock(pool_mutex_);
  for (Item& item : items) {
    if (!item.message) continue;
    ++unfinished_;
    tasks_.push_back([this, &item, &policy, now](NotificationSender& sender) {
      if (halt_) {
        item.skipped = true;
        return;
      }
      try {
        item.outcome = sender.Send(*item.message, policy, now);
      } catch (const std::exception& e) {
        item.outcome = {DeliveryStatus::kRetryable, fmt::format("sender failed: {}", e.what())};
      }
    });
  }
  pool_wake_.notify_all();
  pool_done_.wait(lock, [this] { return unfinished_ == 0; });
}

Result<std::vector<OutboxWorker::Item>> OutboxWorker::Claim(const core::Policy& policy,
                                                            Instant now, std::size_t& fetched) {
  std::vector<Item> items;
  auto read = store_.Read([&](StoreTx& tx) -> Result<void> {
    auto rows = tx.DueOutbox(now, options_.batch);
    if (!rows) return std::unexpected(rows.error());
    fetched = rows->size();
    for (auto& row : *rows) {
      auto beyond = BeyondAllowance(tx, policy, row);  // committed after this round's fold
      if (!beyond) return std::unexpected(beyond.error());
      if (*beyond) continue;
      Item item{std::move(row), std::nullopt, {}, false};
      auto message = ResolveNotification(tx, policy, item.row, options_.public_url);
      if (message) {
        item.message = std::move(*message);
      } else if (message.error().store_error) {
        return std::unexpected(*message.error().store_error);
      } else {
        item.outcome = {DeliveryStatus::kPermanent, message.error().permanent};
      }
      items.push_back(std::move(item));
    }
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return items;
}

Result<void> OutboxWorker::Commit(std::vector<Item>& items, const core::Policy& policy) {
  const Instant now = clock_.Now();
  for (Item& item : items) {
    if (item.skipped) continue;
    OutboxRecord& row = item.row;
    ++row.attempts;
    row.last_attempt_at = now;
    switch (item.outcome.status) {
      case DeliveryStatus::kSent:
        row.state = "sent";
        row.sent_at = now;
        break;
      case DeliveryStatus::kRetryable: {
        row.last_error = item.outcome.error;
        const core::Channel* channel = policy.FindChannel(row.channel);
        const auto delay =
            port_.RetryDelay(channel ? channel->retry : core::RetrySettings{}, row.attempts);
        if (delay) {
          // At least a second, so a round never picks its own retries up again.
          row.send_at = now + std::max(*delay, core::Seconds{1});
        } else {
          row.state = "dead";
        }
        break;
      }
      case DeliveryStatus::kPermanent:
        row.last_error = item.outcome.error;
        row.state = "dead";
        break;
    }
  }
  return store_.Write([&](StoreTx& tx) -> Result<void> {
    for (const Item& item : items) {
      if (item.skipped) continue;
      if (auto ok = tx.UpdateOutboxDelivery(item.row); !ok) return ok;
    }
    return {};
  });
}

Result<std::size_t> OutboxWorker::RunDue() {
  std::lock_guard run(run_mutex_);
  {
    std::lock_guard lock(pool_mutex_);
    if (pool_stopping_)
      return std::unexpected(core::Error::Unavailable("the outbox worker stopped"));
  }
  std::size_t total = 0;
  while (!halt_) {
    const auto policy = policies_.Current();
    const Instant now = clock_.Now();
    // Digests first, so that no row beyond its recipient's allowance is claimed alone.
    std::size_t folded = 0;
    if (std::any_of(policy->channels.begin(), policy->channels.end(),
                    [](const core::Channel& c) { return c.digest.has_value(); })) {
      auto digests = store_.Write([&](StoreTx& tx) -> Result<void> {
        auto count = FormDigests(tx, *policy, now);
        if (!count) return std::unexpected(count.error());
        folded = *count;
        return {};
      });
      if (!digests) return std::unexpected(digests.error());
    }
    std::size_t fetched = 0;
    auto items = Claim(*policy, now, fetched);
    if (!items) return std::unexpected(items.error());
    if (items->empty()) {
      // Every due row was one a commit added after the fold: fold again, unless this
      // round's fold found nothing to do either.
      if (fetched > 0 && folded > 0) continue;
      break;
    }
    SendAll(*items, *policy);
    if (auto ok = Commit(*items, *policy); !ok) return std::unexpected(ok.error());
    if (observe_) {
      for (const Item& item : *items) {
        if (item.skipped) continue;
        observe_(DeliveryReport{item.row.id, item.row.channel, item.row.state,
                                item.row.state == "sent" ? "" : item.row.last_error});
      }
    }
    total += items->size();
    if (fetched < static_cast<std::size_t>(options_.batch)) break;
  }
  std::optional<Instant> next;
  auto read = store_.Read([&](StoreTx& tx) -> Result<void> {
    auto at = tx.NextOutboxSendAt();
    if (!at) return std::unexpected(at.error());
    next = *at;
    return {};
  });
  if (!read) return std::unexpected(read.error());
  {
    std::lock_guard lock(mutex_);
    next_ = next;
  }
  return total;
}

}  // namespace esc::app
