// Reads the policy's `sla:` section (docs/policy.md): an ordered list of SLA policies,
// each with conditions (`when`), targets on calendars and the statuses that pause its
// clocks. Also checks what makes a policy unusable: a policy hidden behind an earlier
// catch-all, and targets that cannot be met (a first response or next update allowed
// more time than the resolution on the same calendar).
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadSlaPolicies(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

}  // namespace esc::policy
