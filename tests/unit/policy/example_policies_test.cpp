// Every example policy shipped in examples/ must pass the checker, and the complete
// examples must use every section, so the documentation's examples stay true.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/rfc3339.h"
#include "core/simulation/sample_history.h"
#include "core/simulation/simulator.h"
#include "policy/policy_loader.h"

namespace esc::policy {
namespace {

class ExamplePolicy : public ::testing::TestWithParam<const char*> {};

TEST_P(ExamplePolicy, PassesTheCheck) {
  const std::filesystem::path path =
      std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" / GetParam();
  auto policy = LoadPolicyFile(path);
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  EXPECT_FALSE(policy->calendars.empty());
}

// ... and simulates: 1,000 sampled tickets replay without error, every one is counted,
// and the complete examples escalate some of them.
TEST_P(ExamplePolicy, Simulates) {
  const std::filesystem::path path =
      std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" / GetParam();
  auto policy = LoadPolicyFile(path);
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  core::SampleOptions options;
  options.seed = 11;
  options.start = core::ToInstant(core::ParseDateTime("2026-02-02T00:00:00Z").value());
  core::HistorySampler sampler(*policy, options);
  core::Simulator simulator(*policy);
  for (int i = 0; i < 1000; ++i) {
    auto added = simulator.Add(sampler.Next());
    ASSERT_TRUE(added.has_value()) << added.error().message;
  }
  ASSERT_TRUE(simulator.Finish().has_value());
  const core::SimulationReport& report = simulator.report();
  EXPECT_EQ(report.tickets, 1000);
  EXPECT_EQ(report.time_to_resolve.count + report.unresolved, 1000);
  if (std::string_view(GetParam()) != "policy.yaml") {
    EXPECT_GT(report.escalations, 0);
    EXPECT_GT(report.decisions, report.escalations);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, ExamplePolicy,
                         ::testing::Values("policy.yaml", "saas-support.yaml",
                                           "itil-service-desk.yaml"));

TEST(ExamplePolicies, CompleteExamplesUseEverySection) {
  for (const char* name : {"saas-support.yaml", "itil-service-desk.yaml"}) {
    auto policy = LoadPolicyFile(std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" / name);
    ASSERT_TRUE(policy.has_value()) << name;
    EXPECT_GE(policy->priorities.order.size(), 4u) << name;
    EXPECT_GE(policy->levels.size(), 3u) << name;
    EXPECT_GE(policy->teams.size(), 5u) << name;
    EXPECT_GE(policy->sla.size(), 3u) << name;
    EXPECT_GE(policy->paths.size(), 3u) << name;
    EXPECT_GE(policy->channels.size(), 2u) << name;
    EXPECT_GE(policy->triggers.size(), 5u) << name;
  }
}

TEST(ExamplePolicies, ItilMatrixDerivesPriorityFromImpactAndUrgency) {
  auto policy = LoadPolicyFile(std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" /
                               "itil-service-desk.yaml");
  ASSERT_TRUE(policy.has_value());
  EXPECT_EQ(policy->priorities.Derive("enterprise", "critical").value(), "P1");
  EXPECT_EQ(policy->priorities.Derive("user", "low").value(), "P5");
  EXPECT_EQ(core::SelectSlaPolicy(policy->sla, {"", "P1", "network", "phone"})->name, "p1");
  EXPECT_EQ(core::SelectSlaPolicy(policy->sla, {"", "P5", "hardware", "email"})->name, "p4-p5");
  EXPECT_TRUE(policy->FindTeam("hardware-vendor")->external);
}

}  // namespace
}  // namespace esc::policy
