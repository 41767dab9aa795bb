// Reads the policy's `priorities:` section (docs/policy.md): the priority names from
// most to least urgent, an optional default, and the impact x urgency matrix.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadPriorities(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

}  // namespace esc::policy
