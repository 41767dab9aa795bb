// Reads the policy's `notifications:` section (docs/policy.md): the channels by id, each
// email (sender, SMTP relay) or webhook (URL, body format, signing secret), with their
// retry settings. Secrets are best named by environment variable (`secret_env`,
// `smtp.password_env`); the check only looks at the names, never at the values, so it
// runs where the secrets are not set.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadChannels(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

}  // namespace esc::policy
