// Entry point for reading a policy file: YAML syntax errors, the top-level layout and
// each section's loader, with every problem collected as a FILE:LINE:COL diagnostic.
// Used by `escalator policy check` and by everything that needs a policy.
#pragma once

#include <expected>
#include <filesystem>
#include <string_view>

#include "core/policy/policy.h"
#include "policy/diagnostics.h"

namespace esc::policy {

// Reads and validates the policy at `path`; files it names (holiday_files, ...) are
// resolved relative to its folder.
std::expected<core::Policy, Diagnostics> LoadPolicyFile(const std::filesystem::path& path);

// The same for text already in memory; `file_name` is used in diagnostics.
std::expected<core::Policy, Diagnostics> LoadPolicyText(std::string_view yaml,
                                                        const std::string& file_name,
                                                        const std::filesystem::path& base_dir);

}  // namespace esc::policy
