// Tests of the `sla:` section: selection order, targets, calendars, pauses, and checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "policy/policy_loader.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using test_support::ProblemLines;

using core::SlaTargetKind;
using std::chrono::hours;
using std::chrono::minutes;
using ::testing::ElementsAre;

constexpr const char* kHead = R"(calendars:
  ny: {timezone: America/New_York, hours: {mon: ["09:00-17:00"], tue: ["09:00-17:00"]}}
  always: {hours: 24/7}
priorities:
  order: [critical, high, low]
categories:
  billing: {}
)";

std::vector<std::string> Problems(const std::string& sla) {
  return ProblemLines(std::string(kHead) + sla);
}

TEST(SlaLoader, LoadsPoliciesInOrderWithTargetsAndPauses) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(sla:
  - name: gold-critical
    when: {tier: [gold], priority: [critical]}
    calendar: always
    targets: {first_response: 15m, next_update: 1h, resolution: 4h}
    pause_on: [waiting_on_customer]
  - name: standard
    calendar: ny
    targets:
      first_response: 4h
      resolution: {duration: 40h, calendar: always}
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << policy.error().front().ToString();
  ASSERT_EQ(policy->sla.size(), 2u);
  const core::SlaPolicy& gold = policy->sla[0];
  EXPECT_EQ(gold.Target(SlaTargetKind::kFirstResponse)->duration, minutes{15});
  EXPECT_EQ(gold.Target(SlaTargetKind::kResolution)->calendar, "always");
  EXPECT_TRUE(gold.PausesIn(core::TicketStatus::kWaitingOnCustomer));
  EXPECT_FALSE(gold.PausesIn(core::TicketStatus::kWaitingOnThirdParty));
  const core::SlaPolicy& standard = policy->sla[1];
  EXPECT_EQ(standard.Target(SlaTargetKind::kFirstResponse)->calendar, "ny");
  EXPECT_EQ(standard.Target(SlaTargetKind::kResolution)->calendar, "always");
  EXPECT_EQ(standard.Target(SlaTargetKind::kResolution)->duration, hours{40});
  EXPECT_FALSE(standard.Target(SlaTargetKind::kNextUpdate).has_value());

  EXPECT_EQ(core::SelectSlaPolicy(policy->sla, {"gold", "critical", "billing", "email"}), &gold);
  EXPECT_EQ(core::SelectSlaPolicy(policy->sla, {"gold", "high", "billing", "email"}), &standard);
  EXPECT_EQ(core::SelectSlaPolicy(policy->sla, {"silver", "critical", "", ""}), &standard);
}

TEST(SlaLoader, NoPolicyMatchesWhenNoneIsACatchAll) {
  auto policy = LoadPolicyText(std::string(kHead) + R"(sla:
  - name: gold
    when: {tier: [gold], channel: [phone]}
    calendar: always
    targets: {resolution: 4h}
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value());
  EXPECT_EQ(core::SelectSlaPolicy(policy->sla, {"gold", "low", "", "email"}), nullptr);
  EXPECT_NE(core::SelectSlaPolicy(policy->sla, {"gold", "low", "", "phone"}), nullptr);
}

TEST(SlaLoader, PolicyAfterACatchAllCanNeverApply) {
  EXPECT_THAT(Problems(R"(sla:
  - name: all
    calendar: ny
    targets: {resolution: 8h}
  - name: gold
    when: {tier: [gold]}
    calendar: ny
    targets: {resolution: 4h}
)"),
              ElementsAre("p.yaml:12:5: SLA \"gold\" can never apply: \"all\" above it has no "
                          "conditions and matches every ticket"));
}

TEST(SlaLoader, TargetLongerThanResolutionCannotBeMet) {
  EXPECT_THAT(Problems(R"(sla:
  - name: odd
    calendar: ny
    targets: {first_response: 9h, resolution: 8h}
)"),
              ElementsAre("p.yaml:11:31: SLA \"odd\": first_response (9h) is longer than "
                          "resolution (8h) on the same calendar, so it could never matter"));
}

TEST(SlaLoader, ReportsBadDurationsCalendarsStatusesAndReferences) {
  EXPECT_THAT(
      Problems(R"(sla:
  - name: x
    when: {priority: [urgent], category: [biling]}
    targets:
      first_response: 2d
      next_update: 1h
      resolution: {duration: 0s, calendar: nyc}
    pause_on: [closed]
)"),
      ElementsAre(
          "p.yaml:15:16: pause_on: \"closed\" is not a status a clock can pause in (expected "
          "waiting_on_customer, waiting_on_third_party, new, open or reopened)",
          "p.yaml:12:23: invalid duration \"2d\" (days are ambiguous in business time: write "
          "hours, e.g. 8h for one working day of 09:00-17:00 or 24h): expected a number and a "
          "unit, such as 30m, 4h or 1h30m (units: w, h, m, s)",
          "p.yaml:13:20: SLA \"x\" next_update has no calendar: give the policy a calendar: or "
          "the target {duration, calendar}",
          "p.yaml:14:30: SLA \"x\" resolution must be longer than 0s",
          "p.yaml:10:23: SLA \"x\" refers to an undefined priority \"urgent\": expected one of "
          "critical, high, low",
          "p.yaml:10:43: SLA \"x\" refers to an undefined category \"biling\": expected one of "
          "billing",
          "p.yaml:14:44: SLA \"x\" resolution refers to an undefined calendar \"nyc\": expected "
          "one of always, ny"));
}

TEST(SlaLoader, NamesAreRequiredAndUnique) {
  EXPECT_THAT(Problems(R"(sla:
  - name: a
    when: {tier: [gold]}
    calendar: ny
    targets: {resolution: 8h}
  - name: a
    when: {tier: [silver]}
    calendar: ny
    targets: {resolution: 8h}
  - calendar: ny
    targets: {resolution: 8h}
)"),
              ElementsAre("p.yaml:13:11: SLA policy \"a\" is defined twice (first at p.yaml:9:11)",
                          "p.yaml:17:5: an SLA policy needs a name"));
}

}  // namespace
}  // namespace esc::policy
