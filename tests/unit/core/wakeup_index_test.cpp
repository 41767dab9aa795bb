// Tests of the scheduler's wake-up index: order of what is due (instant, then id),
// moving and clearing entries, limits, and a randomised comparison with a plain sorted
// reference model.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "core/scheduler/wakeup_index.h"

namespace esc::core {
namespace {

Instant T(std::int64_t seconds) { return Instant{Seconds{seconds}}; }

TEST(WakeupIndex, EmptyHasNothingDue) {
  WakeupIndex index;
  EXPECT_TRUE(index.empty());
  EXPECT_EQ(index.Next(), std::nullopt);
  EXPECT_TRUE(index.TakeDue(T(1'000'000)).empty());
  EXPECT_EQ(index.At(7), std::nullopt);
}

TEST(WakeupIndex, TakesWhatIsDueEarliestFirstTiesById) {
  WakeupIndex index;
  index.Set(5, T(300));
  index.Set(3, T(100));
  index.Set(9, T(100));
  index.Set(1, T(200));
  index.Set(2, T(400));
  EXPECT_EQ(index.Next(), T(100));
  EXPECT_EQ(index.TakeDue(T(99)), std::vector<WakeupIndex::TicketId>{});
  EXPECT_EQ(index.TakeDue(T(300)), (std::vector<WakeupIndex::TicketId>{3, 9, 1, 5}));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.Next(), T(400));
  EXPECT_EQ(index.At(2), T(400));
  EXPECT_EQ(index.At(3), std::nullopt);  // taken
}

TEST(WakeupIndex, SetMovesAnEntryEarlierOrLater) {
  WakeupIndex index;
  for (WakeupIndex::TicketId id = 1; id <= 6; ++id) index.Set(id, T(100 * static_cast<std::int64_t>(id)));
  index.Set(6, T(50));    // earlier than everything
  index.Set(1, T(1000));  // later than everything
  EXPECT_EQ(index.size(), 6u);
  EXPECT_EQ(index.At(6), T(50));
  EXPECT_EQ(index.TakeDue(T(10'000)), (std::vector<WakeupIndex::TicketId>{6, 2, 3, 4, 5, 1}));
}

TEST(WakeupIndex, ClearForgetsAnEntryAnywhereInTheHeap) {
  WakeupIndex index;
  for (WakeupIndex::TicketId id = 1; id <= 7; ++id) index.Set(id, T(10 * static_cast<std::int64_t>(id)));
  index.Clear(1);   // the root
  index.Clear(4);   // inside
  index.Clear(7);   // the last slot
  index.Clear(42);  // never scheduled: no-op
  EXPECT_EQ(index.size(), 4u);
  EXPECT_EQ(index.Next(), T(20));
  EXPECT_EQ(index.TakeDue(T(100)), (std::vector<WakeupIndex::TicketId>{2, 3, 5, 6}));
}

TEST(WakeupIndex, LimitTakesOnlyThatManyAndLeavesTheRestInOrder) {
  WakeupIndex index;
  for (WakeupIndex::TicketId id = 10; id > 0; --id) index.Set(id, T(5));
  EXPECT_EQ(index.TakeDue(T(5), 3), (std::vector<WakeupIndex::TicketId>{1, 2, 3}));
  EXPECT_EQ(index.TakeDue(T(5), 3), (std::vector<WakeupIndex::TicketId>{4, 5, 6}));
  EXPECT_EQ(index.size(), 4u);
}

TEST(WakeupIndex, MemoryGrowsWithTheEntries) {
  WakeupIndex index;
  const std::size_t empty = index.MemoryBytes();
  for (WakeupIndex::TicketId id = 0; id < 1000; ++id) index.Set(id, T(static_cast<std::int64_t>(id)));
  EXPECT_GE(index.MemoryBytes(), empty + 1000 * (16 + 32));
}

// Random operations against a reference: a set ordered by (instant, id) and a map id ->
// instant. After every operation the next instant agrees; every TakeDue returns exactly
// the reference's due entries in order.
TEST(WakeupIndex, AgreesWithASortedReferenceUnderRandomOperations) {
  std::mt19937_64 rng(20261123);
  std::uniform_int_distribution<int> op(0, 9);
  std::uniform_int_distribution<WakeupIndex::TicketId> id_of(1, 500);
  std::uniform_int_distribution<std::int64_t> when(0, 10'000);
  WakeupIndex index;
  std::set<std::pair<std::int64_t, WakeupIndex::TicketId>> ordered;
  std::map<WakeupIndex::TicketId, std::int64_t> at;
  std::int64_t now = 0;
  for (int step = 0; step < 50'000; ++step) {
    const int o = op(rng);
    const WakeupIndex::TicketId id = id_of(rng);
    if (o < 6) {  // set or move
      const std::int64_t t = now + when(rng);
      if (auto it = at.find(id); it != at.end()) ordered.erase({it->second, id});
      at[id] = t;
      ordered.insert({t, id});
      index.Set(id, T(t));
    } else if (o < 8) {  // clear
      if (auto it = at.find(id); it != at.end()) {
        ordered.erase({it->second, id});
        at.erase(it);
      }
      index.Clear(id);
    } else {  // time passes: take what is due
      now += when(rng) / 10;
      std::vector<WakeupIndex::TicketId> expected;
      while (!ordered.empty() && ordered.begin()->first <= now) {
        expected.push_back(ordered.begin()->second);
        at.erase(ordered.begin()->second);
        ordered.erase(ordered.begin());
      }
      ASSERT_EQ(index.TakeDue(T(now)), expected) << "step " << step;
    }
    ASSERT_EQ(index.size(), ordered.size()) << "step " << step;
    if (ordered.empty()) {
      ASSERT_EQ(index.Next(), std::nullopt);
    } else {
      ASSERT_EQ(index.Next(), T(ordered.begin()->first)) << "step " << step;
    }
  }
}

}  // namespace
}  // namespace esc::core
