// How `escalator simulate` writes what it found: the report as text for people (and two
// reports side by side for --compare), as JSON for machines, and each decision as a JSON
// line with its explanation (--events). Field names are documented in docs/simulation.md.
#pragma once

#include <string>

#include "core/simulation/report.h"
#include "core/simulation/simulator.h"

namespace esc::app {

void AppendReportText(std::string& out, const std::string& policy_file,
                      const core::SimulationReport& report);
void AppendComparisonText(std::string& out, const std::string& baseline_file,
                          const core::SimulationReport& baseline,
                          const std::string& candidate_file,
                          const core::SimulationReport& candidate);
// One JSON object (no newline).
void AppendReportJson(std::string& out, const std::string& policy_file,
                      const core::SimulationReport& report);
// One JSON line (with its newline).
void AppendDecisionJson(std::string& out, const core::SimulatedDecision& decision);

// A wall-clock span for people: "45s", "12m", "3h 05m", "2d 4h".
std::string FormatSpan(core::Seconds span);

}  // namespace esc::app
