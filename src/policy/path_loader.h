// Reads the policy's `escalation_paths:` section (docs/policy.md)
// and checks paths for what makes them unusable: undefined teams or levels, a team
// visited twice (a cycle), a step without a time limit that hides the steps after it, a
// last step with a time limit and nowhere to go (a dead end), a path that goes down the
// hierarchy, and levels that no path reaches.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadEscalationPaths(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

// Checks that need every section loaded (levels ranks, categories); run after
// CheckReferences.
void CheckEscalationPaths(YamlContext& ctx, const core::Policy& policy);

}  // namespace esc::policy
