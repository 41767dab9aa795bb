// Shared helpers for reading a policy's YAML: positions of nodes as FILE:LINE:COL,
// collection of diagnostics, and strict map walking (unknown and duplicate keys are
// reported with their position). yaml-cpp gives no position for a missing key, so
// callers pass the enclosing node instead.
#pragma once

#include <filesystem>
#include <chrono>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "policy/diagnostics.h"

namespace esc::policy {

class YamlContext {
 public:
  YamlContext(std::string file, std::filesystem::path base_dir, Diagnostics& out)
      : file_(std::move(file)), base_dir_(std::move(base_dir)), out_(out) {}

  void Report(const YAML::Node& at, std::string message);
  void Report(int line, int column, std::string message);
  void ReportIn(const std::string& file, int line, int column, std::string message);

  // Calls `visit(key_node, value_node)` for each entry of a map. Keys outside `allowed`
  // and repeated keys are reported. Returns false (after reporting) if `node` is not a map.
  bool ForEachEntry(const YAML::Node& node, std::string_view what,
                    std::initializer_list<std::string_view> allowed,
                    const std::function<void(const YAML::Node&, const YAML::Node&)>& visit);

  // Typed scalar readers: report "<what> must be ..." at the node and return nullopt.
  std::optional<std::string> Text(const YAML::Node& node, std::string_view what);
  std::optional<std::vector<std::string>> TextList(const YAML::Node& node, std::string_view what);
  std::optional<bool> Flag(const YAML::Node& node, std::string_view what);
  std::optional<double> Number(const YAML::Node& node, std::string_view what);
  // A positive duration such as "4h" or "1h30m" (see core/duration.h).
  std::optional<std::chrono::seconds> PositiveDuration(const YAML::Node& node,
                                                       std::string_view what);

  // Remembers a reference to something defined elsewhere in the policy (a calendar, a
  // level, ...), to be checked once every section is loaded.
  void Refer(std::string kind, std::string id, const YAML::Node& at, std::string context);
  struct Reference {
    std::string kind;
    std::string id;
    int line = 0;
    int column = 0;
    std::string context;
  };
  const std::vector<Reference>& references() const { return references_; }

  // Records that a `kind` named `id` is defined in the file even when it had problems
  // of its own and was left out of the policy, so references to it are not reported too.
  void Declare(std::string kind, std::string id) {
    declared_.emplace_back(std::move(kind), std::move(id));
  }
  bool IsDeclared(std::string_view kind, std::string_view id) const {
    for (const auto& [k, i] : declared_) {
      if (k == kind && i == id) return true;
    }
    return false;
  }

  const std::string& file() const { return file_; }
  const std::filesystem::path& base_dir() const { return base_dir_; }
  std::size_t problem_count() const { return out_.size(); }

 private:
  std::string file_;
  std::filesystem::path base_dir_;
  Diagnostics& out_;
  std::vector<Reference> references_;
  std::vector<std::pair<std::string, std::string>> declared_;
};

// A short description of a node's kind for messages: "a map", "a list", "\"text\"".
std::string Describe(const YAML::Node& node);

}  // namespace esc::policy
