#include "cli/policy_or_report.h"

#include <cstdio>

#include "policy/policy_loader.h"

namespace esc::cli {

std::optional<core::Policy> LoadPolicyOrReport(const std::string& policy_file) {
  auto policy = policy::LoadPolicyFile(policy_file);
  if (policy) return std::move(*policy);
  for (const auto& problem : policy.error()) {
    std::fprintf(stderr, "%s\n", problem.ToString().c_str());
  }
  return std::nullopt;
}

}  // namespace esc::cli
