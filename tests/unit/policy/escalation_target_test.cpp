// Tests of where escalations go and which manual ones are allowed, on the SaaS example
// policy (paths: technical frontline -> product-specialists -> engineering; legal
// frontline -> legal-counsel; billing frontline -> billing-specialists -> management).
#include <gtest/gtest.h>

#include <filesystem>

#include "core/engine/escalation_target.h"
#include "policy/policy_loader.h"

namespace esc::core {
namespace {

class EscalationTargetTest : public ::testing::Test {
 protected:
  EscalationTargetTest() {
    auto loaded = policy::LoadPolicyFile(std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" /
                                         "saas-support.yaml");
    EXPECT_TRUE(loaded.has_value());
    policy_ = std::move(*loaded);
  }
  Result<EscalationTarget> Resolve(const std::string& category, const std::string& team,
                                   EscalateAction action) {
    return ResolveEscalation(policy_, category, team, action);
  }
  Result<EscalationTarget> Manual(const std::string& category, const std::string& team,
                                  const std::string& actor_level, EscalateAction action,
                                  std::string reason = "customer is blocked") {
    return CheckManualEscalation(policy_, category, team,
                                 ManualEscalation{actor_level, std::move(reason), action});
  }
  Policy policy_;
};

TEST_F(EscalationTargetTest, NextLevelFollowsTheCategorysPath) {
  auto l2 = Resolve("technical", "frontline", EscalateAction{});
  ASSERT_TRUE(l2.has_value());
  EXPECT_EQ(l2->type, EscalationType::kHierarchical);
  EXPECT_EQ(l2->team, "product-specialists");
  EXPECT_EQ(l2->level, "L2");
  EXPECT_EQ(Resolve("technical", "product-specialists", EscalateAction{})->team, "engineering");
  EXPECT_EQ(Resolve("billing", "billing-specialists", EscalateAction{})->team, "management");
  // The legal path skips L2: the next level up on it is legal counsel at L3.
  EXPECT_EQ(Resolve("legal", "frontline", EscalateAction{})->team, "legal-counsel");
}

TEST_F(EscalationTargetTest, NextLevelAtTheTopIsAConflict) {
  auto top = Resolve("technical", "engineering", EscalateAction{});
  ASSERT_FALSE(top.has_value());
  EXPECT_EQ(top.error().code, ErrorCode::kConflict);
}

TEST_F(EscalationTargetTest, MovesAreClassifiedByLevel) {
  const auto across = Resolve("billing", "billing-specialists",
                              EscalateAction{EscalationKind::kToTeam, "product-specialists"});
  EXPECT_EQ(across->type, EscalationType::kFunctional);
  const auto down = Resolve("technical", "engineering",
                            EscalateAction{EscalationKind::kToTeam, "frontline"});
  EXPECT_EQ(down->type, EscalationType::kDeescalation);
  const auto to_level = Resolve("technical", "frontline", EscalateAction{EscalationKind::kToLevel, "L3"});
  EXPECT_EQ(to_level->type, EscalationType::kHierarchical);
  EXPECT_EQ(to_level->team, "engineering");  // the path's team at L3
  EXPECT_EQ(Resolve("technical", "nobody", EscalateAction{}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Resolve("technical", "frontline", EscalateAction{EscalationKind::kToLevel, "L9"})
                .error()
                .code,
            ErrorCode::kNotFound);
}

TEST_F(EscalationTargetTest, ManualEscalationNeedsAReason) {
  auto none = Manual("technical", "frontline", "L1", EscalateAction{}, "  ");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(none.error().where, "reason");
  EXPECT_TRUE(Manual("technical", "frontline", "L1", EscalateAction{}).has_value());
}

TEST_F(EscalationTargetTest, SkippingALevelNeedsManagementAuthority) {
  const EscalateAction to_l3{EscalationKind::kToLevel, "L3"};
  auto agent = Manual("technical", "frontline", "L1", to_l3);
  ASSERT_FALSE(agent.has_value());
  EXPECT_EQ(agent.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(Manual("technical", "frontline", "L3", to_l3).has_value());
  // To the next level itself, by name, is fine for anyone.
  EXPECT_TRUE(Manual("technical", "frontline", "L1", EscalateAction{EscalationKind::kToLevel, "L2"})
                  .has_value());
}

TEST_F(EscalationTargetTest, DeescalationNeedsAuthority) {
  const EscalateAction down{EscalationKind::kToTeam, "frontline"};
  EXPECT_EQ(Manual("technical", "product-specialists", "L1", down).error().code,
            ErrorCode::kForbidden);
  EXPECT_TRUE(Manual("technical", "product-specialists", "L2", down).has_value());
}

TEST_F(EscalationTargetTest, FunctionalMovesGoToTeamsThatHandleTheCategory) {
  auto wrong = Manual("technical", "billing-specialists", "L2",
                      EscalateAction{EscalationKind::kToTeam, "billing-specialists"});
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(Manual("technical", "billing-specialists", "L2",
                     EscalateAction{EscalationKind::kToTeam, "product-specialists"})
                  .has_value());
}

}  // namespace
}  // namespace esc::core
