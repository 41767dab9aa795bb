// SLA clocks on a Mon-Fri 09:00-17:00 America/New_York calendar: running, paused (the due
// instant shifts by exactly the business time spent paused), met, breached (strictly after
// the due instant), percent used, restart, and the errors of out-of-order transitions.
// 2025-03-04 is a Tuesday (EST, -05:00).
#include "core/sla/sla_clock.h"

#include <gtest/gtest.h>

#include <chrono>

#include "unit/core/calendar_test_util.h"

namespace esc::core {
namespace {

using namespace std::chrono_literals;
using testing::At;
using testing::S;
using testing::Text;
using testing::Z;

const Calendar& Office() {
  static const Calendar c = testing::Make(testing::OfficeSpec("America/New_York"));
  return c;
}

SlaClock StartAt(std::string_view at, Seconds duration = 4h) {
  return SlaClock::Start(SlaTarget{Office(), duration}, At(at)).value();
}

SlaStatus StatusAt(const SlaClock& clock, std::string_view now) {
  return clock.StatusAt(At(now)).value();
}

TEST(SlaClock, RunningClockReportsElapsedRemainingPercentAndDue) {
  const SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  EXPECT_EQ(S(clock.duration()), S(4h));
  const SlaStatus s = StatusAt(clock, "2025-03-04T11:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kRunning);
  EXPECT_FALSE(s.paused);
  EXPECT_FALSE(s.stopped);
  EXPECT_EQ(S(s.elapsed), S(1h));
  EXPECT_EQ(S(s.remaining), S(3h));
  EXPECT_DOUBLE_EQ(s.percent_used, 25.0);
  EXPECT_EQ(Text(s.due), Z("2025-03-04T14:00:00-05:00"));
}

TEST(SlaClock, StartOutsideHoursCountsFromTheNextOpening) {
  const SlaClock clock = StartAt("2025-03-01T12:00:00-05:00");  // a Saturday
  const SlaStatus s = StatusAt(clock, "2025-03-02T12:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kRunning);
  EXPECT_EQ(S(s.elapsed), 0);
  EXPECT_EQ(Text(s.due), Z("2025-03-03T13:00:00-05:00"));
}

TEST(SlaClock, AtTheDueInstantItIsStillRunning) {
  const SlaStatus s = StatusAt(StartAt("2025-03-04T10:00:00-05:00"), "2025-03-04T14:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kRunning);
  EXPECT_EQ(S(s.remaining), 0);
  EXPECT_DOUBLE_EQ(s.percent_used, 100.0);
}

TEST(SlaClock, BreachedStrictlyAfterTheDueInstant) {
  const SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  EXPECT_EQ(StatusAt(clock, "2025-03-04T14:00:01-05:00").state, SlaState::kBreached);
  const SlaStatus s = StatusAt(clock, "2025-03-04T16:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kBreached);
  EXPECT_EQ(S(s.elapsed), S(6h));
  EXPECT_EQ(S(s.remaining), -S(2h));
  EXPECT_DOUBLE_EQ(s.percent_used, 150.0);
  EXPECT_EQ(Text(s.due), Z("2025-03-04T14:00:00-05:00"));
  // Overnight the overdue business time stops growing.
  const SlaStatus night = StatusAt(clock, "2025-03-04T23:00:00-05:00");
  EXPECT_EQ(S(night.remaining), -S(3h));
  EXPECT_DOUBLE_EQ(night.percent_used, 175.0);
}

TEST(SlaClock, PauseAndResumeShiftTheDueInstantByThePausedBusinessTime) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Pause(At("2025-03-04T11:00:00-05:00")).has_value());
  ASSERT_TRUE(clock.Resume(At("2025-03-04T12:30:00-05:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-04T13:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kRunning);
  EXPECT_EQ(S(s.elapsed), S(90min));
  EXPECT_EQ(Text(s.due), Z("2025-03-04T15:30:00-05:00"));
}

TEST(SlaClock, WhilePausedTheDueIsWhereItWouldBeIfResumedNow) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Pause(At("2025-03-04T11:00:00-05:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-04T12:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kPaused);
  EXPECT_TRUE(s.paused);
  EXPECT_EQ(S(s.elapsed), S(1h));
  EXPECT_EQ(S(s.remaining), S(3h));
  EXPECT_DOUBLE_EQ(s.percent_used, 25.0);
  EXPECT_EQ(Text(s.due), Z("2025-03-04T15:00:00-05:00"));
  // Paused past the original due instant is not a breach; the projection moves on.
  const SlaStatus later = StatusAt(clock, "2025-03-04T16:00:00-05:00");
  EXPECT_EQ(later.state, SlaState::kPaused);
  EXPECT_EQ(S(later.elapsed), S(1h));
  EXPECT_EQ(Text(later.due), Z("2025-03-05T11:00:00-05:00"));
}

TEST(SlaClock, PauseOverNightShiftsByBusinessTimeNotWallTime) {
  SlaClock clock = StartAt("2025-03-04T15:00:00-05:00");  // due Wed 11:00
  ASSERT_TRUE(clock.Pause(At("2025-03-04T16:30:00-05:00")).has_value());
  ASSERT_TRUE(clock.Resume(At("2025-03-05T09:30:00-05:00")).has_value());
  // 17 hours of wall time, one hour of business time (16:30-17:00, 09:00-09:30).
  EXPECT_EQ(Text(StatusAt(clock, "2025-03-05T10:00:00-05:00").due), Z("2025-03-05T12:00:00-05:00"));
}

TEST(SlaClock, PauseOverTheWeekendAndSpringForwardShiftsByBusinessTime) {
  SlaClock clock = StartAt("2025-03-07T15:00:00-05:00");
  const Instant original_due = StatusAt(clock, "2025-03-07T15:00:00-05:00").due;
  EXPECT_EQ(Text(original_due), Z("2025-03-10T11:00:00-04:00"));
  ASSERT_TRUE(clock.Pause(At("2025-03-07T16:00:00-05:00")).has_value());
  ASSERT_TRUE(clock.Resume(At("2025-03-10T10:00:00-04:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-10T10:00:00-04:00");
  EXPECT_EQ(Text(s.due), Z("2025-03-10T13:00:00-04:00"));
  const Seconds paused =
      Office().Elapsed(At("2025-03-07T16:00:00-05:00"), At("2025-03-10T10:00:00-04:00")).value();
  EXPECT_EQ(S(paused), S(2h));  // though 65 hours of wall time passed
  EXPECT_EQ(S(Office().Elapsed(original_due, s.due)), S(paused));
}

TEST(SlaClock, PauseEntirelyOutsideHoursLeavesTheDueUnchanged) {
  SlaClock clock = StartAt("2025-02-28T15:00:00-05:00");  // Friday; due Monday 11:00
  ASSERT_TRUE(clock.Pause(At("2025-02-28T17:30:00-05:00")).has_value());
  ASSERT_TRUE(clock.Resume(At("2025-03-03T08:00:00-05:00")).has_value());
  EXPECT_EQ(Text(StatusAt(clock, "2025-03-03T08:00:00-05:00").due), Z("2025-03-03T11:00:00-05:00"));
}

TEST(SlaClock, SeveralPausesAccumulate) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Pause(At("2025-03-04T10:30:00-05:00")).has_value());
  ASSERT_TRUE(clock.Resume(At("2025-03-04T11:00:00-05:00")).has_value());
  ASSERT_TRUE(clock.Pause(At("2025-03-04T12:00:00-05:00")).has_value());
  ASSERT_TRUE(clock.Resume(At("2025-03-04T13:00:00-05:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-04T15:00:00-05:00");
  EXPECT_EQ(S(s.elapsed), S(210min));
  EXPECT_EQ(Text(s.due), Z("2025-03-04T15:30:00-05:00"));
}

TEST(SlaClock, StoppedBeforeTheDueInstantIsMet) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Stop(At("2025-03-04T13:00:00-05:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-11T13:00:00-04:00");
  EXPECT_EQ(s.state, SlaState::kMet);
  EXPECT_TRUE(s.stopped);
  EXPECT_EQ(S(s.elapsed), S(3h));
  EXPECT_EQ(S(s.remaining), S(1h));
  EXPECT_DOUBLE_EQ(s.percent_used, 75.0);
  EXPECT_EQ(Text(s.due), Z("2025-03-04T14:00:00-05:00"));
}

TEST(SlaClock, StoppedExactlyAtTheDueInstantIsMet) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Stop(At("2025-03-04T14:00:00-05:00")).has_value());
  EXPECT_EQ(StatusAt(clock, "2025-03-05T14:00:00-05:00").state, SlaState::kMet);
}

TEST(SlaClock, StoppedAfterTheDueInstantIsBreached) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Stop(At("2025-03-04T15:00:00-05:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-05T15:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kBreached);
  EXPECT_TRUE(s.stopped);
  EXPECT_EQ(S(s.elapsed), S(5h));
  EXPECT_EQ(S(s.remaining), -S(1h));
  EXPECT_EQ(Text(s.due), Z("2025-03-04T14:00:00-05:00"));
}

TEST(SlaClock, StoppedWhilePausedIsMet) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Pause(At("2025-03-04T11:00:00-05:00")).has_value());
  ASSERT_TRUE(clock.Stop(At("2025-03-04T16:00:00-05:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-05T16:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kMet);
  EXPECT_EQ(S(s.elapsed), S(1h));
}

TEST(SlaClock, PausedAfterABreachStaysBreached) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Pause(At("2025-03-04T15:00:00-05:00")).has_value());
  const SlaStatus paused = StatusAt(clock, "2025-03-04T15:30:00-05:00");
  EXPECT_EQ(paused.state, SlaState::kBreached);
  EXPECT_TRUE(paused.paused);
  EXPECT_EQ(S(paused.elapsed), S(5h));
  EXPECT_EQ(Text(paused.due), Z("2025-03-04T14:00:00-05:00"));
  ASSERT_TRUE(clock.Resume(At("2025-03-04T16:00:00-05:00")).has_value());
  const SlaStatus resumed = StatusAt(clock, "2025-03-04T16:30:00-05:00");
  EXPECT_EQ(resumed.state, SlaState::kBreached);
  EXPECT_FALSE(resumed.paused);
  EXPECT_EQ(S(resumed.elapsed), S(330min));
  EXPECT_EQ(Text(resumed.due), Z("2025-03-04T14:00:00-05:00"));  // a breach does not move
  ASSERT_TRUE(clock.Stop(At("2025-03-04T17:00:00-05:00")).has_value());
  EXPECT_EQ(StatusAt(clock, "2025-03-05T09:00:00-05:00").state, SlaState::kBreached);
}

TEST(SlaClock, PausedExactlyAtTheDueInstantIsNotBreached) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Pause(At("2025-03-04T14:00:00-05:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-04T15:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kPaused);
  EXPECT_EQ(S(s.remaining), 0);
  EXPECT_DOUBLE_EQ(s.percent_used, 100.0);
}

TEST(SlaClock, RestartBeginsAFreshCycleFromAnyPhase) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Stop(At("2025-03-04T11:00:00-05:00")).has_value());
  ASSERT_TRUE(clock.Restart(At("2025-03-04T13:00:00-05:00")).has_value());
  SlaStatus s = StatusAt(clock, "2025-03-04T13:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kRunning);
  EXPECT_FALSE(s.stopped);
  EXPECT_EQ(S(s.elapsed), 0);
  EXPECT_DOUBLE_EQ(s.percent_used, 0.0);
  EXPECT_EQ(Text(s.due), Z("2025-03-04T17:00:00-05:00"));
  ASSERT_TRUE(clock.Pause(At("2025-03-04T14:00:00-05:00")).has_value());
  ASSERT_TRUE(clock.Restart(At("2025-03-04T15:00:00-05:00")).has_value());
  s = StatusAt(clock, "2025-03-04T15:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kRunning);
  EXPECT_EQ(Text(s.due), Z("2025-03-05T11:00:00-05:00"));
}

TEST(SlaClock, RestartAfterABreachClearsIt) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  ASSERT_TRUE(clock.Stop(At("2025-03-04T15:00:00-05:00")).has_value());
  ASSERT_TRUE(clock.Restart(At("2025-03-04T15:00:00-05:00")).has_value());
  const SlaStatus s = StatusAt(clock, "2025-03-04T16:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kRunning);
  EXPECT_EQ(S(s.elapsed), S(1h));
  EXPECT_EQ(Text(s.due), Z("2025-03-05T11:00:00-05:00"));
}

TEST(SlaClock, TransitionsOutOfPhaseOrOrderAreConflicts) {
  SlaClock clock = StartAt("2025-03-04T10:00:00-05:00");
  EXPECT_EQ(clock.Resume(At("2025-03-04T10:30:00-05:00")).error().code, ErrorCode::kConflict);
  EXPECT_EQ(clock.Pause(At("2025-03-04T09:59:59-05:00")).error().code, ErrorCode::kConflict);
  EXPECT_EQ(clock.StatusAt(At("2025-03-04T09:00:00-05:00")).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(clock.Pause(At("2025-03-04T11:00:00-05:00")).has_value());
  EXPECT_EQ(clock.Pause(At("2025-03-04T11:30:00-05:00")).error().code, ErrorCode::kConflict);
  EXPECT_EQ(clock.Resume(At("2025-03-04T10:59:00-05:00")).error().code, ErrorCode::kConflict);
  EXPECT_EQ(clock.Restart(At("2025-03-04T10:00:00-05:00")).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(clock.Stop(At("2025-03-04T12:00:00-05:00")).has_value());
  EXPECT_EQ(clock.Stop(At("2025-03-04T12:30:00-05:00")).error().code, ErrorCode::kConflict);
  EXPECT_EQ(clock.Pause(At("2025-03-04T12:30:00-05:00")).error().code, ErrorCode::kConflict);
  EXPECT_EQ(clock.Resume(At("2025-03-04T12:30:00-05:00")).error().code, ErrorCode::kConflict);
  // The rejected transitions changed nothing.
  const SlaStatus s = StatusAt(clock, "2025-03-04T13:00:00-05:00");
  EXPECT_EQ(s.state, SlaState::kMet);
  EXPECT_EQ(S(s.elapsed), S(1h));
}

TEST(SlaClock, StartRejectsZeroAndNegativeDurations) {
  for (Seconds bad : {Seconds{0}, Seconds{-3600}}) {
    auto clock = SlaClock::Start(SlaTarget{Office(), bad}, At("2025-03-04T10:00:00-05:00"));
    ASSERT_FALSE(clock.has_value());
    EXPECT_EQ(clock.error().code, ErrorCode::kInvalid);
  }
}

TEST(SlaClock, StartFailsOutsideTheCalendarRange) {
  EXPECT_FALSE(SlaClock::Start(SlaTarget{Office(), 4h}, At("1899-06-01T00:00:00Z")).has_value());
}

TEST(SlaClock, StatesHaveNames) {
  EXPECT_EQ(ToString(SlaState::kRunning), "running");
  EXPECT_EQ(ToString(SlaState::kPaused), "paused");
  EXPECT_EQ(ToString(SlaState::kMet), "met");
  EXPECT_EQ(ToString(SlaState::kBreached), "breached");
}

}  // namespace
}  // namespace esc::core
