// Tests of the priorities, categories, levels and teams sections of a policy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "policy/policy_loader.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using test_support::ProblemLines;

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kCalendars = R"(calendars:
  ny: {timezone: America/New_York, hours: {mon: ["09:00-17:00"]}}
)";

constexpr const char* kOrganisation = R"(priorities:
  order: [critical, high, medium, low]
  default: medium
  matrix:
    high:   {high: critical, medium: high, low: medium}
    medium: {high: high, medium: medium, low: low}
    low:    {high: medium, medium: low, low: low}
categories:
  technical: {name: Technical, keywords: [error, crash]}
  billing: {keywords: [invoice, refund]}
levels:
  L1: {name: Frontline, authority: {refund_limit: 100}}
  L2: {name: Specialists, authority: {refund_limit: 1000, may_approve: true}}
teams:
  frontline: {level: L1, skills: [technical, billing], members: [alice, bob], lead: alice, calendar: ny}
  vendor: {name: Acme Vendor, level: L2, skills: [technical], members: [dave], external: true}
)";

TEST(OrganisationLoader, LoadsPrioritiesCategoriesLevelsAndTeams) {
  auto policy = LoadPolicyText(std::string(kCalendars) + kOrganisation, "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  EXPECT_THAT(policy->priorities.order, ElementsAre("critical", "high", "medium", "low"));
  EXPECT_EQ(policy->priorities.default_priority, "medium");
  EXPECT_EQ(policy->priorities.Derive("high", "high").value(), "critical");
  EXPECT_EQ(policy->priorities.Derive("medium", "low").value(), "low");
  EXPECT_EQ(policy->priorities.Rank("high"), 1);
  EXPECT_FALSE(policy->priorities.Derive("huge", "high").has_value());

  ASSERT_EQ(policy->categories.size(), 2u);
  EXPECT_EQ(policy->categories[0].name, "Technical");
  EXPECT_EQ(policy->categories[1].name, "billing");  // defaults to the id
  EXPECT_THAT(policy->categories[1].keywords, ElementsAre("invoice", "refund"));

  ASSERT_EQ(policy->levels.size(), 2u);
  EXPECT_EQ(policy->levels[1].rank, 1);
  EXPECT_EQ(policy->levels[1].authority.refund_limit, 1000);
  EXPECT_TRUE(policy->levels[1].authority.may_approve);
  EXPECT_FALSE(policy->levels[0].authority.may_approve);

  const core::Team* frontline = policy->FindTeam("frontline");
  ASSERT_NE(frontline, nullptr);
  EXPECT_EQ(frontline->level, "L1");
  EXPECT_EQ(frontline->lead, "alice");
  EXPECT_EQ(frontline->calendar, "ny");
  EXPECT_TRUE(policy->FindTeam("vendor")->external);
  EXPECT_EQ(policy->FindTeam("vendor")->name, "Acme Vendor");
}

TEST(OrganisationLoader, SectionsMayComeInAnyOrder) {
  auto policy = LoadPolicyText(std::string(kOrganisation) + kCalendars, "p.yaml", ".");
  EXPECT_TRUE(policy.has_value());
}

TEST(OrganisationLoader, UnknownPriorityInMatrixIsReportedAtTheCell) {
  const std::string yaml = std::string(kCalendars) + R"(priorities:
  order: [high, low]
  matrix:
    high: {high: high, low: lowest}
    low: {high: low, low: low}
)";
  EXPECT_THAT(ProblemLines(yaml),
              ElementsAre("p.yaml:6:29: unknown priority \"lowest\": expected one of high, low"));
}

TEST(OrganisationLoader, MatrixRowsMustShareTheirUrgencies) {
  const std::string yaml = std::string(kCalendars) + R"(priorities:
  order: [high, low]
  matrix:
    high: {high: high, low: low}
    low: {high: low}
)";
  EXPECT_THAT(ProblemLines(yaml),
              ElementsAre("p.yaml:7:5: impact \"low\" has no priority for urgency \"low\": every "
                          "row needs the same urgencies (high, low)"));
}

TEST(OrganisationLoader, PrioritiesNeedAnOrderAndAKnownDefault) {
  EXPECT_THAT(ProblemLines(std::string(kCalendars) + "priorities:\n  default: high\n"),
              ElementsAre(HasSubstr("p.yaml:4:3: priorities needs order")));
  EXPECT_THAT(ProblemLines(std::string(kCalendars) + "priorities:\n  order: [a]\n  default: b\n"),
              ElementsAre("p.yaml:5:12: unknown priority \"b\": expected one of a"));
}

TEST(OrganisationLoader, UndefinedReferencesNameWhatIsDefined) {
  const std::string yaml = std::string(kCalendars) + R"(categories:
  technical: {}
levels:
  L1: {}
teams:
  t: {level: L9, skills: [technical, biling], members: [a], calendar: nyc}
)";
  EXPECT_THAT(
      ProblemLines(yaml),
      ElementsAre(
          "p.yaml:8:14: team \"t\" refers to an undefined level \"L9\": expected one of L1",
          "p.yaml:8:38: team \"t\" skills refers to an undefined category \"biling\": expected "
          "one of technical",
          "p.yaml:8:71: team \"t\" refers to an undefined calendar \"nyc\": expected one of ny",
          "p.yaml:6:3: level \"L1\" has no team: escalations to it could not be received (give "
          "a team level: L1)"));
}

TEST(OrganisationLoader, TeamRulesAreChecked) {
  const std::string yaml = std::string(kCalendars) + R"(levels:
  L1: {authority: {refund_limit: -5, may_approve: maybe}}
teams:
  t: {level: L1, members: [a, a], lead: b}
  u: {members: [c], colour: red}
)";
  EXPECT_THAT(
      ProblemLines(yaml),
      ElementsAre(
          "p.yaml:4:34: refund_limit must not be negative",
          "p.yaml:4:51: may_approve must be true or false, got \"maybe\"",
          "p.yaml:6:31: \"a\" appears twice in members",
          "p.yaml:6:41: the lead \"b\" of team \"t\" is not one of its members",
          "p.yaml:7:21: unknown key \"colour\" in team \"u\": expected one of name, level, skills, "
          "members, lead, manager, calendar, external",
          "p.yaml:7:3: team \"u\" needs a level (one of the levels: keys)"));
}

TEST(OrganisationLoader, UnknownTopLevelSectionIsAnError) {
  EXPECT_THAT(ProblemLines(std::string(kCalendars) + "team:\n  x: {}\n"),
              ElementsAre(HasSubstr("p.yaml:3:1: unknown key \"team\" in the policy")));
}

}  // namespace
}  // namespace esc::policy
