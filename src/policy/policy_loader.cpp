#include "policy/policy_loader.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "policy/calendar_loader.h"
#include "policy/channel_loader.h"
#include "policy/customer_updates_loader.h"
#include "policy/intake_loader.h"
#include "policy/operations_loader.h"
#include "policy/organisation_loader.h"
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
      {"quiet_hours", LoadQuietHours},      {"intake", LoadIntake},
      {"customer_updates", LoadCustomerUpdates}};
  for (const auto& [name, loader] : kLoaders) {
    if (name == section) return loader;
  }
  return [](const YAML::Node&, YamlContext&, core::Policy&) {};
}

// Sections that may appear once in the whole policy (the others merge across files).
bool IsSingleton(const std::string& section) {
  return section == "priorities" || section == "routing" || section == "quiet_hours" ||
         section == "intake" || section == "customer_updates";
}

class Loader {
 public:
  Loader(Diagnostics& problems, core::Policy& policy) : build_(problems), policy_(policy) {}

  // Loads one file's text: its includes first (depth first, in order), then its sections.
  void Load(std::string_view yaml, const std::string& file_name,
            const std::filesystem::path& base_dir) {
    Digest(yaml);
    YamlContext ctx(file_name, base_dir, build_);
    YAML::Node root;
    try {
      root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
      ctx.Report(e.mark.line + 1, e.mark.column + 1, fmt::format("YAML syntax: {}", e.msg));
      return;
    }
    if (!root.IsMap()) {
      ctx.Report(1, 1, fmt::format("a policy must be a map with a calendars: section, got {}",
                                   Describe(root)));
      return;
    }
    if (const YAML::Node includes = root["include"]) LoadIncludes(includes, ctx);
    ctx.ForEachEntry(root, "the policy",
                     {"include", "calendars", "priorities", "categories", "levels", "teams", "sla",
                      "escalation_paths", "notifications", "triggers", "oncall", "routing",
                      "limits", "quiet_hours", "intake", "customer_updates"},
                     [&](const YAML::Node& key, const YAML::Node& value) {
                       const std::string& section = key.Scalar();
                       if (section == "include") return;
                       if (IsSingleton(section) && !ctx.Define("section", section, key)) return;
                       SectionLoader(section)(value, ctx, policy_);
                     });
  }

  // The root file's identity, so that a file including it is reported as a cycle.
  void EnterRoot(const std::filesystem::path& path) {
    std::error_code error;
    const auto canonical = std::filesystem::weakly_canonical(path, error);
    stack_.push_back(error ? path.string() : canonical.string());
  }

  // Checks that need every file: references, staffing, paths, the calendars section.
  void Finish(const std::string& file_name, const std::filesystem::path& base_dir) {
    YamlContext ctx(file_name, base_dir, build_);
    if (build_.out.empty() && policy_.calendars.empty()) {
      ctx.Report(1, 1, "the policy has no calendars: section");
    }
    CheckReferences(ctx, policy_);
    CheckLevelsStaffed(ctx, policy_);
    CheckEscalationPaths(ctx, policy_);
    policy_.version = fmt::format("{:016x}", digest_);
  }

 private:
  void LoadIncludes(const YAML::Node& includes, YamlContext& ctx) {
    auto files = ctx.TextList(includes, "include");
    if (!files) return;
    std::size_t i = 0;
    for (const auto& item : includes) {
      const std::filesystem::path path = ctx.base_dir() / (*files)[i++];
      std::error_code error;
      const std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
      const std::string key = error ? path.string() : canonical.string();
      if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
        ctx.Report(item, fmt::format("include cycle: \"{}\" is already being read", item.Scalar()));
        continue;
      }
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        ctx.Report(item, fmt::format("cannot read included file \"{}\" (looked at {})",
                                     item.Scalar(), path.string()));
        continue;
      }
      std::stringstream text;
      text << in.rdbuf();
      stack_.push_back(key);
      Load(text.str(), path.string(), path.parent_path());
      stack_.pop_back();
    }
  }

  // FNV-1a over the text of every file read, in reading order: the policy's version.
  void Digest(std::string_view text) {
    for (unsigned char c : text) {
      digest_ ^= c;
      digest_ *= 0x100000001b3ULL;
    }
    digest_ ^= 0xff;  // a file boundary
    digest_ *= 0x100000001b3ULL;
  }

  PolicyBuild build_;
  core::Policy& policy_;
  std::uint64_t digest_ = 0xcbf29ce484222325ULL;
  std::vector<std::string> stack_;  // files being read, root first
};

}  // namespace

std::expected<core::Policy, Diagnostics> LoadPolicyText(std::string_view yaml,
                                                        const std::string& file_name,
                                                        const std::filesystem::path& base_dir) {
  Diagnostics problems;
  core::Policy policy;
  Loader loader(problems, policy);
  loader.EnterRoot(base_dir / std::filesystem::path(file_name).filename());
  loader.Load(yaml, file_name, base_dir);
  loader.Finish(file_name, base_dir);
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
