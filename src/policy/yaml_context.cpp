#include "policy/yaml_context.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "core/duration.h"

namespace esc::policy {

void YamlContext::Report(const YAML::Node& at, std::string message) {
  ReportAt(PlaceOf(at), std::move(message));
}

void YamlContext::Report(int line, int column, std::string message) {
  ReportAt(Place{file_, line, column}, std::move(message));
}

void YamlContext::ReportAt(const Place& place, std::string message) {
  build_.out.push_back(Diagnostic{place.file, place.line > 0 ? place.line : 0,
                                  place.column > 0 ? place.column : 0, std::move(message)});
}

Place YamlContext::PlaceOf(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  return Place{file_, mark.line + 1, mark.column + 1};
}

bool YamlContext::Define(const std::string& kind, const std::string& id, const YAML::Node& at) {
  if (auto first = PlaceOf(kind, id)) {
    Report(at, fmt::format("{} \"{}\" is defined twice (first at {}:{}:{})", kind, id,
                           first->file, first->line, first->column));
    return false;
  }
  Remember(kind, id, at);
  return true;
}

void YamlContext::Remember(const std::string& kind, const std::string& id, const YAML::Node& at) {
  build_.places.emplace(std::make_pair(kind, id), PlaceOf(at));
}

std::optional<Place> YamlContext::PlaceOf(const std::string& kind, const std::string& id) const {
  auto it = build_.places.find({kind, id});
  if (it == build_.places.end()) return std::nullopt;
  return it->second;
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

std::optional<std::string> YamlContext::Text(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) return node.Scalar();
  Report(node, fmt::format("{} must be text, got {}", what, Describe(node)));
  return std::nullopt;
}

std::optional<std::vector<std::string>> YamlContext::TextList(const YAML::Node& node,
                                                             std::string_view what) {
  if (!node.IsSequence()) {
    Report(node, fmt::format("{} must be a list such as [a, b], got {}", what, Describe(node)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      Report(item, fmt::format("items of {} must be text, got {}", what, Describe(item)));
      ok = false;
      continue;
    }
    if (std::find(out.begin(), out.end(), item.Scalar()) != out.end()) {
      Report(item, fmt::format("\"{}\" appears twice in {}", item.Scalar(), what));
      ok = false;
      continue;
    }
    out.push_back(item.Scalar());
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<bool> YamlContext::Flag(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    const std::string& v = node.Scalar();
    if (v == "true" || v == "yes") return true;
    if (v == "false" || v == "no") return false;
  }
  Report(node, fmt::format("{} must be true or false, got {}", what, Describe(node)));
  return std::nullopt;
}

std::optional<double> YamlContext::Number(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    const std::string& v = node.Scalar();
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (!v.empty() && end == v.c_str() + v.size()) return d;
  }
  Report(node, fmt::format("{} must be a number, got {}", what, Describe(node)));
  return std::nullopt;
}

std::optional<std::chrono::seconds> YamlContext::PositiveDuration(const YAML::Node& node,
                                                                  std::string_view what) {
  auto text = Text(node, what);
  if (!text) return std::nullopt;
  auto duration = core::ParseDuration(*text);
  if (!duration) {
    Report(node, duration.error().message);
    return std::nullopt;
  }
  if (*duration <= std::chrono::seconds{0}) {
    Report(node, fmt::format("{} must be longer than 0s", what));
    return std::nullopt;
  }
  return *duration;
}

void YamlContext::Refer(std::string kind, std::string id, const YAML::Node& at,
                        std::string context) {
  build_.references.push_back({std::move(kind), std::move(id), PlaceOf(at), std::move(context)});
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
