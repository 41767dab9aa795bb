// AuthCache: what a request's authentication may take from memory, and when it must go
// back to the database.
#include "app/service/auth_cache.h"

#include <gtest/gtest.h>

namespace esc::app {
namespace {

using std::chrono::seconds;

const Instant kNow = core::FromEpochSeconds(1'800'000'000);

CachedAuthentication EntryFor(const std::string& username, Instant valid_until) {
  CachedAuthentication entry;
  entry.actor.username = username;
  entry.csrf_token = "csrf-" + username;
  entry.valid_until = valid_until;
  return entry;
}

TEST(AuthCache, FindsWhatItRemembersUntilItsLifetimeEnds) {
  AuthCache cache(seconds(30));
  cache.Remember("d1", cache.Generation(), EntryFor("ana", kNow + seconds(3600)), kNow);
  auto found = cache.Find("d1", kNow + seconds(29));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->actor.username, "ana");
  EXPECT_EQ(found->csrf_token, "csrf-ana");
  EXPECT_FALSE(cache.Find("d1", kNow + seconds(30)));
  EXPECT_FALSE(cache.Find("d2", kNow));
}

TEST(AuthCache, AnEntryEndsWithItsSessionEvenWithinTheLifetime) {
  AuthCache cache(seconds(30));
  cache.Remember("d1", cache.Generation(), EntryFor("ana", kNow + seconds(5)), kNow);
  EXPECT_TRUE(cache.Find("d1", kNow + seconds(4)));
  EXPECT_FALSE(cache.Find("d1", kNow + seconds(5)));
  cache.Remember("d2", cache.Generation(), EntryFor("ben", kNow), kNow);
  EXPECT_EQ(cache.size(), 1u);  // already expired: not kept at all
}

TEST(AuthCache, ForgetEndsOneEntryAndForgetAllEveryEntry) {
  AuthCache cache(seconds(30));
  cache.Remember("d1", cache.Generation(), EntryFor("ana", kNow + seconds(60)), kNow);
  cache.Remember("d2", cache.Generation(), EntryFor("ben", kNow + seconds(60)), kNow);
  cache.Forget("d1");
  EXPECT_FALSE(cache.Find("d1", kNow));
  EXPECT_TRUE(cache.Find("d2", kNow));
  cache.ForgetAll();
  EXPECT_FALSE(cache.Find("d2", kNow));
  EXPECT_EQ(cache.size(), 0u);
}

// A lookup that read the database before a revocation committed must not put the old
// answer back after the revocation has cleared the cache.
TEST(AuthCache, ALookupThatReadBeforeAChangeIsNotRemembered) {
  AuthCache cache(seconds(30));
  const std::uint64_t before_read = cache.Generation();
  cache.Forget("d1");  // the change commits while the lookup is reading
  cache.Remember("d1", before_read, EntryFor("ana", kNow + seconds(60)), kNow);
  EXPECT_FALSE(cache.Find("d1", kNow));
  const std::uint64_t after = cache.Generation();
  cache.ForgetAll();
  cache.Remember("d3", after, EntryFor("cy", kNow + seconds(60)), kNow);
  EXPECT_FALSE(cache.Find("d3", kNow));
  cache.Remember("d3", cache.Generation(), EntryFor("cy", kNow + seconds(60)), kNow);
  EXPECT_TRUE(cache.Find("d3", kNow));
}

TEST(AuthCache, StaysWithinItsCapacity) {
  AuthCache cache(seconds(30), 3);
  for (int i = 0; i < 3; ++i) {
    cache.Remember("d" + std::to_string(i), cache.Generation(),
                   EntryFor("u", kNow + seconds(i == 0 ? 10 : 60)), kNow);
  }
  EXPECT_EQ(cache.size(), 3u);
  // Full: the expired entry goes first.
  cache.Remember("d3", cache.Generation(), EntryFor("u", kNow + seconds(60)), kNow + seconds(10));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.Find("d0", kNow));
  EXPECT_TRUE(cache.Find("d3", kNow + seconds(10)));
  // Full of valid entries: it starts afresh rather than grow.
  cache.Remember("d4", cache.Generation(), EntryFor("u", kNow + seconds(60)), kNow + seconds(10));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.Find("d4", kNow + seconds(10)));
}

}  // namespace
}  // namespace esc::app
