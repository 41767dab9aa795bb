#include "core/simulation/report.h"

#include <algorithm>
#include <cmath>

namespace esc::core {
namespace {

// The nearest-rank percentile p (0..1] of sorted-by-selection values.
std::int64_t Percentile(std::vector<std::int64_t>& values, double p) {
  const auto n = static_cast<double>(values.size());
  auto rank = static_cast<std::size_t>(std::ceil(p * n));
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

}  // namespace

void CountSlaOutcome(const TicketSla& clocks, Instant at, const std::string& priority,
                     SimulationReport& report) {
  auto& by_priority = report.sla_by_priority[priority];
  bool missed_any = false;
  for (SlaTargetKind kind : kAllSlaTargetKinds) {
    const auto index = static_cast<std::size_t>(kind);
    const auto& clock = clocks.clocks[index];
    if (!clock) continue;
    int missed = clocks.breaches[index];
    bool open = false;
    if (!clock->stopped()) {
      auto status = clock->StatusAt(at);
      if (status && status->state == SlaState::kBreached) {
        ++missed;
      } else {
        open = true;
      }
    }
    report.breaches += missed;
    auto count = [&](TargetAttainment& a) {
      if (missed > 0) {
        ++a.breached;
      } else if (open) {
        ++a.open;
      } else {
        ++a.met;
      }
    };
    count(report.sla[index]);
    count(by_priority[index]);
    missed_any = missed_any || missed > 0;
  }
  if (missed_any) ++report.tickets_breached;
}

DurationSummary Summarize(std::vector<std::int64_t>& values) {
  DurationSummary out;
  out.count = static_cast<std::int64_t>(values.size());
  if (values.empty()) return out;
  out.median = Seconds{Percentile(values, 0.5)};
  out.p90 = Seconds{Percentile(values, 0.9)};
  return out;
}

}  // namespace esc::core
