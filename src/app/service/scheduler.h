// The live scheduler: an in-memory index of every ticket's next wake-up (rebuilt from the
// database at start, kept up to date by the after-commit hook of each change), and a
// thread that sleeps until the earliest one and then has the engine re-evaluate what is
// due, earliest first, in batches committed together. Nothing polls the ticket table.
// With a manual clock (`serve --testing`) there is no thread: AdvanceTo moves the clock
// and fires everything due on the way, in order, at its own instant.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "app/service/clock.h"
#include "app/service/ticket_service.h"
#include "core/scheduler/wakeup_index.h"

namespace esc::app {

class Scheduler {
 public:
  // `observe_lag`: called with the delay from each due instant to its committed decision.
  Scheduler(TicketService& tickets, Clock& clock,
            std::function<void(double seconds)> observe_lag = {});
  ~Scheduler();

  Result<std::size_t> Load(Store& store);  // returns how many tickets are scheduled
  // The after-commit hook: `at` empty clears the ticket.
  void Set(Id ticket, std::optional<Instant> at);

  // Re-evaluates everything due at the clock's now; returns how many tickets.
  Result<std::size_t> RunDue();
  // Manual clock only: moves it forward to `target` (Invalid when earlier than now),
  // firing what falls due on the way in order of instant, each at its own instant.
  Result<std::size_t> AdvanceTo(ManualClock& clock, Instant target);

  void Start();  // the background thread (system clock)
  void Stop();

  std::size_t size() const;
  std::size_t memory_bytes() const;
  std::optional<Instant> next() const;

 private:
  void Loop();

  TicketService& tickets_;
  Clock& clock_;
  std::function<void(double)> observe_lag_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  core::WakeupIndex index_;
  bool stopping_ = false;
  std::thread thread_;
  std::mutex run_mutex_;  // one RunDue at a time
};

}  // namespace esc::app
