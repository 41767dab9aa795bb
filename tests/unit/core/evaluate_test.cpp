// Tests of the escalation engine's evaluation: when triggers are due, once per
// occurrence, repeats until acknowledged, pauses, facts, and the next wake-up.
#include <gtest/gtest.h>

#include "core/engine/evaluate.h"
#include "core/rfc3339.h"

namespace esc::core {
namespace {

using namespace std::chrono_literals;
using K = TicketEventKind;

Instant At(std::string_view text) { return ToInstant(ParseDateTime(text).value()); }
std::string Z(std::optional<Instant> t) {
  return t ? FormatRfc3339(*t, Seconds{0}) : std::string("never");
}

Trigger SlaTrigger(std::string name, SlaTargetKind target, double percent, Seconds offset = 0s) {
  Trigger t;
  t.name = std::move(name);
  t.when.sla = SlaPoint{target, percent, offset};
  t.then = {NotifyAction{{RecipientRole::kAssignee}, {}, {}}};
  return t;
}

class EvaluateTest : public ::testing::Test {
 protected:
  EvaluateTest() {
    CalendarSpec spec;  // Monday to Friday 09:00-17:00 UTC
    for (unsigned d = 1; d <= 5; ++d) spec.weekly[d] = {LocalInterval{9 * 3600, 17 * 3600}};
    policy_.calendars.emplace("office", Calendar::Create(spec).value());
    SlaPolicy sla;
    sla.name = "standard";
    sla.tiers = {"gold"};
    sla.targets[0] = SlaTargetSpec{1h, "office"};
    sla.targets[1] = SlaTargetSpec{2h, "office"};
    sla.targets[2] = SlaTargetSpec{8h, "office"};
    sla.pause_on = {TicketStatus::kWaitingOnCustomer};
    policy_.sla.push_back(sla);
    ticket_.tier = "gold";
    ticket_.history = {{At("2026-03-02T09:00:00Z"), K::kCreated}};  // a Monday
    ticket_.last_update = At("2026-03-02T09:00:00Z");
  }

  Evaluation Eval(std::string_view now) {
    auto result = Evaluate(ticket_, policy_, At(now));
    EXPECT_TRUE(result.has_value()) << result.error().message;
    return *result;
  }
  void Fired(const Decision& d, std::string_view at) {
    ticket_.fired.push_back({d.trigger, d.occurrence, At(at), d.repeat, d.policy_version});
  }

  Policy policy_;
  TicketFacts ticket_;
};

TEST_F(EvaluateTest, WarningFiresAtItsShareOfTheTargetAndWakesUpExactlyThen) {
  policy_.triggers = {SlaTrigger("warn", SlaTargetKind::kResolution, 75)};
  const Evaluation before = Eval("2026-03-02T14:59:59Z");
  EXPECT_TRUE(before.decisions.empty());
  EXPECT_EQ(Z(before.next_wakeup), "2026-03-02T15:00:00+00:00");
  const Evaluation at = Eval("2026-03-02T15:00:00Z");
  ASSERT_EQ(at.decisions.size(), 1u);
  EXPECT_EQ(at.decisions[0].occurrence, "resolution#1");
  EXPECT_EQ(Z(at.decisions[0].due_at), "2026-03-02T15:00:00+00:00");
  EXPECT_NE(at.decisions[0].explanation.find("resolution of SLA \"standard\" has used 6h of 8h"),
            std::string::npos)
      << at.decisions[0].explanation;
}

TEST_F(EvaluateTest, AnOccurrenceFiresOnceWhateverTheNumberOfCalls) {
  policy_.triggers = {SlaTrigger("breach", SlaTargetKind::kResolution, 100)};
  const Evaluation first = Eval("2026-03-02T17:00:00Z");
  ASSERT_EQ(first.decisions.size(), 1u);
  // Asked again later before the firing is recorded: the same occurrence, not a new one.
  EXPECT_EQ(Eval("2026-03-03T12:00:00Z").decisions.at(0).occurrence, first.decisions[0].occurrence);
  Fired(first.decisions[0], "2026-03-02T17:00:00Z");
  for (const char* now : {"2026-03-02T17:00:00Z", "2026-03-03T12:00:00Z", "2026-03-10T12:00:00Z"}) {
    const Evaluation again = Eval(now);
    EXPECT_TRUE(again.decisions.empty()) << now;
    EXPECT_FALSE(again.next_wakeup.has_value()) << now;
  }
}

TEST_F(EvaluateTest, EachNextUpdateCycleIsANewOccurrence) {
  policy_.triggers = {SlaTrigger("update-due", SlaTargetKind::kNextUpdate, 100)};
  ticket_.history.push_back({At("2026-03-02T09:10:00Z"), K::kAgentReplied});
  const Evaluation first = Eval("2026-03-02T11:10:00Z");
  ASSERT_EQ(first.decisions.size(), 1u);
  EXPECT_EQ(first.decisions[0].occurrence, "next_update#1");
  Fired(first.decisions[0], "2026-03-02T11:10:00Z");
  ticket_.history.push_back({At("2026-03-02T12:00:00Z"), K::kCustomerReplied});
  const Evaluation waiting = Eval("2026-03-02T12:00:00Z");
  EXPECT_TRUE(waiting.decisions.empty());
  EXPECT_EQ(Z(waiting.next_wakeup), "2026-03-02T14:00:00+00:00");
  EXPECT_EQ(Eval("2026-03-02T14:00:00Z").decisions.at(0).occurrence, "next_update#2");
}

TEST_F(EvaluateTest, TimeAfterABreachIsBusinessTimeAndPausesDelayIt) {
  policy_.triggers = {SlaTrigger("breach+1h", SlaTargetKind::kResolution, 100, 1h)};
  // Due Mon 17:00; one more business hour is Tue 10:00, not Mon 18:00.
  EXPECT_EQ(Z(Eval("2026-03-02T17:30:00Z").next_wakeup), "2026-03-03T10:00:00+00:00");
  // Waiting on the customer from Tue 09:30 to 11:00 delays it by 1.5 business hours.
  ticket_.history.push_back({At("2026-03-03T09:30:00Z"), K::kStatusChanged,
                             TicketStatus::kWaitingOnCustomer});
  EXPECT_FALSE(Eval("2026-03-03T10:30:00Z").next_wakeup.has_value());  // paused: unknown yet
  ticket_.history.push_back({At("2026-03-03T11:00:00Z"), K::kStatusChanged, TicketStatus::kOpen});
  EXPECT_EQ(Z(Eval("2026-03-03T11:00:00Z").next_wakeup), "2026-03-03T11:30:00+00:00");
}

TEST_F(EvaluateTest, RepeatsUntilAcknowledgedAtMostTimes) {
  Trigger breach = SlaTrigger("breach", SlaTargetKind::kResolution, 100);
  breach.repeat = Repeat{30min, 2};
  policy_.triggers = {breach};
  const Evaluation first = Eval("2026-03-02T17:00:00Z");
  ASSERT_EQ(first.decisions.size(), 1u);
  EXPECT_EQ(Z(first.next_wakeup), "2026-03-02T17:30:00+00:00");
  Fired(first.decisions[0], "2026-03-02T17:00:00Z");
  EXPECT_TRUE(Eval("2026-03-02T17:29:59Z").decisions.empty());
  const Evaluation repeat1 = Eval("2026-03-02T17:30:00Z");
  ASSERT_EQ(repeat1.decisions.size(), 1u);
  EXPECT_EQ(repeat1.decisions[0].repeat, 1);
  EXPECT_EQ(Z(repeat1.next_wakeup), "2026-03-02T18:00:00+00:00");
  Fired(repeat1.decisions[0], "2026-03-02T17:30:00Z");
  EXPECT_EQ(Eval("2026-03-02T18:00:00Z").decisions.at(0).repeat, 2);
  ticket_.fired.push_back({"breach", "resolution#1", At("2026-03-02T18:00:00Z"), 2, ""});
  EXPECT_TRUE(Eval("2026-03-02T23:00:00Z").decisions.empty());

  ticket_.fired.resize(1);
  ticket_.acknowledged_at = At("2026-03-02T17:10:00Z");
  const Evaluation acknowledged = Eval("2026-03-02T19:00:00Z");
  EXPECT_TRUE(acknowledged.decisions.empty());
  EXPECT_FALSE(acknowledged.next_wakeup.has_value());
}

TEST_F(EvaluateTest, FactTriggersFireOncePerTicketWhenAllFactsHold) {
  Trigger legal;
  legal.name = "legal";
  legal.when.words = {"Lawyer", "sue"};
  legal.when.tiers = {"gold"};
  legal.when.sentiment_below = -0.5;
  legal.then = {EscalateAction{EscalationKind::kToTeam, "legal"}};
  policy_.triggers = {legal};
  ticket_.customer_words = {"my", "lawyer", "will", "call"};
  ticket_.sentiment = -0.4;
  EXPECT_TRUE(Eval("2026-03-02T10:00:00Z").decisions.empty());
  ticket_.sentiment = -0.8;
  const Evaluation fires = Eval("2026-03-02T10:00:00Z");
  ASSERT_EQ(fires.decisions.size(), 1u);
  EXPECT_EQ(fires.decisions[0].occurrence, "ticket");
  EXPECT_NE(fires.decisions[0].explanation.find("the customer wrote \"Lawyer\""), std::string::npos);
  EXPECT_NE(fires.decisions[0].explanation.find("tier gold"), std::string::npos);
  Fired(fires.decisions[0], "2026-03-02T10:00:00Z");
  EXPECT_TRUE(Eval("2026-03-05T10:00:00Z").decisions.empty());
  ticket_.tier = "bronze";
  ticket_.fired.clear();
  EXPECT_TRUE(Eval("2026-03-02T10:00:00Z").decisions.empty());
}

TEST_F(EvaluateTest, IdleTriggersCountFromTheStartOfEachIdlePeriod) {
  Trigger unassigned;
  unassigned.name = "unassigned";
  unassigned.when.unassigned_for = 30min;
  unassigned.then = {AssignAction{"frontline"}};
  policy_.triggers = {unassigned};
  ticket_.unassigned_since = At("2026-03-02T09:00:00Z");
  EXPECT_EQ(Z(Eval("2026-03-02T09:10:00Z").next_wakeup), "2026-03-02T09:30:00+00:00");
  const Evaluation fires = Eval("2026-03-02T09:30:00Z");
  ASSERT_EQ(fires.decisions.size(), 1u);
  Fired(fires.decisions[0], "2026-03-02T09:30:00Z");
  ticket_.unassigned_since = At("2026-03-02T13:00:00Z");  // assigned, then unassigned again
  EXPECT_EQ(Eval("2026-03-02T13:30:00Z").decisions.size(), 1u);
  ticket_.unassigned_since.reset();
  EXPECT_TRUE(Eval("2026-03-02T23:30:00Z").decisions.empty());
}

TEST_F(EvaluateTest, WithoutAMatchingSlaPolicySlaTriggersNeverFire) {
  Trigger replies;
  replies.name = "ping-pong";
  replies.when.customer_replies = 3;
  replies.then = {TagAction{"repeat-contact"}};
  policy_.triggers = {SlaTrigger("breach", SlaTargetKind::kResolution, 100), replies};
  ticket_.tier = "bronze";  // the only SLA policy is for gold
  ticket_.customer_replies = 3;
  const Evaluation e = Eval("2026-03-09T12:00:00Z");
  ASSERT_EQ(e.decisions.size(), 1u);
  EXPECT_EQ(e.decisions[0].trigger, "ping-pong");
  EXPECT_FALSE(e.next_wakeup.has_value());
}

TEST_F(EvaluateTest, ABrokenHistoryIsAnError) {
  ticket_.history.clear();
  EXPECT_FALSE(Evaluate(ticket_, policy_, At("2026-03-02T09:00:00Z")).has_value());
}

}  // namespace
}  // namespace esc::core
