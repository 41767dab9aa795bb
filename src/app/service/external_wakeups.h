// How `escalator serve` learns of tickets another process wrote into its database
// (`escalator mail-ingest`, run by the MTA beside the running server): that process leaves
// a row in `wakeup_signals` in the same transaction as the ticket; Poll reads the rows
// after the last one seen, reads each ticket's current wake-up and hands it to the
// scheduler. The server calls Poll every couple of seconds (a cheap indexed read), so a
// mail-opened ticket's SLA clock fires on time once it has been seen. The first Poll starts
// after the newest row: the scheduler's Load already read every ticket's wake-up.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "app/service/store.h"

namespace esc::app {

class ExternalWakeups {
 public:
  // `schedule`: the scheduler's Set (ticket, wake-up or nullopt).
  ExternalWakeups(Store& store, std::function<void(Id, std::optional<Instant>)> schedule)
      : store_(store), schedule_(std::move(schedule)) {}

  // Skips the signals that exist now (call before the scheduler's Load).
  Result<void> Start();
  // Schedules the tickets signalled since the last call; returns how many.
  Result<std::size_t> Poll();

 private:
  Store& store_;
  std::function<void(Id, std::optional<Instant>)> schedule_;
  std::mutex mutex_;
  std::int64_t last_seq_ = 0;
};

}  // namespace esc::app
