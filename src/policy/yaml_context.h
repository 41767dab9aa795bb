// Shared helpers for reading a policy's YAML: positions of nodes as FILE:LINE:COL,
// collection of diagnostics, and strict map walking (unknown and duplicate keys are
// reported with their position). yaml-cpp gives no position for a missing key, so
// callers pass the enclosing node instead.
#pragma once

#include <filesystem>
#include <chrono>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "policy/diagnostics.h"

namespace esc::policy {

// A place in a policy file, for diagnostics that are found after the file was read.
struct Place {
  std::string file;
  int line = 0;
  int column = 0;
};

// A reference to something defined elsewhere in the policy (a calendar, a level, ...),
// checked once every file and section is loaded.
struct Reference {
  std::string kind;
  std::string id;
  Place place;
  std::string context;
};

// What the contexts of a policy file and the files it includes share: the problems
// found, the references to check, and where each named thing was defined.
struct PolicyBuild {
  explicit PolicyBuild(Diagnostics& diagnostics) : out(diagnostics) {}
  Diagnostics& out;
  std::vector<Reference> references;
  std::map<std::pair<std::string, std::string>, Place> places;  // (kind, id) -> where
};

class YamlContext {
 public:
  YamlContext(std::string file, std::filesystem::path base_dir, PolicyBuild& build)
      : file_(std::move(file)), base_dir_(std::move(base_dir)), build_(build) {}

  void Report(const YAML::Node& at, std::string message);
  void Report(int line, int column, std::string message);
  void ReportAt(const Place& place, std::string message);

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

  void Refer(std::string kind, std::string id, const YAML::Node& at, std::string context);
  const std::vector<Reference>& references() const { return build_.references; }

  // Records that a `kind` named `id` is defined at `at`, in this file or any other of
  // the policy. Returns false, after reporting where it was first defined, if it already
  // was. Things with problems of their own stay defined, so references to them are not
  // reported as undefined too.
  bool Define(const std::string& kind, const std::string& id, const YAML::Node& at);
  // Records a place without the uniqueness check (e.g. each step of a path).
  void Remember(const std::string& kind, const std::string& id, const YAML::Node& at);
  bool IsDefined(const std::string& kind, const std::string& id) const {
    return build_.places.contains({kind, id});
  }
  std::optional<Place> PlaceOf(const std::string& kind, const std::string& id) const;

  Place PlaceOf(const YAML::Node& node) const;
  const std::string& file() const { return file_; }
  const std::filesystem::path& base_dir() const { return base_dir_; }
  std::size_t problem_count() const { return build_.out.size(); }
  PolicyBuild& build() { return build_; }

 private:
  std::string file_;
  std::filesystem::path base_dir_;
  PolicyBuild& build_;
};

// A short description of a node's kind for messages: "a map", "a list", "\"text\"".
std::string Describe(const YAML::Node& node);

}  // namespace esc::policy
