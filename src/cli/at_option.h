// The `--at T` option several subcommands share: an RFC 3339 instant with an offset, or
// the system clock when it is not given.
#pragma once

#include <optional>
#include <string>

#include "core/time.h"

namespace esc::cli {

// The instant `--at` names, or now without it; nullopt (with the problem printed to
// stderr) when the text is not an RFC 3339 date-time with an offset.
std::optional<core::Instant> AtOrNow(const std::optional<std::string>& at);

}  // namespace esc::cli
