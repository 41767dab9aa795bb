#include "policy/yaml_context.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace esc::policy {

void YamlContext::Report(const YAML::Node& at, std::string message) {
  const YAML::Mark mark = at.Mark();
  Report(mark.line + 1, mark.column + 1, std::move(message));
}

void YamlContext::Report(int line, int column, std::string message) {
  ReportIn(file_, line, column, std::move(message));
}

void YamlContext::ReportIn(const std::string& file, int line, int column, std::string message) {
  out_.push_back(Diagnostic{file, line > 0 ? line : 0, column > 0 ? column : 0, std::move(message)});
}

bool YamlContext::ForEachEntry(
    const YAML::Node& node, std::string_view what, std::initializer_list<std::string_view> allowed,
    const std::function<void(const YAML::Node&, const YAML::Node&)>& visit) {
  if (!node.IsMap()) {
    Report(node, fmt::format("{} must be a map, got {}", what, Describe(node)));
    return false;
  }
  std::map<std::string, int, std::less<>> seen;
  for (const auto& entry : node) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      Report(key, fmt::format("keys of {} must be plain names, got {}", what, Describe(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    if (auto it = seen.find(name); it != seen.end()) {
      Report(key, fmt::format("duplicate key \"{}\" in {} (first at line {})", name, what, it->second));
      continue;
    }
    seen.emplace(name, key.Mark().line + 1);
    if (allowed.size() > 0 &&
        std::find(allowed.begin(), allowed.end(), std::string_view(name)) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
      Report(key, fmt::format("unknown key \"{}\" in {}: expected one of {}", name, what, list));
      continue;
    }
    visit(key, entry.second);
  }
  return true;
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Undefined: return "nothing";
    case YAML::NodeType::Scalar: return fmt::format("\"{}\"", node.Scalar());
  }
  return "an unknown node";
}

}  // namespace esc::policy
