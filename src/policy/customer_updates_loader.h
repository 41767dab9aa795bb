// Reads the policy's `customer_updates:` section (docs/policy.md): the channel that
// carries updates to the customer, which updates are sent, when the feedback request
// follows the resolution, and how long its signed link stays valid.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadCustomerUpdates(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

}  // namespace esc::policy
