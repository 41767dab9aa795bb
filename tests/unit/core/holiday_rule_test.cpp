// Recurring holidays (RFC 5545 yearly rules): which dates of a year they start on, which
// dates they close, and how a calendar uses them.
#include "core/calendar/holiday_rule.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "unit/core/calendar_test_util.h"

namespace esc::core {
namespace {

using namespace std::chrono_literals;
using testing::Day;
using Strings = std::vector<std::string>;

HolidayRule Yearly(std::string_view first, YearlyRecurrence recurrence = {}) {
  HolidayRule rule;
  rule.name = "test";
  rule.first = Day(first);
  rule.yearly = std::move(recurrence);
  return rule;
}

std::string Iso(date::sys_days d) { return testing::Text(Instant{d}).substr(0, 10); }

Strings Starts(const HolidayRule& rule, int year) {
  Strings out;
  for (auto d : OccurrenceStartsInYear(rule, date::year{year})) out.push_back(Iso(d));
  return out;
}

Strings Closed(const HolidayRule& rule, std::string_view from, std::string_view to) {
  std::vector<date::sys_days> dates;
  AppendClosedDates(rule, Day(from), Day(to), dates);
  Strings out;
  for (auto d : dates) out.push_back(Iso(d));
  return out;
}

TEST(HolidayRule, FixedDateRecursEveryYearFromItsFirst) {
  const HolidayRule christmas = Yearly("2020-12-25");
  EXPECT_EQ(Starts(christmas, 2019), Strings{});
  EXPECT_EQ(Starts(christmas, 2020), Strings{"2020-12-25"});
  EXPECT_EQ(Starts(christmas, 2026), Strings{"2026-12-25"});
}

TEST(HolidayRule, WithoutRecurrenceItOccursOnce) {
  HolidayRule once;
  once.first = Day("2025-05-01");
  EXPECT_EQ(Starts(once, 2025), Strings{"2025-05-01"});
  EXPECT_EQ(Starts(once, 2026), Strings{});
}

TEST(HolidayRule, FourthThursdayOfNovemberIsThanksgiving) {
  const HolidayRule rule =
      testing::NthWeekdayRule("Thanksgiving", "2000-11-23", 11, 4, date::Thursday);
  EXPECT_EQ(Starts(rule, 2026), Strings{"2026-11-26"});
  EXPECT_EQ(Starts(rule, 2025), Strings{"2025-11-27"});
}

TEST(HolidayRule, LastMondayOfMayIsMemorialDay) {
  const HolidayRule rule =
      testing::NthWeekdayRule("Memorial Day", "2000-05-29", 5, -1, date::Monday);
  EXPECT_EQ(Starts(rule, 2026), Strings{"2026-05-25"});
  EXPECT_EQ(Starts(rule, 2025), Strings{"2025-05-26"});
}

TEST(HolidayRule, EveryWeekdayOfAMonthWithOrdinalZero) {
  const HolidayRule rule = testing::NthWeekdayRule("Mondays", "2026-05-04", 5, 0, date::Monday);
  EXPECT_EQ(Starts(rule, 2026), (Strings{"2026-05-04", "2026-05-11", "2026-05-18", "2026-05-25"}));
}

TEST(HolidayRule, OrdinalWithoutMonthCountsInTheWholeYear) {
  YearlyRecurrence r;
  r.by_day = {WeekdayOrdinal{-1, date::Friday}};
  EXPECT_EQ(Starts(Yearly("2020-12-25", r), 2026), Strings{"2026-12-25"});
  r.by_day = {WeekdayOrdinal{1, date::Monday}};
  EXPECT_EQ(Starts(Yearly("2020-01-06", r), 2026), Strings{"2026-01-05"});
}

TEST(HolidayRule, NegativeMonthDayCountsFromTheMonthEnd) {
  YearlyRecurrence r;
  r.by_month = {2};
  r.by_month_day = {-1};
  const HolidayRule rule = Yearly("2020-02-29", r);
  EXPECT_EQ(Starts(rule, 2024), Strings{"2024-02-29"});
  EXPECT_EQ(Starts(rule, 2025), Strings{"2025-02-28"});
}

TEST(HolidayRule, MonthDayWithWeekdayFilterFindsFridayThe13th) {
  YearlyRecurrence r;
  r.by_month_day = {13};
  r.by_day = {WeekdayOrdinal{0, date::Friday}};
  const HolidayRule rule = Yearly("2026-02-13", r);
  EXPECT_EQ(Starts(rule, 2026), (Strings{"2026-02-13", "2026-03-13", "2026-11-13"}));
  EXPECT_EQ(Starts(rule, 2027), Strings{"2027-08-13"});
}

TEST(HolidayRule, IntervalSkipsYears) {
  YearlyRecurrence r;
  r.interval = 2;
  const HolidayRule rule = Yearly("2020-07-01", r);
  EXPECT_EQ(Starts(rule, 2022), Strings{"2022-07-01"});
  EXPECT_EQ(Starts(rule, 2023), Strings{});
  EXPECT_EQ(Starts(rule, 2024), Strings{"2024-07-01"});
}

TEST(HolidayRule, CountIncludesTheFirstOccurrence) {
  YearlyRecurrence r;
  r.count = 3;
  const HolidayRule rule = Yearly("2020-01-01", r);
  EXPECT_EQ(Starts(rule, 2022), Strings{"2022-01-01"});
  EXPECT_EQ(Starts(rule, 2023), Strings{});
}

TEST(HolidayRule, CountIncludesAFirstDateTheRuleItselfWouldNotProduce) {
  // DTSTART always counts as the first occurrence (RFC 5545 3.3.10), so COUNT=2 leaves
  // room for one generated date only.
  HolidayRule rule = testing::NthWeekdayRule("Thanksgiving", "2025-11-01", 11, 4, date::Thursday);
  rule.yearly->count = 2;
  EXPECT_EQ(Starts(rule, 2025), (Strings{"2025-11-01", "2025-11-27"}));
  EXPECT_EQ(Starts(rule, 2026), Strings{});
}

TEST(HolidayRule, CountSpansYearsWithSeveralOccurrences) {
  YearlyRecurrence r;
  r.by_month_day = {13};
  r.by_day = {WeekdayOrdinal{0, date::Friday}};
  r.count = 4;
  const HolidayRule rule = Yearly("2026-02-13", r);
  EXPECT_EQ(Starts(rule, 2026).size(), 3u);
  EXPECT_EQ(Starts(rule, 2027), Strings{"2027-08-13"});
  EXPECT_EQ(Starts(rule, 2028), Strings{});
}

TEST(HolidayRule, CountWithIntervalCountsOnlyTheYearsItRuns) {
  YearlyRecurrence r;
  r.interval = 2;
  r.count = 2;
  const HolidayRule rule = Yearly("2020-07-01", r);
  EXPECT_EQ(Starts(rule, 2022), Strings{"2022-07-01"});
  EXPECT_EQ(Starts(rule, 2024), Strings{});
}

TEST(HolidayRule, UntilIsInclusive) {
  YearlyRecurrence r;
  r.until = Day("2024-07-01");
  EXPECT_EQ(Starts(Yearly("2020-07-01", r), 2024), Strings{"2024-07-01"});
  EXPECT_EQ(Starts(Yearly("2020-07-01", r), 2025), Strings{});
  r.until = Day("2024-06-30");
  EXPECT_EQ(Starts(Yearly("2020-07-01", r), 2024), Strings{});
}

TEST(HolidayRule, ExdateDropsAnOccurrence) {
  HolidayRule rule = Yearly("2020-12-25");
  rule.excluded = {Day("2025-12-25")};
  EXPECT_EQ(Starts(rule, 2025), Strings{});
  EXPECT_EQ(Starts(rule, 2026), Strings{"2026-12-25"});
}

TEST(HolidayRule, RdateAddsDatesAndExdateWinsOverIt) {
  HolidayRule rule = Yearly("2020-12-25");
  rule.extra_dates = {Day("2025-12-24"), Day("2026-06-19")};
  EXPECT_EQ(Starts(rule, 2025), (Strings{"2025-12-24", "2025-12-25"}));
  EXPECT_EQ(Starts(rule, 2026), (Strings{"2026-06-19", "2026-12-25"}));
  rule.excluded = {Day("2025-12-24")};
  EXPECT_EQ(Starts(rule, 2025), Strings{"2025-12-25"});
}

TEST(HolidayRule, February29OccursOnlyInLeapYears) {
  const HolidayRule rule = Yearly("2020-02-29");
  EXPECT_EQ(Starts(rule, 2024), Strings{"2024-02-29"});
  EXPECT_EQ(Starts(rule, 2025), Strings{});
  EXPECT_EQ(Starts(rule, 2028), Strings{"2028-02-29"});
  EXPECT_EQ(Starts(rule, 2100), Strings{});  // not a leap year
}

TEST(HolidayRule, MultiDayLengthClosesTheFollowingDates) {
  HolidayRule rule = Yearly("2020-12-24");
  rule.length_days = 3;
  EXPECT_EQ(Closed(rule, "2025-12-01", "2025-12-31"),
            (Strings{"2025-12-24", "2025-12-25", "2025-12-26"}));
  EXPECT_EQ(Closed(rule, "2025-12-25", "2025-12-25"), Strings{"2025-12-25"});
}

TEST(HolidayRule, MultiDayOccurrenceRunsIntoTheNextYear) {
  HolidayRule rule = Yearly("2020-12-31");
  rule.length_days = 2;
  EXPECT_EQ(Closed(rule, "2026-01-01", "2026-01-10"), Strings{"2026-01-01"});
}

TEST(HolidayRule, CalendarClosesEveryDateOfAMultiDayHoliday) {
  CalendarSpec spec = testing::OfficeSpec("America/New_York");
  HolidayRule rule = Yearly("2020-12-24");
  rule.length_days = 3;
  spec.holiday_rules.push_back(rule);
  const Calendar c = testing::Make(spec);
  EXPECT_EQ(testing::Text(c.Add(testing::At("2025-12-23T16:00:00-05:00"), 2h)),
            testing::Z("2025-12-29T10:00:00-05:00"));
  EXPECT_EQ(testing::Text(c.Add(testing::At("2026-12-23T16:00:00-05:00"), 2h)),
            testing::Z("2026-12-28T10:00:00-05:00"));
}

}  // namespace
}  // namespace esc::core
