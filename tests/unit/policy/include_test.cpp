// Tests of policies split over several files with `include:`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "policy/policy_loader.h"
#include "support/scratch_dir.h"

namespace esc::policy {
namespace {

using ::esc::test_support::ScratchDir;
using ::esc::test_support::WriteFile;
using ::testing::ElementsAre;

std::vector<std::string> Problems(const std::filesystem::path& file) {
  auto loaded = LoadPolicyFile(file);
  std::vector<std::string> out;
  if (!loaded) {
    for (const auto& p : loaded.error()) {
      // Paths relative to the scratch folder keep the expectations short.
      std::string line = p.ToString();
      const std::string prefix = file.parent_path().string() + "/";
      if (line.rfind(prefix, 0) == 0) line.erase(0, prefix.size());
      out.push_back(line);
    }
  }
  return out;
}

TEST(Include, SectionsFromIncludedFilesMerge) {
  ScratchDir dir;
  WriteFile(dir / "calendars.yaml", "calendars:\n  office: {hours: {mon: [\"09:00-17:00\"]}}\n");
  std::filesystem::create_directories(dir / "org");
  WriteFile(dir / "org" / "teams.yaml",
            "levels: {L1: {}, L2: {}}\n"
            "teams:\n  desk: {level: L1, calendar: office}\n  experts: {level: L2}\n");
  WriteFile(dir / "policy.yaml",
            "include: [calendars.yaml, org/teams.yaml]\n"
            "calendars:\n  always: {hours: 24/7}\n"
            "escalation_paths:\n  default: [{team: desk, time: 1h}, {team: experts}]\n");
  auto policy = LoadPolicyFile(dir / "policy.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  EXPECT_NE(policy->FindCalendar("office"), nullptr);
  EXPECT_NE(policy->FindCalendar("always"), nullptr);
  ASSERT_EQ(policy->levels.size(), 2u);
  EXPECT_EQ(policy->FindTeam("desk")->calendar, "office");
  EXPECT_EQ(policy->PathFor("any")->steps.size(), 2u);
}

TEST(Include, ProblemsAreReportedInTheFileTheyAreIn) {
  ScratchDir dir;
  WriteFile(dir / "base.yaml",
            "calendars:\n  office: {hours: {mon: [\"9-17\"]}}\n"
            "priorities: {order: [high, low]}\n");
  WriteFile(dir / "policy.yaml",
            "include: [base.yaml, missing.yaml]\n"
            "calendars:\n  office: {hours: 24/7}\n"
            "priorities: {order: [p1]}\n"
            "teams:\n  desk: {level: L1}\n");
  EXPECT_THAT(
      Problems(dir / "policy.yaml"),
      ElementsAre(
          "base.yaml:2:26: malformed interval \"9-17\": expected \"HH:MM-HH:MM\" with hours 00-23 "
          "(24:00 allowed as an end) and minutes 00-59",
          "policy.yaml:1:22: cannot read included file \"missing.yaml\" (looked at " +
              (dir / "missing.yaml").string() + ")",
          "policy.yaml:3:3: calendar \"office\" is defined twice (first at " +
              (dir / "base.yaml").string() + ":2:3)",
          "policy.yaml:4:1: section \"priorities\" is defined twice (first at " +
              (dir / "base.yaml").string() + ":3:1)",
          "policy.yaml:6:17: team \"desk\" refers to an undefined level \"L1\": expected one of "
          "(none defined)"));
}

TEST(Include, CyclesAreRefused) {
  ScratchDir dir;
  WriteFile(dir / "a.yaml", "include: [b.yaml]\ncalendars:\n  x: {hours: 24/7}\n");
  WriteFile(dir / "b.yaml", "include: [a.yaml]\n");
  EXPECT_THAT(Problems(dir / "a.yaml"),
              ElementsAre("b.yaml:1:11: include cycle: \"a.yaml\" is already being read"));
}

}  // namespace
}  // namespace esc::policy
