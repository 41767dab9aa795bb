// Checks the references a policy's sections make to each other (a team's level, an SLA
// policy's priorities and calendars, ...) once the whole file is read, so sections may
// come in any order. Each undefined name is reported where it is used, listing the
// names that are defined.
#pragma once

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void CheckReferences(YamlContext& ctx, const core::Policy& policy);

}  // namespace esc::policy
