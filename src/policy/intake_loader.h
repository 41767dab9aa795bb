// Reads the policy's `intake:` section (docs/email.md): the organisation and tier of new
// senders (a default, and per mail domain), the category, impact and urgency of tickets
// opened by mail, and the domain of our own Message-IDs. Problems are FILE:LINE:COL.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadIntake(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

}  // namespace esc::policy
