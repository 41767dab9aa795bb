// Runs the data-driven calendar cases of tests/data/calendar_cases.yaml: calendars in a
// small format of this file's own (the policy loader is not available to core tests) and
// cases checking Add or Elapsed. Each case is one test named after its calendar and line;
// a failure prints the file position and the case's `why`.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/calendar/calendar.h"
#include "core/rfc3339.h"
#include "unit/core/calendar_test_util.h"

namespace esc::core {
namespace {

constexpr const char* kFile = ESCALATOR_SOURCE_DIR "/tests/data/calendar_cases.yaml";

struct Case {
  std::string calendar;
  int line = 0;
  std::string why;
  CalendarSpec spec;
  std::string start;
  std::optional<std::int64_t> duration_seconds;  // an Add case
  std::string due;
  std::string end;  // an Elapsed case
  std::int64_t elapsed_seconds = 0;
  std::string load_error;  // set on the single placeholder case of a file that failed to load
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.calendar << " line " << c.line; }

std::runtime_error Bad(const YAML::Node& node, const std::string& message) {
  return std::runtime_error(std::string(kFile) + ":" + std::to_string(node.Mark().line + 1) + ": " +
                            message);
}

void CheckKeys(const YAML::Node& node, const std::set<std::string>& allowed) {
  if (!node.IsMap()) throw Bad(node, "expected a mapping");
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    if (!allowed.contains(key)) throw Bad(kv.first, "unknown key \"" + key + "\"");
  }
}

DayHours Intervals(const YAML::Node& list) {
  DayHours out;
  for (const auto& item : list) {
    auto iv = ParseLocalInterval(item.as<std::string>());
    if (!iv) throw Bad(item, iv.error().message);
    out.push_back(*iv);
  }
  return out;
}

date::sys_days Date(const YAML::Node& node) {
  auto ymd = ParseDate(node.as<std::string>());
  if (!ymd) throw Bad(node, ymd.error().message);
  return date::sys_days{*ymd};
}

void CheckInstant(const YAML::Node& node) {
  auto parsed = ParseDateTime(node.as<std::string>());
  if (!parsed) throw Bad(node, parsed.error().message);
  if (!parsed->utc_offset) throw Bad(node, "an instant needs an offset");
}

CalendarSpec SpecOf(const std::string& name, const YAML::Node& node) {
  CheckKeys(node, {"timezone", "hours", "holidays", "special_days"});
  testing::WeeklyText weekly;
  for (const auto& kv : node["hours"]) {
    Intervals(kv.second);  // validates the text with a file position
    std::vector<std::string> texts;
    for (const auto& item : kv.second) texts.push_back(item.as<std::string>());
    weekly.emplace_back(kv.first.as<std::string>(), texts);
  }
  CalendarSpec spec = testing::Spec(node["timezone"].as<std::string>(), weekly);
  spec.id = name;
  for (const auto& day : node["holidays"]) spec.date_hours[Date(day)] = {};
  for (const auto& kv : node["special_days"])
    spec.date_hours[Date(kv.first)] = Intervals(kv.second);
  return spec;
}

Case CaseOf(const std::string& calendar, const CalendarSpec& spec, const YAML::Node& node) {
  CheckKeys(node, {"why", "start", "minutes", "seconds", "due", "end", "elapsed_seconds"});
  Case c;
  c.calendar = calendar;
  c.line = node.Mark().line + 1;
  c.spec = spec;
  if (!node["why"] || !node["start"]) throw Bad(node, "a case needs `why` and `start`");
  c.why = node["why"].as<std::string>();
  CheckInstant(node["start"]);
  c.start = node["start"].as<std::string>();
  const bool add = node["due"] && (node["minutes"] || node["seconds"]);
  const bool elapsed = node["end"] && node["elapsed_seconds"];
  if (add == elapsed || (node["minutes"] && node["seconds"])) {
    throw Bad(node, "a case has either minutes|seconds and due, or end and elapsed_seconds");
  }
  if (add) {
    CheckInstant(node["due"]);
    c.due = node["due"].as<std::string>();
    c.duration_seconds = node["minutes"] ? node["minutes"].as<std::int64_t>() * 60
                                         : node["seconds"].as<std::int64_t>();
  } else {
    CheckInstant(node["end"]);
    c.end = node["end"].as<std::string>();
    c.elapsed_seconds = node["elapsed_seconds"].as<std::int64_t>();
  }
  return c;
}

std::vector<Case> LoadCases() {
  try {
    const YAML::Node root = YAML::LoadFile(kFile);
    CheckKeys(root, {"calendars", "cases"});
    std::map<std::string, CalendarSpec> specs;
    for (const auto& kv : root["calendars"]) {
      const auto name = kv.first.as<std::string>();
      specs.emplace(name, SpecOf(name, kv.second));
    }
    std::vector<Case> cases;
    for (const auto& kv : root["cases"]) {
      const auto name = kv.first.as<std::string>();
      const auto spec = specs.find(name);
      if (spec == specs.end()) throw Bad(kv.first, "unknown calendar \"" + name + "\"");
      for (const auto& item : kv.second) cases.push_back(CaseOf(name, spec->second, item));
    }
    return cases;
  } catch (const std::exception& e) {
    Case failed;
    failed.calendar = "file";
    failed.load_error = e.what();
    return {failed};
  }
}

const std::vector<Case>& AllCases() {
  static const std::vector<Case> cases = LoadCases();
  return cases;
}

class CalendarCase : public ::testing::TestWithParam<Case> {};

TEST_P(CalendarCase, Holds) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.load_error.empty()) << c.load_error;
  SCOPED_TRACE(std::string(kFile) + ":" + std::to_string(c.line) + ": " + c.why);
  auto calendar = Calendar::Create(c.spec);
  ASSERT_TRUE(calendar.has_value()) << calendar.error().ToString();
  if (c.duration_seconds) {
    const auto due = calendar->Add(testing::At(c.start), Seconds{*c.duration_seconds});
    EXPECT_EQ(testing::Text(due), testing::Z(c.due)) << "start " << c.start;
    return;
  }
  const auto elapsed = calendar->Elapsed(testing::At(c.start), testing::At(c.end));
  ASSERT_TRUE(elapsed.has_value()) << elapsed.error().ToString();
  EXPECT_EQ(elapsed->count(), c.elapsed_seconds) << c.start << " to " << c.end;
}

TEST(CalendarCasesFile, HoldsAtLeastSixtyCasesOfBothKinds) {
  ASSERT_TRUE(AllCases().front().load_error.empty()) << AllCases().front().load_error;
  EXPECT_GE(AllCases().size(), 60u);
  const auto adds = std::count_if(AllCases().begin(), AllCases().end(),
                                  [](const Case& c) { return c.duration_seconds.has_value(); });
  EXPECT_GT(adds, 0);
  EXPECT_LT(adds, static_cast<std::ptrdiff_t>(AllCases().size()));
}

INSTANTIATE_TEST_SUITE_P(File, CalendarCase, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           std::string name = param.param.calendar;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name + "_line_" + std::to_string(param.param.line);
                         });

}  // namespace
}  // namespace esc::core
