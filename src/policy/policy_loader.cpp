#include "policy/policy_loader.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "policy/calendar_loader.h"
#include "policy/organisation_loader.h"
#include "policy/path_loader.h"
#include "policy/priorities_loader.h"
#include "policy/reference_check.h"
#include "policy/sla_loader.h"
#include "policy/trigger_loader.h"
#include "policy/yaml_context.h"

namespace esc::policy {

std::expected<core::Policy, Diagnostics> LoadPolicyText(std::string_view yaml,
                                                        const std::string& file_name,
                                                        const std::filesystem::path& base_dir) {
  Diagnostics problems;
  YamlContext ctx(file_name, base_dir, problems);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    ctx.Report(e.mark.line + 1, e.mark.column + 1, fmt::format("YAML syntax: {}", e.msg));
    return std::unexpected(std::move(problems));
  }
  core::Policy policy;
  if (!root.IsMap()) {
    ctx.Report(1, 1, fmt::format("a policy must be a map with a calendars: section, got {}",
                                 Describe(root)));
    return std::unexpected(std::move(problems));
  }
  bool has_calendars = false;
  ctx.ForEachEntry(root, "the policy", {"calendars", "priorities", "categories", "levels", "teams", "sla",
                    "escalation_paths", "notifications", "triggers"},
                   [&](const YAML::Node& key, const YAML::Node& value) {
                     const std::string& section = key.Scalar();
                     if (section == "calendars") {
                       has_calendars = true;
                       LoadCalendars(value, ctx, policy);
                     } else if (section == "priorities") {
                       LoadPriorities(value, ctx, policy);
                     } else if (section == "categories") {
                       LoadCategories(value, ctx, policy);
                     } else if (section == "levels") {
                       LoadLevels(value, ctx, policy);
                     } else if (section == "teams") {
                       LoadTeams(value, ctx, policy);
                     } else if (section == "sla") {
                       LoadSlaPolicies(value, ctx, policy);
                     } else if (section == "escalation_paths") {
                       LoadEscalationPaths(value, ctx, policy);
                     } else if (section == "notifications") {
                       LoadChannels(value, ctx, policy);
                     } else if (section == "triggers") {
                       LoadTriggers(value, ctx, policy);
                     }
                   });
  if (!has_calendars && problems.empty()) {
    ctx.Report(1, 1, "the policy has no calendars: section");
  }
  CheckReferences(ctx, policy);
  CheckLevelsStaffed(root, ctx, policy);
  CheckEscalationPaths(root, ctx, policy);
  if (!problems.empty()) return std::unexpected(std::move(problems));
  return policy;
}

std::expected<core::Policy, Diagnostics> LoadPolicyFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::unexpected(
        Diagnostics{Diagnostic{path.string(), 0, 0, "cannot read the policy file"}});
  }
  std::stringstream text;
  text << in.rdbuf();
  return LoadPolicyText(text.str(), path.string(), path.parent_path());
}

}  // namespace esc::policy
