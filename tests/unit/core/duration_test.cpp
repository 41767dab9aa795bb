// Tests of policy duration text: "1h30m" and friends.
#include <gtest/gtest.h>

#include "core/duration.h"

namespace esc::core {
namespace {

TEST(Duration, ParsesUnitsAndCombinations) {
  EXPECT_EQ(ParseDuration("45s").value(), Seconds{45});
  EXPECT_EQ(ParseDuration("90m").value(), Seconds{5400});
  EXPECT_EQ(ParseDuration("1h30m").value(), Seconds{5400});
  EXPECT_EQ(ParseDuration("2w").value(), Seconds{14 * 86400});
  EXPECT_EQ(ParseDuration("0s").value(), Seconds{0});
}

TEST(Duration, RefusesDaysBecauseTheyAreAmbiguousInBusinessTime) {
  auto r = ParseDuration("2d");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("days are ambiguous"), std::string::npos);
}

TEST(Duration, RejectsMalformedText) {
  for (const char* bad : {"", "h", "10", "1x", "-5m", "1.5h", "99999999999h"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
  }
}

TEST(Duration, FormatsTheShortestTextThatReadsBack) {
  EXPECT_EQ(FormatDuration(Seconds{5400}), "1h30m");
  EXPECT_EQ(FormatDuration(Seconds{0}), "0s");
  EXPECT_EQ(FormatDuration(Seconds{61}), "1m1s");
  EXPECT_EQ(FormatDuration(Seconds{-3600}), "-1h");
  for (std::int64_t s : {1, 59, 60, 3599, 3600, 3661, 86400, 1'000'000}) {
    EXPECT_EQ(ParseDuration(FormatDuration(Seconds{s})).value(), Seconds{s});
  }
}

}  // namespace
}  // namespace esc::core
