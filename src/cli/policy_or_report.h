// Loads a policy for a subcommand, printing its problems to stderr when it fails.
#pragma once

#include <optional>
#include <string>

#include "core/policy/policy.h"

namespace esc::cli {

std::optional<core::Policy> LoadPolicyOrReport(const std::string& policy_file);

}  // namespace esc::cli
