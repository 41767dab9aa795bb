// Reads the policy's `calendars:` section (see docs/policy.md) into core calendars:
// time zone, weekly hours ("24/7" or weekday -> "HH:MM-HH:MM" lists), dated holidays
// and special days, and holidays imported from iCalendar files next to the policy.
// Every problem is reported with its FILE:LINE:COL; calendars with problems are skipped.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/policy/policy.h"
#include "policy/yaml_context.h"

namespace esc::policy {

void LoadCalendars(const YAML::Node& section, YamlContext& ctx, core::Policy& policy);

}  // namespace esc::policy
