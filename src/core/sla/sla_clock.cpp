#include "core/sla/sla_clock.h"

#include <fmt/format.h>

#include "core/rfc3339.h"

namespace esc::core {

std::string_view ToString(SlaState state) {
  switch (state) {
    case SlaState::kRunning: return "running";
    case SlaState::kPaused: return "paused";
    case SlaState::kMet: return "met";
    case SlaState::kBreached: return "breached";
  }
  return "unknown";
}

Result<SlaClock> SlaClock::Start(SlaTarget target, Instant at) {
  if (target.duration <= Seconds{0}) {
    return std::unexpected(Error::Invalid(
        fmt::format("an SLA target needs a positive duration, got {} s", target.duration.count())));
  }
  SlaClock clock(std::move(target));
  if (auto ok = clock.Begin(at); !ok) return std::unexpected(ok.error());
  return clock;
}

Result<void> SlaClock::Begin(Instant at) {
  auto due = target_.calendar.Add(at, target_.duration);
  if (!due) return std::unexpected(due.error());
  phase_ = Phase::kRunning;
  last_change_ = at;
  consumed_ = Seconds{0};
  due_ = *due;
  breached_at_.reset();
  return {};
}

Result<void> SlaClock::CheckOrder(Instant at, std::string_view action) const {
  if (at < last_change_) {
    return std::unexpected(Error::Conflict(fmt::format(
        "cannot {} at {}: the clock last changed at {}", action, FormatRfc3339(at, Seconds{0}),
        FormatRfc3339(last_change_, Seconds{0}))));
  }
  return {};
}

Result<void> SlaClock::Accrue(Instant at) {
  if (phase_ != Phase::kRunning) return {};
  auto ran = target_.calendar.Elapsed(last_change_, at);
  if (!ran) return std::unexpected(ran.error());
  consumed_ += *ran;
  if (at > due_ && !breached_at_) breached_at_ = due_;
  return {};
}

Result<void> SlaClock::RunFrom(Instant at) {
  if (!breached_at_) {
    auto due = target_.calendar.Add(at, target_.duration - consumed_);
    if (!due) return std::unexpected(due.error());
    due_ = *due;
  }
  phase_ = Phase::kRunning;
  last_change_ = at;
  return {};
}

Result<void> SlaClock::Pause(Instant at) {
  if (auto ok = CheckOrder(at, "pause"); !ok) return ok;
  if (phase_ != Phase::kRunning) {
    return std::unexpected(Error::Conflict("cannot pause: the clock is not running"));
  }
  if (auto ok = Accrue(at); !ok) return ok;
  phase_ = Phase::kPaused;
  last_change_ = at;
  return {};
}

Result<void> SlaClock::Resume(Instant at) {
  if (auto ok = CheckOrder(at, "resume"); !ok) return ok;
  if (phase_ != Phase::kPaused) {
    return std::unexpected(Error::Conflict("cannot resume: the clock is not paused"));
  }
  return RunFrom(at);
}

Result<void> SlaClock::Stop(Instant at) {
  if (auto ok = CheckOrder(at, "stop"); !ok) return ok;
  if (phase_ == Phase::kStopped) {
    return std::unexpected(Error::Conflict("cannot stop: the clock has already stopped"));
  }
  if (auto ok = Accrue(at); !ok) return ok;
  phase_ = Phase::kStopped;
  last_change_ = at;
  return {};
}

Result<void> SlaClock::Restart(Instant at) {
  if (auto ok = CheckOrder(at, "restart"); !ok) return ok;
  return Begin(at);
}

Result<void> SlaClock::Reopen(Instant at) {
  if (auto ok = CheckOrder(at, "reopen"); !ok) return ok;
  if (phase_ != Phase::kStopped) {
    return std::unexpected(Error::Conflict("cannot reopen: the clock has not stopped"));
  }
  return RunFrom(at);
}

Result<std::optional<Instant>> SlaClock::WhenUsed(Seconds used) const {
  if (consumed_ >= used) return std::optional<Instant>(last_change_);
  if (phase_ != Phase::kRunning) return std::optional<Instant>();
  auto at = target_.calendar.Add(last_change_, used - consumed_);
  if (!at) return std::unexpected(at.error());
  return std::optional<Instant>(*at);
}

Result<SlaStatus> SlaClock::StatusAt(Instant now) const {
  if (auto ok = CheckOrder(now, "report"); !ok) return std::unexpected(ok.error());
  SlaStatus status;
  status.elapsed = consumed_;
  status.due = due_;
  if (phase_ == Phase::kRunning) {
    auto ran = target_.calendar.Elapsed(last_change_, now);
    if (!ran) return std::unexpected(ran.error());
    status.elapsed += *ran;
  }
  status.remaining = target_.duration - status.elapsed;
  status.percent_used = 100.0 * static_cast<double>(status.elapsed.count()) /
                        static_cast<double>(target_.duration.count());
  status.paused = phase_ == Phase::kPaused;
  status.stopped = phase_ == Phase::kStopped;
  switch (phase_) {
    case Phase::kRunning:
      status.state = now > due_ ? SlaState::kBreached : SlaState::kRunning;
      break;
    case Phase::kPaused:
      if (breached_at_) {
        status.state = SlaState::kBreached;
        break;
      }
      status.state = SlaState::kPaused;
      if (auto projected = target_.calendar.Add(now, status.remaining)) status.due = *projected;
      break;
    case Phase::kStopped:
      status.state = breached_at_ ? SlaState::kBreached : SlaState::kMet;
      break;
  }
  return status;
}

}  // namespace esc::core
