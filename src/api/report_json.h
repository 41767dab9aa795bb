// The JSON of the core's report figures, shared by the live reports (/api/v1/reports)
// and the policy simulation (/api/v1/policy/simulate): SLA attainment per target, duration
// summaries, and a whole simulation report.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <optional>

#include "core/simulation/report.h"

namespace esc::api {

nlohmann::json AttainmentJson(const core::TargetAttainment& a);
// {"first_response": {...}, "next_update": {...}, "resolution": {...}}
nlohmann::json TargetsJson(const std::array<core::TargetAttainment, 3>& targets);
nlohmann::json DurationsJson(const core::DurationSummary& d);
nlohmann::json OptionalJson(std::optional<double> value);  // null when empty
nlohmann::json SimulationReportJson(const core::SimulationReport& r);

}  // namespace esc::api
