// Local opening hours: "HH:MM-HH:MM" parsing (24:00 as an end, intervals over midnight)
// and normalisation (sorting, merging overlapping or touching intervals).
#include "core/calendar/local_hours.h"

#include <gtest/gtest.h>

#include "core/calendar/calendar.h"
#include "unit/core/calendar_test_util.h"

namespace esc::core {
namespace {

constexpr std::int32_t kHour = 3600;

LocalInterval Iv(std::int32_t begin_hours, std::int32_t end_hours) {
  return {begin_hours * kHour, end_hours * kHour};
}

TEST(LocalHours, ParsesAnOrdinaryInterval) {
  EXPECT_EQ(ParseLocalInterval("09:00-17:00").value(), Iv(9, 17));
  EXPECT_EQ(ParseLocalInterval("09:15-12:45").value(),
            (LocalInterval{9 * kHour + 900, 12 * kHour + 2700}));
}

TEST(LocalHours, AcceptsASingleDigitHour) {
  EXPECT_EQ(ParseLocalInterval("9:00-17:00").value(), Iv(9, 17));
  EXPECT_EQ(ParseLocalInterval("22:00-6:00").value(), Iv(22, 30));
}

TEST(LocalHours, TwentyFourIsAllowedOnlyAsAnEnd) {
  EXPECT_EQ(ParseLocalInterval("00:00-24:00").value(), Iv(0, 24));
  EXPECT_EQ(ParseLocalInterval("22:00-24:00").value(), Iv(22, 24));
  EXPECT_FALSE(ParseLocalInterval("24:00-06:00").has_value());
  EXPECT_FALSE(ParseLocalInterval("09:00-24:30").has_value());
}

TEST(LocalHours, AnEndBeforeTheStartCrossesMidnight) {
  EXPECT_EQ(ParseLocalInterval("22:00-06:00").value(), Iv(22, 30));
  EXPECT_EQ(ParseLocalInterval("23:00-00:00").value(), Iv(23, 24));
  EXPECT_EQ(ParseLocalInterval("09:00-08:59").value(), (LocalInterval{9 * kHour, 33 * kHour - 60}));
}

TEST(LocalHours, RejectsEmptyAndMalformedIntervals) {
  auto empty = ParseLocalInterval("09:00-09:00");
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().message.find("00:00-24:00"), std::string::npos);
  for (const char* bad :
       {"", "9:0-17:00", "009:00-17:00", "09:00", "09:00-", "09:00 - 17:00", "09:60-17:00",
        "25:00-26:00", "ab:cd-ef:gh", "09:00-17:00-18:00", "09.00-17.00"}) {
    auto parsed = ParseLocalInterval(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalid) << bad;
  }
}

TEST(LocalHours, NormalizeSortsAndMergesOverlappingAndTouchingIntervals) {
  EXPECT_EQ(NormalizeDayHours({Iv(13, 17), Iv(9, 12)}), (DayHours{Iv(9, 12), Iv(13, 17)}));
  EXPECT_EQ(NormalizeDayHours({Iv(9, 12), Iv(11, 14)}), (DayHours{Iv(9, 14)}));
  EXPECT_EQ(NormalizeDayHours({Iv(9, 12), Iv(12, 14)}), (DayHours{Iv(9, 14)}));
  EXPECT_EQ(NormalizeDayHours({Iv(9, 17), Iv(10, 11)}), (DayHours{Iv(9, 17)}));
  EXPECT_EQ(NormalizeDayHours({Iv(22, 30), Iv(0, 2), Iv(20, 23)}),
            (DayHours{Iv(0, 2), Iv(20, 30)}));
  EXPECT_EQ(NormalizeDayHours({}), DayHours{});
}

TEST(LocalHours, CalendarCreateNormalizesTheWeeklyHours) {
  const Calendar c = testing::Make(
      testing::Spec("Europe/Berlin", {{"mon", {"13:00-17:00", "09:00-12:00", "11:00-13:00"}}}));
  EXPECT_EQ(c.spec().weekly[1], (DayHours{Iv(9, 17)}));
  EXPECT_EQ(c.spec().timezone, "Europe/Berlin");
  EXPECT_EQ(c.id(), "test");
}

}  // namespace
}  // namespace esc::core
