// Reads the policy's `oncall:`, `routing:`, `limits:` and `quiet_hours:` sections
// (docs/policy.md): rotations with hand-overs and overrides, the routing order, limits
// on concurrent escalations per level or team, and quiet hours for notifications.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadOnCall(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);
void LoadRouting(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);
void LoadLimits(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);
void LoadQuietHours(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

}  // namespace esc::policy
