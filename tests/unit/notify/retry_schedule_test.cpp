#include "notify/retry_schedule.h"

#include <gtest/gtest.h>

namespace esc::notify {
namespace {

using std::chrono::seconds;

UnitRandom Always(double value) {
  return [value] { return value; };
}

TEST(RetrySchedule, FullJitterCeilingDoublesPerAttemptUpToTheCap) {
  const RetryPolicy policy{seconds(10), seconds(100), 10, Jitter::kFull};
  const auto top = Always(0.999999);
  EXPECT_EQ(NextRetryDelay(policy, 1, seconds(0), top), seconds(9));
  EXPECT_EQ(NextRetryDelay(policy, 2, seconds(0), top), seconds(19));
  EXPECT_EQ(NextRetryDelay(policy, 3, seconds(0), top), seconds(39));
  EXPECT_EQ(NextRetryDelay(policy, 4, seconds(0), top), seconds(79));
  EXPECT_EQ(NextRetryDelay(policy, 5, seconds(0), top), seconds(99));
  EXPECT_EQ(NextRetryDelay(policy, 9, seconds(0), top), seconds(99));
}

TEST(RetrySchedule, FullJitterDrawsFromZero) {
  const RetryPolicy policy{seconds(10), seconds(100), 10, Jitter::kFull};
  EXPECT_EQ(NextRetryDelay(policy, 3, seconds(0), Always(0.0)), seconds(0));
  EXPECT_EQ(NextRetryDelay(policy, 3, seconds(0), Always(0.5)), seconds(20));
}

TEST(RetrySchedule, DecorrelatedJitterStaysBetweenBaseAndThreeTimesThePreviousDelay) {
  const RetryPolicy policy{seconds(10), seconds(100), 10, Jitter::kDecorrelated};
  EXPECT_EQ(NextRetryDelay(policy, 1, seconds(0), Always(0.0)), seconds(10));
  EXPECT_EQ(NextRetryDelay(policy, 1, seconds(0), Always(0.999999)), seconds(29));
  EXPECT_EQ(NextRetryDelay(policy, 2, seconds(20), Always(0.5)), seconds(35));
  EXPECT_EQ(NextRetryDelay(policy, 5, seconds(90), Always(0.999999)), seconds(99));
}

TEST(RetrySchedule, NoDelayOnceTheAttemptsAreUsedUp) {
  const RetryPolicy policy{seconds(10), seconds(100), 3, Jitter::kFull};
  EXPECT_TRUE(NextRetryDelay(policy, 2, seconds(0), Always(0.5)).has_value());
  EXPECT_FALSE(NextRetryDelay(policy, 3, seconds(0), Always(0.5)).has_value());
  EXPECT_FALSE(NextRetryDelay(policy, 4, seconds(0), Always(0.5)).has_value());
}

TEST(RetrySchedule, HugeAttemptNumbersDoNotOverflow) {
  const RetryPolicy policy{seconds(30), seconds(3600), 1000, Jitter::kFull};
  EXPECT_EQ(NextRetryDelay(policy, 999, seconds(0), Always(0.999999)), seconds(3599));
}

TEST(RetrySchedule, OutOfRangeRandomValuesAreClamped) {
  const RetryPolicy policy{seconds(10), seconds(100), 10, Jitter::kFull};
  EXPECT_EQ(NextRetryDelay(policy, 1, seconds(0), Always(-3.0)), seconds(0));
  EXPECT_EQ(NextRetryDelay(policy, 1, seconds(0), Always(7.0)), seconds(10));
}

}  // namespace
}  // namespace esc::notify
