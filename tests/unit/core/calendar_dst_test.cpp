// Business calendars across daylight-saving changes, in America/New_York (2025: spring
// forward Sun Mar 9 02:00 EST -> 03:00 EDT at 07:00Z, fall back Sun Nov 2 02:00 EDT ->
// 01:00 EST at 06:00Z) and Europe/Berlin (2025: Sun Mar 30 02:00 CET -> 03:00 CEST at
// 01:00Z, Sun Oct 26 03:00 CEST -> 02:00 CET at 01:00Z). Hours are local wall-clock
// time: intervals spanning the gap are an hour shorter, spanning the repeated hour an
// hour longer; a boundary in the gap is the transition instant; openings at a repeated
// time take the earlier occurrence and closings the later one.
#include <gtest/gtest.h>

#include <chrono>

#include "core/calendar/calendar.h"
#include "unit/core/calendar_test_util.h"

namespace esc::core {
namespace {

using namespace std::chrono_literals;
using testing::Add;
using testing::At;
using testing::Elapsed;
using testing::Make;
using testing::S;
using testing::Spec;
using testing::Text;
using testing::Z;

date::local_seconds Local(date::sys_days day, Seconds time_of_day) {
  return date::local_seconds{day.time_since_epoch()} + time_of_day;
}

TEST(CalendarDst, AddCrossesSpringForwardGap) {
  const Calendar c = Make(testing::OfficeSpec("America/New_York"));
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-07T00:00:00Z"))), Z("2025-03-07T14:00:00Z"));
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-08T12:00:00Z"))), Z("2025-03-10T13:00:00Z"));
  EXPECT_EQ(Add(c, "2025-03-07T16:00:00-05:00", 4h), Z("2025-03-10T12:00:00-04:00"));
  EXPECT_EQ(Add(c, "2025-03-10T12:00:00-04:00", -4h), Z("2025-03-07T16:00:00-05:00"));
  EXPECT_EQ(Elapsed(c, "2025-03-07T16:00:00-05:00", "2025-03-10T12:00:00-04:00"), S(4h));
}

TEST(CalendarDst, SundayNightShiftAfterSpringForwardStartsAtLocalTen) {
  const Calendar c = Make(testing::SupportNySpec());
  EXPECT_EQ(Add(c, "2026-03-06T16:30:00-05:00", 120min), Z("2026-03-08T23:30:00-04:00"));
}

TEST(CalendarDst, AddCrossesFallBack) {
  const Calendar c = Make(testing::OfficeSpec("America/New_York"));
  EXPECT_EQ(Add(c, "2025-10-31T16:00:00-04:00", 2h), Z("2025-11-03T10:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-11-03T10:00:00-05:00", -2h), Z("2025-10-31T16:00:00-04:00"));
  EXPECT_EQ(Text(c.NextOpen(At("2025-11-01T12:00:00Z"))), Z("2025-11-03T14:00:00Z"));
}

TEST(CalendarDst, IntervalSpanningSpringForwardIsAnHourShorter) {
  const Calendar c = Make(Spec("America/New_York", {{"sat", {"22:00-06:00"}}}));
  // Sat 2025-03-08 22:00 EST (03:00Z) to Sun 06:00 EDT (10:00Z): 7 hours, not 8.
  EXPECT_EQ(Elapsed(c, "2025-03-08T12:00:00-05:00", "2025-03-09T12:00:00-04:00"), S(7h));
  EXPECT_EQ(Add(c, "2025-03-08T22:00:00-05:00", 7h), Z("2025-03-09T06:00:00-04:00"));
  EXPECT_EQ(Add(c, "2025-03-08T22:00:00-05:00", 5h), Z("2025-03-09T04:00:00-04:00"));
  EXPECT_EQ(Elapsed(c, "2025-03-15T12:00:00-04:00", "2025-03-16T12:00:00-04:00"), S(8h));
}

TEST(CalendarDst, IntervalSpanningFallBackIsAnHourLonger) {
  const Calendar c = Make(Spec("America/New_York", {{"sat", {"22:00-06:00"}}}));
  // Sat 2025-11-01 22:00 EDT (02:00Z) to Sun 06:00 EST (11:00Z): 9 hours.
  EXPECT_EQ(Elapsed(c, "2025-11-01T12:00:00-04:00", "2025-11-02T12:00:00-05:00"), S(9h));
  EXPECT_EQ(Add(c, "2025-11-01T22:00:00-04:00", 9h), Z("2025-11-02T06:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-11-01T22:00:00-04:00", 4h), Z("2025-11-02T01:00:00-05:00"));
  EXPECT_EQ(Text(c.NextClose(At("2025-11-02T05:30:00Z"))), Z("2025-11-02T11:00:00Z"));
}

TEST(CalendarDst, BoundaryInsideTheGapMapsToTheTransitionInstant) {
  const Calendar opens_in_gap = Make(Spec("America/New_York", {{"sun", {"02:30-05:00"}}}));
  EXPECT_EQ(Text(opens_in_gap.NextOpen(At("2025-03-09T00:00:00-05:00"))),
            Z("2025-03-09T07:00:00Z"));
  EXPECT_EQ(Elapsed(opens_in_gap, "2025-03-09T00:00:00-05:00", "2025-03-10T00:00:00-04:00"), S(2h));
  EXPECT_EQ(Elapsed(opens_in_gap, "2025-03-16T00:00:00-04:00", "2025-03-17T00:00:00-04:00"),
            S(150min));
  const Calendar closes_in_gap = Make(Spec("America/New_York", {{"sun", {"01:00-02:30"}}}));
  EXPECT_EQ(Text(closes_in_gap.NextClose(At("2025-03-09T06:30:00Z"))), Z("2025-03-09T07:00:00Z"));
  EXPECT_EQ(Elapsed(closes_in_gap, "2025-03-09T00:00:00-05:00", "2025-03-10T00:00:00-04:00"),
            S(1h));
  EXPECT_EQ(Text(closes_in_gap.LocalToInstant(Local(testing::Day("2025-03-09"), 150min))),
            Z("2025-03-09T07:00:00Z"));
}

TEST(CalendarDst, IntervalInsideTheGapIsEmpty) {
  const Calendar c = Make(Spec("America/New_York", {{"sun", {"02:10-02:50", "09:00-10:00"}}}));
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-09T00:00:00-05:00"))), Z("2025-03-09T09:00:00-04:00"));
  EXPECT_EQ(Elapsed(c, "2025-03-09T00:00:00-05:00", "2025-03-10T00:00:00-04:00"), S(1h));
}

TEST(CalendarDst, OpeningAtARepeatedTimeTakesTheEarlierOccurrence) {
  const Calendar c = Make(Spec("America/New_York", {{"sun", {"01:30-03:00"}}}));
  // 01:30 EDT (05:30Z) to 03:00 EST (08:00Z).
  EXPECT_EQ(Text(c.NextOpen(At("2025-11-02T04:00:00Z"))), Z("2025-11-02T05:30:00Z"));
  EXPECT_EQ(Elapsed(c, "2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00"), S(150min));
  EXPECT_EQ(Text(c.LocalToInstant(Local(testing::Day("2025-11-02"), 90min))),
            Z("2025-11-02T05:30:00Z"));
}

TEST(CalendarDst, ClosingAtARepeatedTimeTakesTheLaterOccurrence) {
  const Calendar c = Make(Spec("America/New_York", {{"sun", {"00:00-01:30"}}}));
  // 00:00 EDT (04:00Z) to 01:30 EST (06:30Z).
  EXPECT_EQ(Text(c.NextClose(At("2025-11-02T04:00:00Z"))), Z("2025-11-02T06:30:00Z"));
  EXPECT_TRUE(c.IsOpen(At("2025-11-02T01:15:00-05:00")).value());  // the second 01:15
  EXPECT_EQ(Elapsed(c, "2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00"), S(150min));
}

TEST(CalendarDst, IntervalWithinTheRepeatedHourCoversBothPasses) {
  const Calendar c = Make(Spec("America/New_York", {{"sun", {"01:15-01:45"}}}));
  EXPECT_EQ(Text(c.NextOpen(At("2025-11-02T00:00:00Z"))), Z("2025-11-02T05:15:00Z"));
  EXPECT_EQ(Text(c.NextClose(At("2025-11-02T05:15:00Z"))), Z("2025-11-02T06:45:00Z"));
  EXPECT_EQ(Add(c, "2025-11-02T05:15:00Z", 90min), Z("2025-11-02T06:45:00Z"));
}

TEST(CalendarDst, AlwaysOpenCountsRealTimeAcrossChanges) {
  const Calendar c = Make(testing::AlwaysOpenSpec("America/New_York"));
  EXPECT_EQ(Add(c, "2025-03-08T12:00:00-05:00", 24h), Z("2025-03-09T13:00:00-04:00"));
  EXPECT_EQ(Elapsed(c, "2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00"), S(25h));
  EXPECT_EQ(Elapsed(c, "2025-03-09T00:00:00-05:00", "2025-03-10T00:00:00-04:00"), S(23h));
  EXPECT_EQ(c.NextClose(At("2025-11-02T06:00:00Z")).error().code, ErrorCode::kNotFound);
}

TEST(CalendarDst, UtcOffsetFollowsTheZone) {
  const Calendar ny = Make(testing::OfficeSpec("America/New_York"));
  EXPECT_EQ(S(ny.UtcOffsetAt(At("2025-01-15T12:00:00Z"))), -S(5h));
  EXPECT_EQ(S(ny.UtcOffsetAt(At("2025-03-09T06:59:59Z"))), -S(5h));
  EXPECT_EQ(S(ny.UtcOffsetAt(At("2025-03-09T07:00:00Z"))), -S(4h));
  EXPECT_EQ(S(ny.UtcOffsetAt(At("2025-11-02T06:00:00Z"))), -S(5h));
  const Calendar berlin = Make(testing::OfficeSpec("Europe/Berlin"));
  EXPECT_EQ(S(berlin.UtcOffsetAt(At("2025-03-30T00:59:59Z"))), S(1h));
  EXPECT_EQ(S(berlin.UtcOffsetAt(At("2025-03-30T01:00:00Z"))), S(2h));
}

TEST(CalendarDst, BerlinDeadlineCrossesSpringForward) {
  const Calendar c = Make(testing::OfficeSpec("Europe/Berlin"));
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-28T00:00:00Z"))), Z("2025-03-28T08:00:00Z"));
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-29T00:00:00Z"))), Z("2025-03-31T07:00:00Z"));
  EXPECT_EQ(Add(c, "2025-03-28T15:30:00+01:00", 8h), Z("2025-03-31T13:30:00Z"));
  EXPECT_EQ(Add(c, "2025-03-31T13:30:00Z", -8h), Z("2025-03-28T15:30:00+01:00"));
}

TEST(CalendarDst, BerlinDeadlineCrossesFallBack) {
  const Calendar c = Make(testing::OfficeSpec("Europe/Berlin"));
  EXPECT_EQ(Add(c, "2025-10-24T16:00:00+02:00", 2h), Z("2025-10-27T10:00:00+01:00"));
  EXPECT_EQ(Text(c.NextClose(At("2025-10-27T08:00:00Z"))), Z("2025-10-27T16:00:00Z"));
}

TEST(CalendarDst, BerlinNightIntervalsShrinkAndGrow) {
  const Calendar c = Make(Spec("Europe/Berlin", {{"sun", {"00:00-06:00"}}}));
  // Spring: 00:00 CET (Sat 23:00Z) to 06:00 CEST (04:00Z). Autumn: 22:00Z to 05:00Z.
  EXPECT_EQ(Elapsed(c, "2025-03-29T12:00:00Z", "2025-03-30T12:00:00Z"), S(5h));
  EXPECT_EQ(Elapsed(c, "2025-10-25T12:00:00Z", "2025-10-26T12:00:00Z"), S(7h));
  EXPECT_EQ(Add(c, "2025-10-25T12:00:00Z", 7h), Z("2025-10-26T05:00:00Z"));
}

TEST(CalendarDst, BerlinBoundariesInTheGapAndTheRepeatedHour) {
  const Calendar gap = Make(Spec("Europe/Berlin", {{"sun", {"02:30-04:00"}}}));
  EXPECT_EQ(Text(gap.NextOpen(At("2025-03-29T12:00:00Z"))), Z("2025-03-30T01:00:00Z"));
  EXPECT_EQ(Elapsed(gap, "2025-03-29T12:00:00Z", "2025-03-30T12:00:00Z"), S(1h));
  // 02:15 CEST (00:15Z) to 02:45 CET (01:45Z): a half-hour interval open 90 minutes.
  const Calendar repeated = Make(Spec("Europe/Berlin", {{"sun", {"02:15-02:45"}}}));
  EXPECT_EQ(Text(repeated.NextOpen(At("2025-10-25T12:00:00Z"))), Z("2025-10-26T00:15:00Z"));
  EXPECT_EQ(Elapsed(repeated, "2025-10-25T12:00:00Z", "2025-10-26T12:00:00Z"), S(90min));
  EXPECT_EQ(Elapsed(repeated, "2025-10-18T12:00:00Z", "2025-10-19T12:00:00Z"), S(30min));
}

}  // namespace
}  // namespace esc::core
