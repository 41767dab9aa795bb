// The use case behind `escalator simulate`: read a history (JSON Lines), check each
// ticket against the policy, replay it through one policy (or two, side by side, from a
// single read of the history) and return what they decided. Bad lines are collected
// with their line numbers and no report is made from a partly read history.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "core/policy/policy.h"
#include "core/simulation/simulator.h"

namespace esc::app {

struct SimulationOutcome {
  core::SimulationReport report;
  std::optional<core::SimulationReport> candidate;  // with a second policy
  std::vector<std::string> errors;                  // "line N: ...", at most kMaxErrors
  std::int64_t error_count = 0;
  std::int64_t tickets_read = 0;
  std::int64_t events = 0;  // ticket events replayed (through the baseline)
};

inline constexpr std::size_t kMaxErrors = 20;

// Replays `history` through `policy` (decisions to `sink`) and, when given,
// `candidate` too. Each ticket's priority and category must be ones both policies know.
SimulationOutcome RunSimulation(std::istream& history, const core::Policy& policy,
                                const core::Policy* candidate, core::DecisionSink sink = {});

// The same for tickets already in memory, in creation order (the service's recent
// tickets: app/service/live_history.h); errors name the ticket by its id. The books
// close at `until` (default: the history's latest instant), so that open tickets are
// judged as of then.
SimulationOutcome RunSimulation(std::vector<core::HistoryTicket> tickets,
                                const core::Policy& policy, const core::Policy* candidate,
                                std::optional<core::Instant> until = std::nullopt);

}  // namespace esc::app
