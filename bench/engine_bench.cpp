// The escalation engine's cost per ticket event on the SaaS example policy: sampled
// tickets are replayed event by event (the SLA clocks kept incrementally, as the
// simulator and the service do), and after each event the engine is asked what is due
// (EvaluateTracked, without explanations and without the timing cache, so every call
// recomputes every trigger). Reported per event: time and decisions.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include "core/engine/evaluate.h"
#include "core/rfc3339.h"
#include "core/simulation/sample_history.h"
#include "policy/policy_loader.h"

namespace {

using namespace esc::core;

const Policy& SaasPolicy() {
  static const Policy policy = [] {
    auto loaded = esc::policy::LoadPolicyFile(ESCALATOR_SOURCE_DIR "/examples/saas-support.yaml");
    if (!loaded) {
      for (const auto& d : loaded.error()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
      std::abort();
    }
    return std::move(*loaded);
  }();
  return policy;
}

const std::vector<HistoryTicket>& Tickets() {
  static const std::vector<HistoryTicket> tickets = [] {
    SampleOptions options;
    options.seed = 20261123;
    options.start = ToInstant(ParseDateTime("2026-01-05T00:00:00Z").value());
    HistorySampler sampler(SaasPolicy(), options);
    std::vector<HistoryTicket> out;
    for (int i = 0; i < 2000; ++i) out.push_back(sampler.Next());
    return out;
  }();
  return tickets;
}

void BM_EvaluatePerEvent(benchmark::State& state) {
  const Policy& policy = SaasPolicy();
  const auto& tickets = Tickets();
  std::int64_t events = 0, decisions = 0;
  for (auto _ : state) {
    for (const HistoryTicket& ticket : tickets) {
      TicketFacts facts;
      facts.tier = ticket.tier;
      facts.priority = ticket.priority;
      facts.category = ticket.category;
      facts.channel = ticket.channel;
      facts.last_update = ticket.created;
      facts.team = "frontline";
      facts.team_since = ticket.created;
      facts.history.push_back({ticket.created, TicketEventKind::kCreated, TicketStatus::kNew});
      const SlaPolicy* sla = SelectSlaPolicy(
          policy.sla, {facts.tier, facts.priority, facts.category, facts.channel});
      std::optional<SlaTracker> tracker;
      if (sla) {
        tracker.emplace(*sla, policy);
        (void)tracker->Apply(facts.history.front());
      }
      for (const HistoryEvent& e : ticket.events) {
        facts.history.push_back(e.event);
        if (tracker) (void)tracker->Apply(e.event);
        if (e.event.kind == TicketEventKind::kAgentReplied) facts.last_update = e.event.at;
        auto evaluation = EvaluateTracked(facts, policy, sla, tracker ? &tracker->clocks() : nullptr,
                                          e.event.at, false);
        if (evaluation) {
          decisions += static_cast<std::int64_t>(evaluation->decisions.size());
          for (const Decision& d : evaluation->decisions) {
            facts.fired.push_back({d.trigger, d.occurrence, e.event.at, d.repeat, ""});
          }
        }
        ++events;
        benchmark::DoNotOptimize(evaluation);
      }
    }
  }
  state.SetItemsProcessed(events);
  state.counters["ns_per_event"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate |
                                                          benchmark::Counter::kInvert);
  state.counters["decisions_per_event"] =
      static_cast<double>(decisions) / static_cast<double>(std::max<std::int64_t>(events, 1));
}
BENCHMARK(BM_EvaluatePerEvent)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
