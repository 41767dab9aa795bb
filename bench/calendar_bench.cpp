// Benchmarks of the business-time engine on the example policy's support-ny calendar:
// Calendar::Add with durations from 1 hour to 30 business days (240 business hours) and
// starts spread over two years, plus Elapsed over the same spans.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "core/calendar/calendar.h"
#include "policy/policy_loader.h"

namespace {

using esc::core::Calendar;
using esc::core::Instant;
using esc::core::Seconds;

struct Case {
  Instant start;
  Seconds duration;
};

const Calendar& SupportNy() {
  static const esc::core::Policy policy = [] {
    auto loaded = esc::policy::LoadPolicyFile(ESCALATOR_SOURCE_DIR "/examples/policy.yaml");
    if (!loaded) {
      for (const auto& d : loaded.error()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
      std::abort();
    }
    return std::move(*loaded);
  }();
  return *policy.FindCalendar("support-ny");
}

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = [] {
    std::mt19937_64 rng(20261123);
    const std::int64_t from = 1767225600;             // 2026-01-01T00:00:00Z
    const std::int64_t to = from + 2 * 365 * 86400;   // two years later
    std::uniform_int_distribution<std::int64_t> start(from, to);
    std::uniform_int_distribution<std::int64_t> minutes(60, 30 * 8 * 60);
    std::vector<Case> out(1 << 14);
    for (auto& c : out) c = {Instant{Seconds{start(rng)}}, Seconds{minutes(rng) * 60}};
    // Build every block the cases touch, so the benchmark measures steady-state calls.
    for (const auto& c : out) benchmark::DoNotOptimize(SupportNy().Add(c.start, c.duration));
    return out;
  }();
  return cases;
}

void BM_Add(benchmark::State& state) {
  const Calendar& calendar = SupportNy();
  const auto& cases = Cases();
  std::size_t i = 0;
  for (auto _ : state) {
    const Case& c = cases[i++ & (cases.size() - 1)];
    benchmark::DoNotOptimize(calendar.Add(c.start, c.duration));
  }
}
BENCHMARK(BM_Add);

// Times each call on its own and reports the median in ns, as a counter.
void BM_AddPerCallMedian(benchmark::State& state) {
  const Calendar& calendar = SupportNy();
  const auto& cases = Cases();
  std::vector<double> ns;
  ns.reserve(cases.size());
  for (auto _ : state) {
    ns.clear();
    for (const Case& c : cases) {
      const auto t0 = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(calendar.Add(c.start, c.duration));
      const auto t1 = std::chrono::steady_clock::now();
      ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
  }
  std::nth_element(ns.begin(), ns.begin() + static_cast<std::ptrdiff_t>(ns.size() / 2), ns.end());
  state.counters["median_ns_incl_clock"] = ns[ns.size() / 2];
}
BENCHMARK(BM_AddPerCallMedian)->Iterations(20);

void BM_Elapsed(benchmark::State& state) {
  const Calendar& calendar = SupportNy();
  const auto& cases = Cases();
  std::size_t i = 0;
  for (auto _ : state) {
    const Case& c = cases[i++ & (cases.size() - 1)];
    benchmark::DoNotOptimize(calendar.Elapsed(c.start, c.start + c.duration * 3));
  }
}
BENCHMARK(BM_Elapsed);

// First use of a calendar: building one ~388-day block from the rules.
void BM_ColdBlockBuild(benchmark::State& state) {
  const Calendar& warm = SupportNy();
  for (auto _ : state) {
    auto fresh = Calendar::Create(warm.spec());
    benchmark::DoNotOptimize(fresh->Add(Instant{Seconds{1767225600}}, Seconds{3600}));
  }
}
BENCHMARK(BM_ColdBlockBuild)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
