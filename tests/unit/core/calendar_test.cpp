// Named behaviours of business calendars away from DST changes (those live in
// calendar_dst_test.cpp): where a start falls, deadlines on closing times, lunch breaks,
// overnight shifts, holidays and special days, leap days, year ends, long durations,
// negative durations, 24/7 calendars and the errors of Create and of out-of-range instants.
#include "core/calendar/calendar.h"

#include <gtest/gtest.h>

#include <chrono>

#include "unit/core/calendar_test_util.h"

namespace esc::core {
namespace {

using namespace std::chrono_literals;
using testing::Add;
using testing::At;
using testing::Elapsed;
using testing::Day;
using testing::Hours;
using testing::Make;
using testing::S;
using testing::Spec;
using testing::Text;
using testing::Z;


// America/New_York, Mon-Fri 09:00-17:00. 2025-03-04 is a Tuesday (EST, -05:00).
const Calendar& NyOffice() {
  static const Calendar c = Make(testing::OfficeSpec("America/New_York"));
  return c;
}
const Calendar& SupportNy() {
  static const Calendar c = Make(testing::SupportNySpec());
  return c;
}

TEST(Calendar, AddWithinOneDay) {
  EXPECT_EQ(Add(NyOffice(), "2025-03-04T10:00:00-05:00", 2h), Z("2025-03-04T12:00:00-05:00"));
}

TEST(Calendar, AddStartingBeforeOpeningCountsFromTheOpening) {
  EXPECT_EQ(Add(NyOffice(), "2025-03-04T07:00:00-05:00", 1h), Z("2025-03-04T10:00:00-05:00"));
}

TEST(Calendar, AddStartingAfterClosingCountsFromTheNextOpening) {
  EXPECT_EQ(Add(NyOffice(), "2025-03-04T18:00:00-05:00", 1h), Z("2025-03-05T10:00:00-05:00"));
}

TEST(Calendar, AddStartingExactlyAtOpening) {
  EXPECT_EQ(Add(NyOffice(), "2025-03-04T09:00:00-05:00", 8h), Z("2025-03-04T17:00:00-05:00"));
  EXPECT_EQ(Add(NyOffice(), "2025-03-04T09:00:00-05:00", 1s), Z("2025-03-04T09:00:01-05:00"));
}

TEST(Calendar, AddStartingExactlyAtClosingCountsFromTheNextOpening) {
  EXPECT_EQ(Add(NyOffice(), "2025-03-04T17:00:00-05:00", 1s), Z("2025-03-05T09:00:01-05:00"));
}

TEST(Calendar, DeadlineExactlyAtClosingTimeIsThatClosingTime) {
  EXPECT_EQ(Add(NyOffice(), "2025-03-04T16:00:00-05:00", 1h), Z("2025-03-04T17:00:00-05:00"));
  // On a Friday too: not Monday's opening.
  EXPECT_EQ(Add(NyOffice(), "2025-02-28T16:00:00-05:00", 1h), Z("2025-02-28T17:00:00-05:00"));
}

TEST(Calendar, AddZeroReturnsTheStartEvenWhenClosed) {
  EXPECT_EQ(Add(NyOffice(), "2025-03-01T03:00:00-05:00", 0s), Z("2025-03-01T03:00:00-05:00"));
}

TEST(Calendar, AddSkipsTheWeekend) {
  EXPECT_EQ(Add(NyOffice(), "2025-02-28T16:00:00-05:00", 2h), Z("2025-03-03T10:00:00-05:00"));
  EXPECT_EQ(Add(NyOffice(), "2025-03-01T12:00:00-05:00", 1h), Z("2025-03-03T10:00:00-05:00"));
}

TEST(Calendar, ElapsedCountsOnlyBusinessSecondsAndIsSigned) {
  EXPECT_EQ(Elapsed(NyOffice(), "2025-03-04T08:00:00-05:00", "2025-03-04T18:00:00-05:00"), S(8h));
  EXPECT_EQ(Elapsed(NyOffice(), "2025-03-04T18:00:00-05:00", "2025-03-04T08:00:00-05:00"), -S(8h));
  EXPECT_EQ(Elapsed(NyOffice(), "2025-02-28T16:00:00-05:00", "2025-03-03T10:00:00-05:00"), S(2h));
  EXPECT_EQ(Elapsed(NyOffice(), "2025-03-04T12:00:00-05:00", "2025-03-04T12:00:00-05:00"), 0);
  EXPECT_EQ(Elapsed(NyOffice(), "2025-03-01T00:00:00-05:00", "2025-03-02T23:59:59-05:00"), 0);
}

TEST(Calendar, IntervalsAreHalfOpen) {
  const Calendar& c = NyOffice();
  EXPECT_FALSE(c.IsOpen(At("2025-03-04T08:59:59-05:00")).value());
  EXPECT_TRUE(c.IsOpen(At("2025-03-04T09:00:00-05:00")).value());
  EXPECT_TRUE(c.IsOpen(At("2025-03-04T16:59:59-05:00")).value());
  EXPECT_FALSE(c.IsOpen(At("2025-03-04T17:00:00-05:00")).value());
  EXPECT_FALSE(c.IsOpen(At("2025-03-01T12:00:00-05:00")).value());
}

TEST(Calendar, NextOpenIsTheInstantItselfWhenOpen) {
  const Calendar& c = NyOffice();
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-04T09:00:00-05:00"))), Z("2025-03-04T09:00:00-05:00"));
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-04T12:34:56-05:00"))), Z("2025-03-04T12:34:56-05:00"));
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-04T17:00:00-05:00"))), Z("2025-03-05T09:00:00-05:00"));
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-01T12:00:00-05:00"))), Z("2025-03-03T09:00:00-05:00"));
}

TEST(Calendar, NextCloseIsTheEndOfTheCurrentOrNextPeriod) {
  const Calendar& c = NyOffice();
  EXPECT_EQ(Text(c.NextClose(At("2025-03-04T10:00:00-05:00"))), Z("2025-03-04T17:00:00-05:00"));
  EXPECT_EQ(Text(c.NextClose(At("2025-03-04T07:00:00-05:00"))), Z("2025-03-04T17:00:00-05:00"));
  EXPECT_EQ(Text(c.NextClose(At("2025-03-01T12:00:00-05:00"))), Z("2025-03-03T17:00:00-05:00"));
}

TEST(Calendar, LunchBreakIsNotBusinessTime) {
  const Calendar& c = SupportNy();  // 2025-03-03 is a Monday
  EXPECT_EQ(Add(c, "2025-03-03T11:00:00-05:00", 2h), Z("2025-03-03T14:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-03-03T11:00:00-05:00", 1h), Z("2025-03-03T12:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-03-03T12:30:00-05:00", 30min), Z("2025-03-03T13:30:00-05:00"));
  EXPECT_EQ(Elapsed(c, "2025-03-03T08:00:00-05:00", "2025-03-03T18:00:00-05:00"), S(7h));
  EXPECT_FALSE(c.IsOpen(At("2025-03-03T12:30:00-05:00")).value());
  EXPECT_EQ(Text(c.NextOpen(At("2025-03-03T12:30:00-05:00"))), Z("2025-03-03T13:00:00-05:00"));
  EXPECT_EQ(Text(c.NextClose(At("2025-03-03T10:00:00-05:00"))), Z("2025-03-03T12:00:00-05:00"));
}

TEST(Calendar, OvernightIntervalRunsIntoTheNextDay) {
  const Calendar& c = SupportNy();  // Sunday 2025-03-02 22:00 to Monday 06:00
  EXPECT_FALSE(c.IsOpen(At("2025-03-02T21:59:59-05:00")).value());
  EXPECT_TRUE(c.IsOpen(At("2025-03-02T22:00:00-05:00")).value());
  EXPECT_TRUE(c.IsOpen(At("2025-03-03T03:00:00-05:00")).value());
  EXPECT_FALSE(c.IsOpen(At("2025-03-03T06:00:00-05:00")).value());
  EXPECT_EQ(Add(c, "2025-03-02T23:00:00-05:00", 2h), Z("2025-03-03T01:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-03-01T12:00:00-05:00", 1h), Z("2025-03-02T23:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-03-02T23:00:00-05:00", 8h), Z("2025-03-03T10:00:00-05:00"));
  EXPECT_EQ(Text(c.NextClose(At("2025-03-02T23:00:00-05:00"))), Z("2025-03-03T06:00:00-05:00"));
}

TEST(Calendar, NextCloseMergesTouchingPeriods) {
  const Calendar c = Make(Spec("Etc/UTC", {{"sun", {"22:00-06:00"}}, {"mon", {"06:00-10:00"}}}));
  EXPECT_EQ(Text(c.NextClose(At("2025-03-02T23:00:00Z"))), Z("2025-03-03T10:00:00Z"));
  EXPECT_EQ(Elapsed(c, "2025-03-02T00:00:00Z", "2025-03-04T00:00:00Z"), S(12h));
}

TEST(Calendar, OverlappingIntervalsMerge) {
  const Calendar c =
      Make(Spec("Etc/UTC", {{"sun", {"22:00-06:00"}}, {"mon", {"00:00-08:00", "07:00-09:00"}}}));
  EXPECT_EQ(Elapsed(c, "2025-03-02T20:00:00Z", "2025-03-03T12:00:00Z"), S(11h));
  EXPECT_EQ(Text(c.NextClose(At("2025-03-02T23:00:00Z"))), Z("2025-03-03T09:00:00Z"));
  EXPECT_EQ(Add(c, "2025-03-02T22:00:00Z", 11h), Z("2025-03-03T09:00:00Z"));
}

TEST(Calendar, HolidayNextDayCutsTheOvernightSpillAtMidnight) {
  CalendarSpec spec = testing::SupportNySpec();
  spec.date_hours[Day("2025-03-03")] = {};  // Monday closed
  const Calendar c = Make(spec);
  EXPECT_TRUE(c.IsOpen(At("2025-03-02T23:59:59-05:00")).value());
  EXPECT_FALSE(c.IsOpen(At("2025-03-03T01:00:00-05:00")).value());
  EXPECT_EQ(Text(c.NextClose(At("2025-03-02T23:00:00-05:00"))), Z("2025-03-03T00:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-03-02T23:00:00-05:00", 2h), Z("2025-03-04T10:00:00-05:00"));
}

TEST(Calendar, SpecialDayNextDayCutsTheOvernightSpillAtMidnight) {
  CalendarSpec spec = testing::SupportNySpec();
  spec.date_hours[Day("2025-03-03")] = Hours({"10:00-12:00"});
  const Calendar c = Make(spec);
  EXPECT_FALSE(c.IsOpen(At("2025-03-03T01:00:00-05:00")).value());
  EXPECT_EQ(Add(c, "2025-03-02T23:30:00-05:00", 1h), Z("2025-03-03T10:30:00-05:00"));
}

TEST(Calendar, HolidayRuleNextDayCutsTheOvernightSpill) {
  CalendarSpec spec = testing::SupportNySpec();
  spec.holiday_rules.push_back(
      testing::NthWeekdayRule("MLK Day", "2000-01-17", 1, 3, date::Monday));
  const Calendar c = Make(spec);  // Monday 2026-01-19 is the third Monday of January
  EXPECT_FALSE(c.IsOpen(At("2026-01-19T03:00:00-05:00")).value());
  EXPECT_FALSE(c.IsOpen(At("2026-01-19T10:00:00-05:00")).value());
  EXPECT_EQ(Add(c, "2026-01-18T23:00:00-05:00", 2h), Z("2026-01-20T10:00:00-05:00"));
}

TEST(Calendar, HolidayOnTheStartDateOfAnOvernightShiftRemovesTheWholeShift) {
  CalendarSpec spec = testing::SupportNySpec();
  spec.date_hours[Day("2025-03-02")] = {};  // the Sunday
  const Calendar c = Make(spec);
  EXPECT_FALSE(c.IsOpen(At("2025-03-02T23:00:00-05:00")).value());
  EXPECT_FALSE(c.IsOpen(At("2025-03-03T03:00:00-05:00")).value());
  EXPECT_EQ(Add(c, "2025-03-01T12:00:00-05:00", 1h), Z("2025-03-03T10:00:00-05:00"));
}

TEST(Calendar, DatedHolidayClosesTheWholeDate) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  spec.date_hours[Day("2025-12-25")] = {};
  const Calendar c = Make(spec);
  EXPECT_FALSE(c.IsOpen(At("2025-12-25T12:00:00-05:00")).value());
  EXPECT_EQ(Add(c, "2025-12-24T16:00:00-05:00", 2h), Z("2025-12-26T10:00:00-05:00"));
  EXPECT_EQ(Elapsed(c, "2025-12-22T00:00:00-05:00", "2025-12-27T00:00:00-05:00"), S(32h));
}

TEST(Calendar, HolidayRuleClosesEveryOccurrence) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  spec.holiday_rules.push_back(
      testing::NthWeekdayRule("Thanksgiving", "2020-11-26", 11, 4, date::Thursday));
  const Calendar c = Make(spec);
  EXPECT_EQ(Add(c, "2026-11-25T16:00:00-05:00", 2h), Z("2026-11-27T10:00:00-05:00"));
  EXPECT_FALSE(c.IsOpen(At("2025-11-27T12:00:00-05:00")).value());
  EXPECT_TRUE(c.IsOpen(At("2025-11-20T12:00:00-05:00")).value());
}

TEST(Calendar, ExplicitDateHoursWinOverAHolidayRule) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  spec.holiday_rules.push_back(
      testing::NthWeekdayRule("Thanksgiving", "2020-11-26", 11, 4, date::Thursday));
  spec.date_hours[Day("2026-11-26")] = Hours({"10:00-14:00"});
  const Calendar c = Make(spec);
  EXPECT_TRUE(c.IsOpen(At("2026-11-26T11:00:00-05:00")).value());
  EXPECT_FALSE(c.IsOpen(At("2026-11-26T09:30:00-05:00")).value());
  EXPECT_EQ(Add(c, "2026-11-25T16:00:00-05:00", 2h), Z("2026-11-26T11:00:00-05:00"));
}

TEST(Calendar, SpecialDayHasItsOwnHours) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  spec.date_hours[Day("2025-12-24")] = Hours({"09:00-13:00"});
  spec.date_hours[Day("2025-03-01")] = Hours({"10:00-14:00"});  // an open Saturday
  const Calendar c = Make(spec);
  EXPECT_EQ(Add(c, "2025-12-24T12:00:00-05:00", 2h), Z("2025-12-25T10:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-02-28T16:00:00-05:00", 2h), Z("2025-03-01T11:00:00-05:00"));
  EXPECT_EQ(Text(c.NextClose(At("2025-12-24T10:00:00-05:00"))), Z("2025-12-24T13:00:00-05:00"));
}

TEST(Calendar, YearlyHoursApplyEveryYearAndDatedHoursWinOverThem) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  spec.yearly_hours[date::December / 25] = {};
  spec.date_hours[Day("2026-12-25")] = Hours({"09:00-12:00"});
  const Calendar c = Make(spec);
  EXPECT_FALSE(c.IsOpen(At("2025-12-25T10:00:00-05:00")).value());
  EXPECT_FALSE(c.IsOpen(At("2031-12-25T10:00:00-05:00")).value());  // a Thursday
  EXPECT_TRUE(c.IsOpen(At("2026-12-25T10:00:00-05:00")).value());
}

TEST(Calendar, LeapDayIsAnOrdinaryDateOrAHoliday) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  EXPECT_EQ(Add(Make(spec), "2024-02-28T16:00:00-05:00", 2h), Z("2024-02-29T10:00:00-05:00"));
  EXPECT_EQ(Elapsed(Make(spec), "2024-02-01T00:00:00-05:00", "2024-03-01T00:00:00-05:00"),
            S(21 * 8h));
  spec.date_hours[Day("2024-02-29")] = {};
  EXPECT_EQ(Add(Make(spec), "2024-02-28T16:00:00-05:00", 2h), Z("2024-03-01T10:00:00-05:00"));
}

TEST(Calendar, AddCrossesTheYearEnd) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  EXPECT_EQ(Add(Make(spec), "2025-12-31T16:00:00-05:00", 2h), Z("2026-01-01T10:00:00-05:00"));
  spec.date_hours[Day("2026-01-01")] = {};
  const Calendar c = Make(spec);
  EXPECT_EQ(Add(c, "2025-12-31T16:00:00-05:00", 2h), Z("2026-01-02T10:00:00-05:00"));
  EXPECT_EQ(Add(c, "2026-01-02T10:00:00-05:00", -2h), Z("2025-12-31T16:00:00-05:00"));
}

TEST(Calendar, LongDurationsOfWeeksAndBusinessDays) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  EXPECT_EQ(Add(Make(spec), "2025-06-02T09:00:00-04:00", 80h), Z("2025-06-13T17:00:00-04:00"));
  EXPECT_EQ(Add(Make(spec), "2025-06-02T09:00:00-04:00", 30 * 8h), Z("2025-07-11T17:00:00-04:00"));
  spec.date_hours[Day("2025-07-04")] = {};
  EXPECT_EQ(Add(Make(spec), "2025-06-02T09:00:00-04:00", 30 * 8h), Z("2025-07-14T17:00:00-04:00"));
}

TEST(Calendar, AYearOfBusinessTime) {
  const Calendar c = Make(testing::OfficeSpec("Etc/UTC"));  // 2025 has 261 weekdays
  EXPECT_EQ(Elapsed(c, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"), S(261 * 8h));
  EXPECT_EQ(Add(c, "2025-01-01T00:00:00Z", 261 * 8h), Z("2025-12-31T17:00:00Z"));
  const Calendar always = Make(testing::AlwaysOpenSpec("America/New_York"));
  EXPECT_EQ(Add(always, "2025-01-01T00:00:00-05:00", 365 * 24h), Z("2026-01-01T00:00:00-05:00"));
}

TEST(Calendar, NegativeDurationsCountBackwards) {
  const Calendar& c = NyOffice();
  EXPECT_EQ(Add(c, "2025-03-04T10:00:00-05:00", -2h), Z("2025-03-03T16:00:00-05:00"));
  // The latest instant: Tuesday's opening, not Monday's closing.
  EXPECT_EQ(Add(c, "2025-03-04T10:00:00-05:00", -1h), Z("2025-03-04T09:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-03-01T12:00:00-05:00", -1h), Z("2025-02-28T16:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-03-03T09:00:00-05:00", -8h), Z("2025-02-28T09:00:00-05:00"));
  EXPECT_EQ(Add(c, "2025-03-04T10:00:00-05:00", -1s), Z("2025-03-04T09:59:59-05:00"));
}

TEST(Calendar, AlwaysOpenCalendarNeverCloses) {
  const Calendar c = Make(testing::AlwaysOpenSpec("Europe/Berlin"));
  const Instant t = At("2025-10-26T01:30:00Z");
  EXPECT_TRUE(c.IsOpen(t).value());
  EXPECT_EQ(c.NextOpen(t).value(), t);
  auto close = c.NextClose(t);
  ASSERT_FALSE(close.has_value());
  EXPECT_EQ(close.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Add(c, "2025-10-25T22:00:00Z", 5h), Z("2025-10-26T03:00:00Z"));
  EXPECT_EQ(Elapsed(c, "2025-01-01T00:00:00Z", "2025-12-31T00:00:00Z"), S(364 * 24h));
}

TEST(Calendar, CreateRejectsAnUnknownTimeZone) {
  auto c = Calendar::Create(testing::OfficeSpec("Mars/Olympus_Mons"));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(c.error().where, "timezone");
  EXPECT_NE(c.error().message.find("Mars/Olympus_Mons"), std::string::npos);
}

TEST(Calendar, CreateRejectsACalendarThatNeverOpens) {
  CalendarSpec spec = Spec("Europe/Berlin", {});
  spec.date_hours[Day("2025-03-01")] = Hours({"09:00-17:00"});  // dated hours are not enough
  auto c = Calendar::Create(spec);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(c.error().where, "hours");
}

TEST(Calendar, InstantsOutsideTheSupportedRangeAreErrors) {
  const Calendar& c = NyOffice();
  const Instant before = At("1899-12-31T23:59:59Z");
  const Instant fine = At("2025-03-04T10:00:00-05:00");
  EXPECT_EQ(c.Add(before, 1h).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(c.Add(before, 0s).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(c.Elapsed(before, fine).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(c.Elapsed(fine, before).error().code, ErrorCode::kInvalid);
  EXPECT_FALSE(c.IsOpen(before).has_value());
  EXPECT_FALSE(c.NextOpen(before).has_value());
  EXPECT_FALSE(c.NextClose(before).has_value());
  EXPECT_FALSE(c.IsOpen(At("2500-01-01T00:00:00Z")).has_value());
  EXPECT_TRUE(c.IsOpen(At("1900-01-01T00:00:00Z")).has_value());
  // A deadline beyond the supported range is not found rather than wrong.
  EXPECT_FALSE(c.Add(fine, 24h * 365 * 500).has_value());
}

}  // namespace
}  // namespace esc::core
