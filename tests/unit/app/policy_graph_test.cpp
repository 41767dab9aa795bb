// Tests of the escalation flowchart (DOT) drawn from a policy.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/policy_graph.h"
#include "policy/policy_loader.h"

namespace esc::app {
namespace {

core::Policy Saas() {
  auto policy = policy::LoadPolicyFile(std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" /
                                       "saas-support.yaml");
  EXPECT_TRUE(policy.has_value());
  return std::move(*policy);
}

bool Has(const std::string& dot, const std::string& text) {
  return dot.find(text) != std::string::npos;
}

TEST(PolicyGraph, DrawsEveryPathStepWithItsTimeInsideItsLevel) {
  const std::string dot = RenderPolicyGraph(Saas());
  EXPECT_TRUE(dot.starts_with("digraph escalation {"));
  EXPECT_TRUE(Has(dot, "label=\"L2 · Product specialists\""));
  EXPECT_TRUE(Has(dot, "\"start_technical\" -> \"team_frontline\";"));
  EXPECT_TRUE(Has(dot, "\"team_frontline\" -> \"team_product-specialists\" [label=\"technical: after 2h\"];"));
  EXPECT_TRUE(Has(dot, "\"team_billing-specialists\" -> \"team_management\" [label=\"billing: after 8h\"];"));
  EXPECT_TRUE(Has(dot, "\"team_frontline\" -> \"team_legal-counsel\" [label=\"legal: after 1h\"];"));
}

TEST(PolicyGraph, DrawsEscalatingTriggersWithTheirConditions) {
  const std::string dot = RenderPolicyGraph(Saas());
  EXPECT_TRUE(Has(dot, "\"trigger_resolution-breached-4h\" [label=\"resolution-breached-4h\\nresolution +4h\""));
  EXPECT_TRUE(Has(dot, "\"trigger_resolution-breached-4h\" -> \"level_L3\" [style=dashed"));
  EXPECT_TRUE(Has(dot, "\"trigger_first-response-breached\" -> \"next_level\""));
  EXPECT_TRUE(Has(dot, "words: lawyer, lawsuit, sue, court, gdpr"));
  // Triggers that only notify are not escalation edges.
  EXPECT_FALSE(Has(dot, "trigger_first-response-at-risk"));
}

TEST(PolicyGraph, CategoryShowsOnlyItsPath) {
  const std::string dot = RenderPolicyGraph(Saas(), "billing");
  EXPECT_TRUE(Has(dot, "\"start_billing\""));
  EXPECT_FALSE(Has(dot, "\"start_technical\""));
  EXPECT_FALSE(Has(dot, "technical: after 2h"));
}

TEST(PolicyGraph, QuotesNamesSafely) {
  core::Policy policy = Saas();
  policy.teams.front().name = "Front \"line\" \\ desk";
  const std::string dot = RenderPolicyGraph(policy);
  EXPECT_TRUE(Has(dot, "[label=\"Front \\\"line\\\" \\\\ desk\"]"));
}

}  // namespace
}  // namespace esc::app
