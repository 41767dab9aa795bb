// `escalator sample-history --policy FILE --tickets N --seed S [--start T]`: a synthetic
// history as JSON Lines on stdout (format in docs/simulation.md).
#include <chrono>
#include <cstdio>

#include "app/history_json.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"
#include "core/rfc3339.h"
#include "core/simulation/sample_history.h"

namespace esc::cli {

int RunSampleHistory(const SampleHistoryOptions& options) {
  auto policy = LoadPolicyOrReport(options.policy_file);
  if (!policy) return 2;
  core::SampleOptions sample;
  sample.seed = options.seed;
  sample.tickets_per_weekday = options.per_weekday;
  auto parsed = core::ParseDateTime(options.start);
  if (!parsed || !parsed->utc_offset) {
    std::fprintf(stderr, "--start: %s\n",
                 parsed ? "give an offset, e.g. 2026-01-05T00:00:00Z" : parsed.error().message.c_str());
    return 2;
  }
  sample.start = core::ToInstant(*parsed);
  core::HistorySampler sampler(*policy, sample);
  std::string out;
  for (std::uint64_t i = 0; i < options.tickets; ++i) {
    app::AppendHistoryJson(out, sampler.Next());
    if (out.size() > (1 << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace esc::cli
