// The escalation process of a policy as a Graphviz flowchart (DOT text): levels as
// bands, teams inside them, each category's escalation path as labelled edges with the
// time a step has, and the triggers that escalate as notes pointing where they send a
// case. `escalator policy graph` prints it or renders it to SVG with Graphviz.
#pragma once

#include <optional>
#include <string>

#include "core/policy/policy.h"

namespace esc::app {

// DOT for the whole policy, or for one category's path (plus the default path).
// REQUIRES: `category`, when given, is a category id or "default".
std::string RenderPolicyGraph(const core::Policy& policy,
                              const std::optional<std::string>& category = std::nullopt);

}  // namespace esc::app
