// Reads the policy's `categories:`, `levels:` and `teams:` sections (docs/policy.md).
// References between them (a team's level, skills and calendar) are recorded in the
// context and checked once the whole policy is loaded, so sections may come in any order.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadCategories(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);
void LoadLevels(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);
void LoadTeams(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

// Every level must be staffed by at least one team (checked once the policy is read).
void CheckLevelsStaffed(YamlContext& ctx, const core::Policy& policy);

}  // namespace esc::policy
