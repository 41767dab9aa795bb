#include "policy/policy_loader.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "policy/calendar_loader.h"
#include "policy/organisation_loader.h"
#include "policy/operations_loader.h"
#include "policy/path_loader.h"
#include "policy/priorities_loader.h"
#include "policy/reference_check.h"
#include "policy/sla_loader.h"
#include "policy/trigger_loader.h"
#include "policy/yaml_context.h"

namespace esc::policy {
namespace {

using SectionLoaderFn = void (*)(const YAML::Node&, YamlContext&, core::Policy&);

// The loader of each top-level section (the names ForEachEntry lets through).
SectionLoaderFn SectionLoader(const std::string& section) {
  static const std::pair<std::string_view, SectionLoaderFn> kLoaders[] = {
      {"calendars", LoadCalendars},         {"priorities", LoadPriorities},
      {"categories", LoadCategories},       {"levels", LoadLevels},
      {"teams", LoadTeams},                 {"sla", LoadSlaPolicies},
      {"escalation_paths", LoadEscalationPaths}, {"notifications", LoadChannels},
      {"triggers", LoadTriggers},           {"oncall", LoadOnCall},
      {"routing", LoadRouting},             {"limits", LoadLimits},
      {"quiet_hours", LoadQuietHours}};
  for (const auto& [name, loader] : kLoaders) {
    if (name == section) return loader;
  }
  return [](const YAML::Node&, YamlContext&, core::Policy&) {};
}

}  // namespace

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
  ctx.ForEachEntry(root, "the policy",
                   {"calendars", "priorities", "categories", "levels", "teams", "sla",
                    "escalation_paths", "notifications", "triggers", "oncall", "routing",
                    "limits", "quiet_hours"},
                   [&](const YAML::Node& key, const YAML::Node& value) {
                     has_calendars = has_calendars || key.Scalar() == "calendars";
                     SectionLoader(key.Scalar())(value, ctx, policy);
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
