// Test support for policy-loader tests: instants from RFC 3339 text, instants shown in a
// calendar's local offset, and a policy's problems as "FILE:LINE:COL: message" lines.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/calendar.h"
#include "core/rfc3339.h"
#include "policy/policy_loader.h"

namespace esc::policy::test_support {

inline core::Instant At(std::string_view text) {
  auto parsed = core::ParseDateTime(text);
  if (!parsed || !parsed->utc_offset) throw std::invalid_argument(std::string(text));
  return core::ToInstant(*parsed);
}

inline std::string Local(const core::Calendar& calendar, core::Instant t) {
  return core::FormatRfc3339(t, calendar.UtcOffsetAt(t));
}

inline std::vector<std::string> Lines(const Diagnostics& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.ToString());
  return out;
}

// The problems of `yaml` loaded as "p.yaml" (none when it loads).
inline Diagnostics Problems(const std::string& yaml, const std::filesystem::path& base_dir = ".") {
  auto loaded = LoadPolicyText(yaml, "p.yaml", base_dir);
  if (loaded) return {};
  return loaded.error();
}

// The same as lines, for asserting exact positions: ProblemLines(yaml) == {"p.yaml:3:5: ..."}.
inline std::vector<std::string> ProblemLines(const std::string& yaml) {
  return Lines(Problems(yaml));
}

}  // namespace esc::policy::test_support
