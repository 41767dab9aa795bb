// `escalator simulate --policy FILE --history H.jsonl [--compare OTHER] [--json]
// [--events OUT.jsonl]`: replays a history through a policy and prints what it decided.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/simulation_output.h"
#include "app/simulation_run.h"
#include "cli/commands.h"
#include "cli/policy_or_report.h"

namespace esc::cli {

int RunSimulate(const SimulateOptions& options) {
  auto policy = LoadPolicyOrReport(options.policy_file);
  if (!policy) return 2;
  std::optional<core::Policy> candidate;
  if (options.compare_file) {
    candidate = LoadPolicyOrReport(*options.compare_file);
    if (!candidate) return 2;
  }
  std::ifstream file;
  if (options.history_file != "-") {
    file.open(options.history_file, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "%s: cannot read the history file\n", options.history_file.c_str());
      return 2;
    }
  }
  std::istream& history = options.history_file == "-" ? std::cin : file;

  std::FILE* events = nullptr;
  std::string buffer;
  core::DecisionSink sink;
  if (options.events_file) {
    events = std::fopen(options.events_file->c_str(), "wb");
    if (!events) {
      std::fprintf(stderr, "%s: cannot write the events file\n", options.events_file->c_str());
      return 2;
    }
    sink = [&](const core::SimulatedDecision& d) {
      app::AppendDecisionJson(buffer, d);
      if (buffer.size() > (1 << 20)) {
        std::fwrite(buffer.data(), 1, buffer.size(), events);
        buffer.clear();
      }
    };
  }
  const app::SimulationOutcome outcome =
      app::RunSimulation(history, *policy, candidate ? &*candidate : nullptr, std::move(sink));
  if (events) {
    std::fwrite(buffer.data(), 1, buffer.size(), events);
    if (std::fclose(events) != 0) {
      std::fprintf(stderr, "%s: cannot write the events file\n", options.events_file->c_str());
      return 2;
    }
  }
  if (!outcome.errors.empty()) {
    for (const std::string& error : outcome.errors) {
      std::fprintf(stderr, "%s:%s\n", options.history_file.c_str(),
                   error.starts_with("line ") ? error.substr(5).c_str() : (" " + error).c_str());
    }
    if (outcome.error_count > static_cast<std::int64_t>(outcome.errors.size())) {
      std::fprintf(stderr, "... and %lld more problems\n",
                   static_cast<long long>(outcome.error_count) -
                       static_cast<long long>(outcome.errors.size()));
    }
    std::fprintf(stderr, "no report: the history has problems\n");
    return 1;
  }
  std::string out;
  if (options.json) {
    if (outcome.candidate) {
      out += "{\"baseline\": ";
      app::AppendReportJson(out, options.policy_file, outcome.report);
      out += ", \"candidate\": ";
      app::AppendReportJson(out, *options.compare_file, *outcome.candidate);
      out += "}";
    } else {
      app::AppendReportJson(out, options.policy_file, outcome.report);
    }
    out += "\n";
  } else if (outcome.candidate) {
    app::AppendComparisonText(out, options.policy_file, outcome.report, *options.compare_file,
                              *outcome.candidate);
  } else {
    app::AppendReportText(out, options.policy_file, outcome.report);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace esc::cli
