// One SLA target's clock (first response, next update or resolution): a business-time
// budget on a calendar that runs, pauses while the ticket waits on the customer or a
// third party, and ends met or breached. Pausing shifts the deadline by exactly the
// business time spent paused. The clock is a value: every transition takes the instant
// it happens at, and StatusAt(now) reports elapsed and remaining business time, the
// share used (for pre-breach warnings) and the due instant, for any now.
#pragma once

#include <optional>
#include <string_view>

#include "core/calendar/calendar.h"
#include "core/error.h"
#include "core/time.h"

namespace esc::core {

enum class SlaState { kRunning, kPaused, kMet, kBreached };
std::string_view ToString(SlaState state);

struct SlaTarget {
  Calendar calendar;
  Seconds duration{0};  // business time allowed; > 0
};

struct SlaStatus {
  SlaState state = SlaState::kRunning;
  bool paused = false;           // also true for a clock paused after it breached
  bool stopped = false;          // the target was reached (met or late)
  Seconds elapsed{0};            // business time counted, pauses excluded
  Seconds remaining{0};          // duration - elapsed; negative once overdue
  double percent_used = 0;       // 100 * elapsed / duration; above 100 once overdue
  // Running: the deadline. Paused and not breached: the deadline if resumed at `now`.
  // Breached or stopped: the deadline that applied.
  Instant due;
};

class SlaClock {
 public:
  // Starts a clock at `at`. Fails for a non-positive duration or an instant the
  // calendar cannot compute.
  static Result<SlaClock> Start(SlaTarget target, Instant at);

  // Each transition must not be earlier than the previous one (Conflict otherwise) and
  // must fit the phase: Pause needs a running clock, Resume a paused one, Stop one that
  // has not stopped. Restart begins a fresh cycle (the next-update target after each
  // customer reply) from any phase.
  Result<void> Pause(Instant at);
  Result<void> Resume(Instant at);
  Result<void> Stop(Instant at);
  Result<void> Restart(Instant at);
  // Runs a stopped clock again from `at` with the business time it had already used (a
  // reopened ticket's resolution target). A breach it had stays a breach.
  Result<void> Reopen(Instant at);
  // The instant at which the clock has used `used` business time: the instant of its
  // last change if it already had by then, the future instant if it is running, and
  // nullopt if that is not known yet (paused) or will never happen (stopped short).
  Result<std::optional<Instant>> WhenUsed(Seconds used) const;
  bool running() const { return phase_ == Phase::kRunning; }
  bool paused() const { return phase_ == Phase::kPaused; }
  bool stopped() const { return phase_ == Phase::kStopped; }

  // The clock as seen at `now` (REQUIRES nothing: an earlier now is a Conflict error).
  Result<SlaStatus> StatusAt(Instant now) const;

  Seconds duration() const { return target_.duration; }

  // Identifies what WhenUsed answers: equal keys (on clocks of the same calendar) give
  // equal answers, so callers may keep an answer while the key stays the same.
  struct Key {
    Instant last_change;
    Seconds consumed{0};
    Seconds duration{0};
    int phase = 0;
    friend bool operator==(const Key&, const Key&) = default;
  };
  Key key() const { return {last_change_, consumed_, target_.duration, static_cast<int>(phase_)}; }

 private:
  enum class Phase { kRunning, kPaused, kStopped };

  explicit SlaClock(SlaTarget target) : target_(std::move(target)) {}
  Result<void> CheckOrder(Instant at, std::string_view action) const;
  Result<void> Begin(Instant at);
  // Adds the business time run since the last change (if running), noting a breach.
  Result<void> Accrue(Instant at);
  // Runs from `at` with the time already used: the deadline moves unless breached.
  Result<void> RunFrom(Instant at);

  SlaTarget target_;
  Phase phase_ = Phase::kRunning;
  Instant last_change_;                 // instant of the latest transition
  Seconds consumed_{0};                 // business time counted before last_change_
  Instant due_;                         // deadline while running (or the missed one)
  std::optional<Instant> breached_at_;  // set once a pause or stop came after due_
};

}  // namespace esc::core
