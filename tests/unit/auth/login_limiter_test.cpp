#include "auth/login_limiter.h"

#include <gtest/gtest.h>

#include <string>

namespace esc::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const core::Instant kStart = core::FromEpochSeconds(1'700'000'000);

TEST(LoginLimiterTest, AllowsUntilMaxFailures) {
  LoginLimiter limiter(5, minutes(15));
  for (int i = 0; i < 4; ++i) {
    limiter.RecordFailure("alice", kStart + seconds(i));
    EXPECT_EQ(limiter.RetryAfter("alice", kStart + seconds(i)), seconds(0));
  }
}

TEST(LoginLimiterTest, FifthFailureRefusesUntilOldestLeavesWindow) {
  LoginLimiter limiter(5, minutes(15));
  for (int i = 0; i < 5; ++i) {
    limiter.RecordFailure("alice", kStart + minutes(i));  // failures at 0, 1, 2, 3, 4 min
  }
  // The failure at 0 leaves the window at 15 min.
  EXPECT_EQ(limiter.RetryAfter("alice", kStart + minutes(4)), minutes(11));
  EXPECT_EQ(limiter.RetryAfter("alice", kStart + minutes(15) - seconds(1)), seconds(1));
  EXPECT_EQ(limiter.RetryAfter("alice", kStart + minutes(15)), seconds(0));
}

TEST(LoginLimiterTest, AllowedAgainOnceWindowPasses) {
  LoginLimiter limiter(5, minutes(15));
  for (int i = 0; i < 5; ++i) {
    limiter.RecordFailure("alice", kStart);
  }
  EXPECT_EQ(limiter.RetryAfter("alice", kStart), minutes(15));
  EXPECT_EQ(limiter.RetryAfter("alice", kStart + minutes(15)), seconds(0));
  // The old failures no longer count: one new failure does not refuse.
  limiter.RecordFailure("alice", kStart + minutes(16));
  EXPECT_EQ(limiter.RetryAfter("alice", kStart + minutes(16)), seconds(0));
}

TEST(LoginLimiterTest, MoreThanMaxFailuresWaitsForTheOneThatMatters) {
  LoginLimiter limiter(2, minutes(10));
  limiter.RecordFailure("alice", kStart);
  limiter.RecordFailure("alice", kStart + minutes(1));
  limiter.RecordFailure("alice", kStart + minutes(2));
  // Two failures remain in the window until the one at 1 min expires at 11 min.
  EXPECT_EQ(limiter.RetryAfter("alice", kStart + minutes(3)), minutes(8));
}

TEST(LoginLimiterTest, SuccessClearsFailures) {
  LoginLimiter limiter(5, minutes(15));
  for (int i = 0; i < 5; ++i) {
    limiter.RecordFailure("alice", kStart);
  }
  ASSERT_GT(limiter.RetryAfter("alice", kStart), seconds(0));
  limiter.RecordSuccess("alice");
  EXPECT_EQ(limiter.RetryAfter("alice", kStart), seconds(0));
  for (int i = 0; i < 4; ++i) {
    limiter.RecordFailure("alice", kStart);
  }
  EXPECT_EQ(limiter.RetryAfter("alice", kStart), seconds(0));  // counting starts afresh
}

TEST(LoginLimiterTest, KeysAreIndependent) {
  LoginLimiter limiter(5, minutes(15));
  for (int i = 0; i < 5; ++i) {
    limiter.RecordFailure("alice", kStart);
  }
  EXPECT_GT(limiter.RetryAfter("alice", kStart), seconds(0));
  EXPECT_EQ(limiter.RetryAfter("bob", kStart), seconds(0));
  EXPECT_EQ(limiter.RetryAfter("203.0.113.7", kStart), seconds(0));
}

TEST(LoginLimiterTest, KeyBoundForgetsKeysWithOldestFailure) {
  LoginLimiter limiter(1, minutes(15), 10);
  // Eleven keys, each locked out, failing one second apart: "k0" is the oldest.
  for (int i = 0; i <= 10; ++i) {
    limiter.RecordFailure("k" + std::to_string(i), kStart + seconds(i));
  }
  const core::Instant now = kStart + seconds(10);
  EXPECT_EQ(limiter.RetryAfter("k0", now), seconds(0));  // forgotten
  EXPECT_GT(limiter.RetryAfter("k10", now), seconds(0));  // newest kept
  int remembered = 0;
  for (int i = 0; i <= 10; ++i) {
    if (limiter.RetryAfter("k" + std::to_string(i), now) > seconds(0)) {
      ++remembered;
    }
  }
  EXPECT_LE(remembered, 10);
  EXPECT_GE(remembered, 9);  // pruned to 90% of the bound, newest first
}

TEST(LoginLimiterTest, KeyBoundDropsExpiredKeysFirst) {
  LoginLimiter limiter(1, minutes(15), 10);
  for (int i = 0; i < 5; ++i) {
    limiter.RecordFailure("old" + std::to_string(i), kStart);
  }
  const core::Instant later = kStart + minutes(20);
  for (int i = 0; i < 6; ++i) {
    limiter.RecordFailure("new" + std::to_string(i), later);
  }
  // 11 keys > 10: the expired "old" keys make room, every "new" key keeps its lock-out.
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(limiter.RetryAfter("new" + std::to_string(i), later), minutes(15));
  }
}

TEST(LoginLimiterTest, KeyBoundHoldsUnderManyKeys) {
  LoginLimiter limiter(1, minutes(15), 100);  // one failure locks a key out: visible below
  for (int i = 0; i < 10'000; ++i) {
    limiter.RecordFailure("user" + std::to_string(i), kStart + seconds(i / 100));
  }
  const core::Instant now = kStart + seconds(100);
  int remembered = 0;
  for (int i = 0; i < 10'000; ++i) {
    if (limiter.RetryAfter("user" + std::to_string(i), now) > seconds(0)) {
      ++remembered;
    }
  }
  EXPECT_LE(remembered, 100);
  EXPECT_GE(remembered, 90);
  EXPECT_GT(limiter.RetryAfter("user9999", now), seconds(0));  // the newest survives
}

}  // namespace
}  // namespace esc::auth
