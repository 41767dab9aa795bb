#include "cli/at_option.h"

#include <chrono>
#include <cstdio>

#include "core/rfc3339.h"

namespace esc::cli {

std::optional<core::Instant> AtOrNow(const std::optional<std::string>& at) {
  if (!at) return std::chrono::floor<core::Seconds>(std::chrono::system_clock::now());
  auto parsed = core::ParseDateTime(*at);
  if (!parsed || !parsed->utc_offset) {
    std::fprintf(stderr, "--at: %s\n",
                 parsed ? "give an offset, e.g. 2026-03-06T16:30:00-05:00"
                        : parsed.error().message.c_str());
    return std::nullopt;
  }
  return core::ToInstant(*parsed);
}

}  // namespace esc::cli
