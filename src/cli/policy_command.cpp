// `escalator policy check FILE`.
#include <cstdio>

#include "cli/commands.h"
#include "policy/policy_loader.h"

namespace esc::cli {

int RunPolicyCheck(const std::string& policy_file) {
  auto policy = policy::LoadPolicyFile(policy_file);
  if (policy) {
    std::puts("ok");
    return 0;
  }
  for (const auto& problem : policy.error()) std::puts(problem.ToString().c_str());
  return 1;
}

}  // namespace esc::cli
