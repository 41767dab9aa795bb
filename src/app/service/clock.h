// The service's source of "now": the system clock in production, a manual clock that
// tests move (`escalator serve --testing`, POST /_test/clock). Everything in the service
// that needs the time asks a Clock, so black-box tests never sleep.
#pragma once

#include <atomic>
#include <chrono>

#include "core/time.h"

namespace esc::app {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual core::Instant Now() const = 0;
  virtual bool manual() const { return false; }
};

class SystemClock final : public Clock {
 public:
  core::Instant Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(core::Instant start) : now_(core::ToEpochSeconds(start)) {}
  core::Instant Now() const override { return core::FromEpochSeconds(now_.load()); }
  bool manual() const override { return true; }
  void Set(core::Instant t) { now_.store(core::ToEpochSeconds(t)); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace esc::app
