// Reads the policy's `triggers:` section (docs/policy.md): named when -> then rules with
// SLA points ("75%", "-25%", "breach", "+1h"), idle times, ticket-fact conditions,
// actions (escalate, notify, set_priority, assign, tag, require_signoff) and repeats.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadTriggers(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

// Reads "75%", "-25%", "breach", "0", "+1h", "-30m" into percent used and an offset.
std::optional<core::SlaPoint> ParseSlaPoint(std::string_view text, std::string* error);

}  // namespace esc::policy
