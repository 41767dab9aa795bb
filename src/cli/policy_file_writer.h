// Replacing the policy file from `serve` (PUT /api/v1/policy): the new text goes to a
// temporary file beside it, is flushed to disk, and is renamed over the file, so a crash
// leaves either the old policy or the new one, never half of one. The old text is kept
// as FILE.previous for the admin who wants it back.
#pragma once

#include <filesystem>
#include <string>

#include "core/error.h"

namespace esc::cli {

core::Result<void> ReplacePolicyFile(const std::filesystem::path& file, const std::string& text);

}  // namespace esc::cli
