#include "policy/priorities_loader.h"

#include <algorithm>

#include <fmt/format.h>

namespace esc::policy {
namespace {

bool Known(const std::vector<std::string>& order, const std::string& name) {
  return std::find(order.begin(), order.end(), name) != order.end();
}

void LoadMatrix(const YAML::Node& node, YamlContext& ctx, core::PriorityScheme& scheme) {
  bool first_row = true;
  ctx.ForEachEntry(node, "the priority matrix (impact -> urgency -> priority)", {},
                   [&](const YAML::Node& impact_key, const YAML::Node& row) {
    const std::string impact = impact_key.Scalar();
    scheme.impacts.push_back(impact);
    std::vector<std::string> urgencies;
    ctx.ForEachEntry(row, fmt::format("impact \"{}\" (urgency -> priority)", impact), {},
                     [&](const YAML::Node& urgency_key, const YAML::Node& cell) {
      const std::string urgency = urgency_key.Scalar();
      urgencies.push_back(urgency);
      auto priority = ctx.Text(cell, "a priority");
      if (!priority) return;
      if (!Known(scheme.order, *priority)) {
        ctx.Report(cell, fmt::format("unknown priority \"{}\": expected one of {}", *priority,
                                     fmt::join(scheme.order, ", ")));
        return;
      }
      scheme.matrix[{impact, urgency}] = *priority;
    });
    if (!row.IsMap()) return;
    if (first_row) {
      first_row = false;
      scheme.urgencies = urgencies;
      return;
    }
    for (const auto& u : scheme.urgencies) {
      if (!Known(urgencies, u)) {
        ctx.Report(impact_key, fmt::format("impact \"{}\" has no priority for urgency \"{}\": "
                                           "every row needs the same urgencies ({})",
                                           impact, u, fmt::join(scheme.urgencies, ", ")));
      }
    }
    for (const auto& u : urgencies) {
      if (!Known(scheme.urgencies, u)) {
        ctx.Report(impact_key, fmt::format("impact \"{}\" has urgency \"{}\" that the first row "
                                           "lacks: every row needs the same urgencies ({})",
                                           impact, u, fmt::join(scheme.urgencies, ", ")));
      }
    }
  });
}

}  // namespace

void LoadPriorities(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  core::PriorityScheme& scheme = policy.priorities;
  if (!section.IsMap()) {
    ctx.Report(section, fmt::format("priorities must be a map with order, default and matrix, "
                                    "got {}",
                                    Describe(section)));
    return;
  }
  // `order` is needed to check the other keys, so read it first whatever the key order.
  const YAML::Node order = section["order"];
  if (!order) {
    ctx.Report(section, "priorities needs order: the priority names, most urgent first");
    return;
  }
  if (auto names = ctx.TextList(order, "priorities.order")) {
    if (names->empty()) ctx.Report(order, "priorities.order needs at least one priority");
    scheme.order = *names;
  }
  ctx.ForEachEntry(section, "priorities", {"order", "default", "matrix"},
                   [&](const YAML::Node& key, const YAML::Node& value) {
    if (key.Scalar() == "default") {
      auto name = ctx.Text(value, "priorities.default");
      if (name && !Known(scheme.order, *name)) {
        ctx.Report(value, fmt::format("unknown priority \"{}\": expected one of {}", *name,
                                      fmt::join(scheme.order, ", ")));
      } else if (name) {
        scheme.default_priority = *name;
      }
    } else if (key.Scalar() == "matrix") {
      LoadMatrix(value, ctx, scheme);
    }
  });
}

}  // namespace esc::policy
