#include "app/service/scheduler.h"

#include <fmt/format.h>

namespace esc::app {
namespace {

constexpr std::size_t kBatch = 256;

}  // namespace

Scheduler::Scheduler(TicketService& tickets, Clock& clock, std::function<void(double)> observe_lag)
    : tickets_(tickets), clock_(clock), observe_lag_(std::move(observe_lag)) {}

Scheduler::~Scheduler() { Stop(); }

Result<std::size_t> Scheduler::Load(Store& store) {
  std::vector<Wakeup> wakeups;
  auto read = store.Read([&](StoreTx& tx) -> Result<void> {
    auto rows = tx.Wakeups();
    if (!rows) return std::unexpected(rows.error());
    wakeups = std::move(*rows);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  std::lock_guard lock(mutex_);
  for (const auto& w : wakeups) index_.Set(static_cast<std::uint64_t>(w.ticket_id), w.at);
  return index_.size();
}

void Scheduler::Set(Id ticket, std::optional<Instant> at) {
  bool earlier = false;
  {
    std::lock_guard lock(mutex_);
    const auto id = static_cast<std::uint64_t>(ticket);
    if (!at) {
      index_.Clear(id);
      return;
    }
    const auto next = index_.Next();
    earlier = !next || *at < *next;
    index_.Set(id, *at);
  }
  if (earlier) wake_.notify_all();
}

Result<std::size_t> Scheduler::RunDue() {
  std::lock_guard run(run_mutex_);
  std::size_t total = 0;
  for (;;) {
    const Instant now = clock_.Now();
    std::vector<Id> ids;
    std::vector<Instant> due_at;
    {
      std::lock_guard lock(mutex_);
      while (ids.size() < kBatch) {
        const auto next = index_.Next();
        if (!next || *next > now) break;
        for (auto id : index_.TakeDue(*next, kBatch - ids.size())) {
          ids.push_back(static_cast<Id>(id));
          due_at.push_back(*next);
        }
      }
    }
    if (ids.empty()) return total;
    auto done = tickets_.Reevaluate(ids);
    if (!done) {
      // Try again shortly (the store may be briefly unavailable); nothing was committed.
      std::lock_guard lock(mutex_);
      for (Id id : ids) {
        if (!index_.At(static_cast<std::uint64_t>(id))) {
          index_.Set(static_cast<std::uint64_t>(id), now + core::Seconds{5});
        }
      }
      return std::unexpected(done.error());
    }
    if (observe_lag_ && !clock_.manual()) {
      const auto committed = std::chrono::system_clock::now();
      for (Instant at : due_at) {
        observe_lag_(std::chrono::duration<double>(
                         committed - std::chrono::system_clock::time_point(at.time_since_epoch()))
                         .count());
      }
    }
    total += ids.size();
  }
}

Result<std::size_t> Scheduler::AdvanceTo(ManualClock& clock, Instant target) {
  if (target < clock.Now()) {
    return std::unexpected(core::Error::Invalid(
        "the test clock only moves forward", "set"));
  }
  std::size_t total = 0;
  for (;;) {
    std::optional<Instant> next;
    {
      std::lock_guard lock(mutex_);
      next = index_.Next();
    }
    if (!next || *next > target) break;
    if (*next > clock.Now()) clock.Set(*next);
    auto fired = RunDue();
    if (!fired) return fired;
    total += *fired;
  }
  clock.Set(target);
  auto fired = RunDue();
  if (!fired) return fired;
  return total + *fired;
}

void Scheduler::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto next = index_.Next();
    const Instant now = clock_.Now();
    if (!next || *next > now) {
      if (next) {
        wake_.wait_until(lock, std::chrono::system_clock::time_point(next->time_since_epoch()));
      } else {
        wake_.wait(lock);
      }
      continue;
    }
    lock.unlock();
    auto fired = RunDue();
    lock.lock();
    if (!fired) {
      // Back off a little before trying again; Stop() still wakes us at once.
      wake_.wait_for(lock, std::chrono::seconds(1));
    }
  }
}

std::size_t Scheduler::size() const {
  std::lock_guard lock(mutex_);
  return index_.size();
}

std::size_t Scheduler::memory_bytes() const {
  std::lock_guard lock(mutex_);
  return index_.MemoryBytes();
}

std::optional<Instant> Scheduler::next() const {
  std::lock_guard lock(mutex_);
  return index_.Next();
}

}  // namespace esc::app
