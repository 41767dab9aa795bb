// RFC 3339 parsing and formatting: accepted forms, strict rejections, and round trips.
#include "core/rfc3339.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

namespace esc::core {
namespace {

using namespace std::chrono_literals;
using namespace date::literals;

Instant Utc(date::sys_days day, Seconds time_of_day) { return Instant{day} + time_of_day; }

TEST(Rfc3339, ParsesLocalTimeAndOffset) {
  auto parsed = ParseDateTime("2026-03-06T16:30:00-05:00");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->local, date::local_days{2026_y / 3 / 6} + 16h + 30min);
  ASSERT_TRUE(parsed->utc_offset.has_value());
  EXPECT_EQ(parsed->utc_offset->count(), -5 * 3600);
  EXPECT_EQ(ToInstant(*parsed), Utc(2026_y / 3 / 6, 21h + 30min));
}

TEST(Rfc3339, ParsesZuluInEitherCaseAndPositiveOffsets) {
  EXPECT_EQ(ToInstant(ParseDateTime("2026-03-06T21:30:00Z").value()),
            Utc(2026_y / 3 / 6, 21h + 30min));
  EXPECT_EQ(ToInstant(ParseDateTime("2026-03-06t21:30:00z").value()),
            Utc(2026_y / 3 / 6, 21h + 30min));
  auto india = ParseDateTime("2026-03-07T03:00:00+05:30").value();
  EXPECT_EQ(india.utc_offset->count(), 5 * 3600 + 1800);
  EXPECT_EQ(ToInstant(india), Utc(2026_y / 3 / 6, 21h + 30min));
  EXPECT_EQ(ParseDateTime("2026-03-06T21:30:00-00:00").value().utc_offset->count(), 0);
}

TEST(Rfc3339, OffsetMayBeLeftOutForLocalTime) {
  auto parsed = ParseDateTime("2026-03-08T02:30:00").value();
  EXPECT_FALSE(parsed.utc_offset.has_value());
  EXPECT_EQ(parsed.local, date::local_days{2026_y / 3 / 8} + 2h + 30min);
}

TEST(Rfc3339, AcceptsZeroFractionsAndASpaceSeparator) {
  EXPECT_EQ(ToInstant(ParseDateTime("2026-03-06T21:30:00.000Z").value()),
            Utc(2026_y / 3 / 6, 21h + 30min));
  EXPECT_EQ(ToInstant(ParseDateTime("2026-03-06 21:30:00.0+00:00").value()),
            Utc(2026_y / 3 / 6, 21h + 30min));
}

TEST(Rfc3339, RejectsFractionsOfASecond) {
  auto parsed = ParseDateTime("2026-03-06T21:30:00.5Z");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalid);
  EXPECT_NE(parsed.error().message.find("fractions"), std::string::npos);
}

TEST(Rfc3339, RejectsMalformedTextNamingIt) {
  for (const char* bad : {"",
                          "2026-03-06",
                          "2026-03-06T16:30",
                          "2026-03-06T16:30:00+",
                          "2026-13-01T00:00:00Z",
                          "2026-02-29T00:00:00Z",
                          "2026-04-31T00:00:00Z",
                          "2026-03-06T24:00:00Z",
                          "2026-03-06T23:60:00Z",
                          "2026-03-06T23:59:60Z",
                          "2026-03-06T16:30:00+5:00",
                          "2026-03-06T16:30:00+05",
                          "2026-03-06T16:30:00+0500",
                          "2026-03-06T16:30:00+24:00",
                          "2026-03-06T16:30:00+05:60",
                          "2026-03-06X16:30:00Z",
                          "2026-03-06T16:30:00Zjunk",
                          "2026-03-06T16:30:00.Z",
                          "2026-03-06T16:30:00 Z",
                          "2026-3-06T16:30:00Z",
                          "26-03-06T16:30:00Z",
                          "2026-03-06T16-30-00Z",
                          "2026/03/06T16:30:00Z",
                          " 2026-03-06T16:30:00Z"}) {
    auto parsed = ParseDateTime(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalid) << bad;
    EXPECT_NE(parsed.error().message.find(bad), std::string::npos) << parsed.error().message;
  }
}

TEST(Rfc3339, FormatsWithTheGivenOffset) {
  const Instant t = Utc(2026_y / 3 / 9, 3h + 30min);
  EXPECT_EQ(FormatRfc3339(t, -4h), "2026-03-08T23:30:00-04:00");
  EXPECT_EQ(FormatRfc3339(t, 0s), "2026-03-09T03:30:00+00:00");
  EXPECT_EQ(FormatRfc3339(t, 5h + 30min), "2026-03-09T09:00:00+05:30");
  EXPECT_EQ(FormatRfc3339(t, -(3h + 30min)), "2026-03-09T00:00:00-03:30");
}

TEST(Rfc3339, FormatsInstantsBefore1970AndLeapDays) {
  EXPECT_EQ(FormatRfc3339(FromEpochSeconds(-1), 0s), "1969-12-31T23:59:59+00:00");
  EXPECT_EQ(FormatRfc3339(Utc(1900_y / 1 / 1, 0s), 0s), "1900-01-01T00:00:00+00:00");
  EXPECT_EQ(FormatRfc3339(Utc(2024_y / 2 / 29, 23h + 59min + 59s), 0s),
            "2024-02-29T23:59:59+00:00");
  EXPECT_EQ(FormatRfc3339(Utc(2024_y / 2 / 29, 23h), 1h), "2024-03-01T00:00:00+01:00");
}

TEST(Rfc3339, AppendKeepsWhatIsThere) {
  std::string out = "due ";
  AppendRfc3339(out, Utc(2026_y / 3 / 9, 3h + 30min), -4h);
  EXPECT_EQ(out, "due 2026-03-08T23:30:00-04:00");
}

TEST(Rfc3339, FormatThenParseRoundTrips) {
  constexpr std::uint64_t kSeed = 3339;
  std::mt19937_64 rng(kSeed);
  const std::int64_t lo = ToEpochSeconds(Utc(1900_y / 1 / 1, 0s));
  const std::int64_t hi = ToEpochSeconds(Utc(2400_y / 1 / 1, 0s));
  std::uniform_int_distribution<std::int64_t> instant(lo, hi);
  std::uniform_int_distribution<int> quarter_hours(-14 * 4, 14 * 4);
  for (int i = 0; i < 20000 && !HasFailure(); ++i) {
    const Instant t = FromEpochSeconds(instant(rng));
    const Seconds offset{quarter_hours(rng) * 900};
    const std::string text = FormatRfc3339(t, offset);
    SCOPED_TRACE("seed=" + std::to_string(kSeed) + " case=" + std::to_string(i) + " " + text);
    auto parsed = ParseDateTime(text);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    EXPECT_EQ(ToInstant(*parsed), t);
    EXPECT_EQ(parsed->utc_offset.value(), offset);
    EXPECT_EQ(FormatRfc3339(ToInstant(*parsed), *parsed->utc_offset), text);
  }
}

TEST(Rfc3339, ParsesDates) {
  EXPECT_EQ(ParseDate("2024-02-29").value(), 2024_y / 2 / 29);
  EXPECT_EQ(ParseDate("2025-12-31").value(), 2025_y / 12 / 31);
  for (const char* bad : {"2025-02-29", "2025-00-10", "2025-01-32", "2025-1-01", "2025-01-01x",
                          "20250101", "", "2025-01-01T00:00:00Z"}) {
    auto parsed = ParseDate(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalid);
  }
}

}  // namespace
}  // namespace esc::core

namespace esc::core {
namespace {

TEST(Rfc3339, OffsetWithSecondsIsWrittenInUtcSoItStaysExact) {
  const Instant t = FromEpochSeconds(0);
  const std::string text = FormatRfc3339(t, Seconds{-(44 * 60 + 30)});  // Monrovia until 1972
  EXPECT_EQ(text, "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(ToInstant(ParseDateTime(text).value()), t);
}

}  // namespace
}  // namespace esc::core
