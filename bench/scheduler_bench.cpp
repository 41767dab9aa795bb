// The scheduler's wake-up index with 1,000,000 open tickets whose next wake-ups are
// spread over the next week: the cost of scheduling one (Set, a new ticket or a moved
// deadline), of taking what falls due second by second, and the memory per ticket.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "core/scheduler/wakeup_index.h"

namespace {

using esc::core::Instant;
using esc::core::Seconds;
using esc::core::WakeupIndex;

constexpr std::int64_t kTickets = 1'000'000;
constexpr std::int64_t kWeek = 7 * 86400;
constexpr std::int64_t kStart = 1'767'225'600;  // 2026-01-01T00:00:00Z

WakeupIndex Filled(std::mt19937_64& rng) {
  std::uniform_int_distribution<std::int64_t> offset(0, kWeek - 1);
  WakeupIndex index;
  for (std::int64_t id = 0; id < kTickets; ++id) {
    index.Set(static_cast<WakeupIndex::TicketId>(id), Instant{Seconds{kStart + offset(rng)}});
  }
  return index;
}

// Moving one ticket's wake-up among a million (what every ticket change does).
void BM_SetAmongAMillion(benchmark::State& state) {
  std::mt19937_64 rng(1);
  WakeupIndex index = Filled(rng);
  std::uniform_int_distribution<std::int64_t> offset(0, kWeek - 1);
  std::uniform_int_distribution<WakeupIndex::TicketId> id(0, kTickets - 1);
  for (auto _ : state) index.Set(id(rng), Instant{Seconds{kStart + offset(rng)}});
  state.counters["bytes_per_ticket"] =
      static_cast<double>(index.MemoryBytes()) / static_cast<double>(index.size());
}
BENCHMARK(BM_SetAmongAMillion);

// A scheduler tick: take what fell due in the last second (about 1.65 tickets with a
// million spread over a week) and schedule each again a day later.
void BM_TickEverySecond(benchmark::State& state) {
  std::mt19937_64 rng(2);
  WakeupIndex index = Filled(rng);
  std::int64_t now = kStart;
  std::int64_t taken = 0;
  for (auto _ : state) {
    ++now;
    for (WakeupIndex::TicketId id : index.TakeDue(Instant{Seconds{now}})) {
      index.Set(id, Instant{Seconds{now + 86400}});
      ++taken;
    }
  }
  state.counters["due_per_tick"] =
      static_cast<double>(taken) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_TickEverySecond);

}  // namespace

BENCHMARK_MAIN();
