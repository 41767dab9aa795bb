// Regression tests for the engine bugs named in the issue, one test per bug, each named
// after the behaviour the issue asks for: pause time kept when another SLA policy,
// priority or calendar applies; next update re-armed by a customer reply on any channel;
// one firing per occurrence; repeats only where the policy says, until acknowledged;
// daylight-saving changes that move no deadline, hand-over or quiet-hours window;
// escalations under way kept on their policy version; no mail at midnight unless asked.
// Expected instants are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/evaluate.h"
#include "core/engine/notification_plan.h"
#include "core/engine/router.h"
#include "core/policy/oncall.h"
#include "core/rfc3339.h"
#include "core/sla/ticket_sla.h"

namespace esc::core {
namespace {

using namespace std::chrono_literals;
using K = TicketEventKind;

Instant At(std::string_view text) { return ToInstant(ParseDateTime(text).value()); }
std::string Z(std::optional<Instant> t) {
  return t ? FormatRfc3339(*t, Seconds{0}) : std::string("never");
}
// An instant as the wall clock of `calendar` shows it, e.g. "2026-03-09T15:00:00-04:00".
std::string Local(std::optional<Instant> t, const Calendar& calendar) {
  return t ? FormatRfc3339(*t, calendar.UtcOffsetAt(*t)) : std::string("never");
}

// Opening hours [open_hour, close_hour) local on the given weekdays (0 = Sunday).
Calendar Hours(std::string id, std::string timezone, int open_hour, int close_hour,
               std::initializer_list<unsigned> days) {
  CalendarSpec spec;
  spec.id = std::move(id);
  spec.timezone = std::move(timezone);
  for (unsigned d : days) spec.weekly[d] = {LocalInterval{open_hour * 3600, close_hour * 3600}};
  return Calendar::Create(std::move(spec)).value();
}
constexpr std::initializer_list<unsigned> kWeekdays = {1, 2, 3, 4, 5};
constexpr std::initializer_list<unsigned> kEveryDay = {0, 1, 2, 3, 4, 5, 6};

Trigger SlaTrigger(std::string name, SlaTargetKind target, double percent) {
  Trigger t;
  t.name = std::move(name);
  t.when.sla = SlaPoint{target, percent, Seconds{0}};
  t.then = {NotifyAction{{RecipientRole::kAssignee}, {}, {}}};
  return t;
}

SlaPolicy Sla(std::string name, std::optional<SlaTargetSpec> resolution,
              std::optional<SlaTargetSpec> next_update = std::nullopt) {
  SlaPolicy sla;
  sla.name = std::move(name);
  sla.targets[static_cast<std::size_t>(SlaTargetKind::kNextUpdate)] = std::move(next_update);
  sla.targets[static_cast<std::size_t>(SlaTargetKind::kResolution)] = std::move(resolution);
  sla.pause_on = {TicketStatus::kWaitingOnCustomer};
  return sla;
}

class EngineKnownBugs : public ::testing::Test {
 protected:
  EngineKnownBugs() {
    // Monday to Friday 09:00-17:00 UTC; 2026-03-02 is a Monday.
    policy_.calendars.emplace("office", Hours("office", "Etc/UTC", 9, 17, kWeekdays));
    ticket_.history = {{At("2026-03-02T09:00:00Z"), K::kCreated}};
    ticket_.last_update = At("2026-03-02T09:00:00Z");
  }

  Evaluation Eval(std::string_view now, const PolicyLookup& earlier = {}) {
    return EvalWith(policy_, now, earlier);
  }
  Evaluation EvalWith(const Policy& policy, std::string_view now,
                      const PolicyLookup& earlier = {}) {
    auto result = Evaluate(ticket_, policy, At(now), earlier);
    EXPECT_TRUE(result.has_value()) << result.error().message;
    return result.value_or(Evaluation{});
  }
  void Fired(const Decision& d, std::string_view at) {
    ticket_.fired.push_back({d.trigger, d.occurrence, At(at), d.repeat, d.policy_version});
  }
  void Status(std::string_view at, TicketStatus s) {
    ticket_.history.push_back({At(at), K::kStatusChanged, s});
  }
  // The resolution clock's due instant seen at `now`, replayed under the SLA policy the
  // ticket's current facts select.
  std::string ReplayedResolutionDue(std::string_view now) {
    const SlaPolicy* sla = SelectSlaPolicy(
        policy_.sla, {ticket_.tier, ticket_.priority, ticket_.category, ticket_.channel});
    if (!sla) return "no SLA policy";
    auto clocks = ReplaySla(*sla, policy_, ticket_.history);
    if (!clocks) return clocks.error().message;
    const auto& clock = clocks->Clock(SlaTargetKind::kResolution);
    if (!clock) return "no resolution clock";
    auto status = clock->StatusAt(At(now));
    if (!status) return status.error().message;
    return sla->name + " " + Z(status->due);
  }

  Policy policy_;
  TicketFacts ticket_;
};

// --- Pause time survives a change of the SLA that applies -------------------------------

TEST_F(EngineKnownBugs, PauseTimeSurvivesAChangeOfSlaPolicy) {
  // The customer is upgraded from silver to gold: another SLA policy (4h instead of 8h
  // of resolution) applies, on the same calendar.
  policy_.sla = {Sla("premium", SlaTargetSpec{4h, "office"}),
                 Sla("standard", SlaTargetSpec{8h, "office"})};
  policy_.sla[0].tiers = {"gold"};
  policy_.sla[1].tiers = {"silver"};
  policy_.triggers = {SlaTrigger("breach", SlaTargetKind::kResolution, 100)};
  ticket_.tier = "silver";
  // Waiting on the customer Mon 10:00-12:00: two paused business hours.
  Status("2026-03-02T10:00:00Z", TicketStatus::kWaitingOnCustomer);
  Status("2026-03-02T12:00:00Z", TicketStatus::kOpen);
  // Silver, 8h: 09-10 (1h) + 12-17 (5h) + Tue 09-11 (2h) -> Tue 11:00.
  EXPECT_EQ(Z(Eval("2026-03-02T12:30:00Z").next_wakeup), "2026-03-03T11:00:00+00:00");

  ticket_.tier = "gold";  // at 13:00
  // Gold, 4h: 09-10 (1h) + 12-15 (3h) -> Mon 15:00 (13:00 if the pause were forgotten).
  EXPECT_EQ(ReplayedResolutionDue("2026-03-02T13:00:00Z"), "premium 2026-03-02T15:00:00+00:00");
  const Evaluation at_change = Eval("2026-03-02T13:00:00Z");
  EXPECT_TRUE(at_change.decisions.empty());
  EXPECT_EQ(Z(at_change.next_wakeup), "2026-03-02T15:00:00+00:00");
  EXPECT_TRUE(Eval("2026-03-02T14:59:59Z").decisions.empty());
  const Evaluation due = Eval("2026-03-02T15:00:00Z");
  ASSERT_EQ(due.decisions.size(), 1u);
  EXPECT_EQ(due.decisions[0].occurrence, "resolution#1");
  EXPECT_EQ(Z(due.decisions[0].due_at), "2026-03-02T15:00:00+00:00");
}

TEST_F(EngineKnownBugs, PauseTimeSurvivesAChangeOfPriority) {
  policy_.sla = {Sla("high", SlaTargetSpec{8h, "office"}),
                 Sla("medium", SlaTargetSpec{16h, "office"})};
  policy_.sla[0].priorities = {"high"};
  policy_.sla[1].priorities = {"medium"};
  policy_.triggers = {SlaTrigger("breach", SlaTargetKind::kResolution, 100)};
  ticket_.priority = "medium";
  // Waiting on the customer Mon 11:00-14:00: three paused business hours.
  Status("2026-03-02T11:00:00Z", TicketStatus::kWaitingOnCustomer);
  Status("2026-03-02T14:00:00Z", TicketStatus::kOpen);
  // Medium, 16h: 09-11 (2h) + 14-17 (3h) + Tue 09-17 (8h) + Wed 09-12 (3h) -> Wed 12:00.
  EXPECT_EQ(ReplayedResolutionDue("2026-03-02T14:30:00Z"), "medium 2026-03-04T12:00:00+00:00");
  EXPECT_EQ(Z(Eval("2026-03-02T14:30:00Z").next_wakeup), "2026-03-04T12:00:00+00:00");

  ticket_.priority = "high";  // raised at Mon 15:00
  // High, 8h: 09-11 (2h) + 14-17 (3h) + Tue 09-12 (3h) -> Tue 12:00 (Mon 17:00 if the
  // three paused hours counted).
  EXPECT_EQ(ReplayedResolutionDue("2026-03-02T15:00:00Z"), "high 2026-03-03T12:00:00+00:00");
  const Evaluation raised = Eval("2026-03-02T15:00:00Z");
  EXPECT_TRUE(raised.decisions.empty());
  EXPECT_EQ(Z(raised.next_wakeup), "2026-03-03T12:00:00+00:00");
  EXPECT_TRUE(Eval("2026-03-02T17:00:00Z").decisions.empty());
  EXPECT_EQ(Eval("2026-03-03T12:00:00Z").decisions.size(), 1u);
}

TEST_F(EngineKnownBugs, PauseTimeSurvivesAChangeOfCalendar) {
  // Critical tickets run on an extended calendar, Monday to Friday 07:00-19:00 UTC.
  policy_.calendars.emplace("extended", Hours("extended", "Etc/UTC", 7, 19, kWeekdays));
  policy_.sla = {Sla("critical", SlaTargetSpec{10h, "extended"}),
                 Sla("standard", SlaTargetSpec{16h, "office"})};
  policy_.sla[0].priorities = {"critical"};
  policy_.sla[1].priorities = {"medium"};
  policy_.triggers = {SlaTrigger("breach", SlaTargetKind::kResolution, 100)};
  ticket_.priority = "medium";
  // Waiting on the customer from Mon 16:00 to Tue 08:00: paused business time is 1h on
  // the office calendar (Mon 16-17) but 4h on the extended one (Mon 16-19, Tue 07-08).
  Status("2026-03-02T16:00:00Z", TicketStatus::kWaitingOnCustomer);
  Status("2026-03-03T08:00:00Z", TicketStatus::kOpen);
  // Office, 16h: Mon 09-16 (7h) + Tue 09-17 (8h) + Wed 09-10 (1h) -> Wed 10:00.
  EXPECT_EQ(ReplayedResolutionDue("2026-03-03T08:30:00Z"), "standard 2026-03-04T10:00:00+00:00");
  EXPECT_EQ(Z(Eval("2026-03-03T08:30:00Z").next_wakeup), "2026-03-04T10:00:00+00:00");

  ticket_.priority = "critical";  // raised at Tue 09:00
  // Extended, 10h: Mon 09-16 (7h) + Tue 08-11 (3h) -> Tue 11:00. Counting the pause
  // would give Mon 19:00 (already breached); subtracting the office calendar's paused
  // hour instead of the extended one's would give Tue 08:00.
  EXPECT_EQ(ReplayedResolutionDue("2026-03-03T09:00:00Z"), "critical 2026-03-03T11:00:00+00:00");
  const Evaluation raised = Eval("2026-03-03T09:00:00Z");
  EXPECT_TRUE(raised.decisions.empty());
  EXPECT_EQ(Z(raised.next_wakeup), "2026-03-03T11:00:00+00:00");
  const Evaluation due = Eval("2026-03-03T11:00:00Z");
  ASSERT_EQ(due.decisions.size(), 1u);
  EXPECT_EQ(Z(due.decisions[0].due_at), "2026-03-03T11:00:00+00:00");
}

// --- A customer reply re-arms next update, whatever the channel ------------------------

TEST_F(EngineKnownBugs, CustomerReplyOnAnyChannelRearmsNextUpdate) {
  // Chat has its own SLA (next update 1h); every other channel the standard one (2h).
  policy_.sla = {Sla("chat", SlaTargetSpec{8h, "office"}, SlaTargetSpec{1h, "office"}),
                 Sla("standard", SlaTargetSpec{8h, "office"}, SlaTargetSpec{2h, "office"})};
  policy_.sla[0].channels = {"chat"};
  policy_.triggers = {SlaTrigger("update-due", SlaTargetKind::kNextUpdate, 100)};
  struct Case {
    std::string channel;
    std::string first_due, second_due;
  };
  // The agent replies at 09:10, the customer at 11:30 (after the first cycle was due).
  const std::vector<Case> cases = {
      {"email", "2026-03-02T11:10:00Z", "2026-03-02T13:30:00Z"},
      {"portal", "2026-03-02T11:10:00Z", "2026-03-02T13:30:00Z"},
      {"chat", "2026-03-02T10:10:00Z", "2026-03-02T12:30:00Z"},
      {"phone", "2026-03-02T11:10:00Z", "2026-03-02T13:30:00Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.channel);
    ticket_.channel = c.channel;
    ticket_.fired.clear();
    ticket_.history = {{At("2026-03-02T09:00:00Z"), K::kCreated},
                       {At("2026-03-02T09:10:00Z"), K::kAgentReplied}};
    const Evaluation first = Eval(c.first_due);
    ASSERT_EQ(first.decisions.size(), 1u);
    EXPECT_EQ(first.decisions[0].occurrence, "next_update#1");
    EXPECT_EQ(Z(first.decisions[0].due_at), c.first_due.substr(0, 19) + "+00:00");
    Fired(first.decisions[0], c.first_due);

    ticket_.history.push_back({At("2026-03-02T11:30:00Z"), K::kCustomerReplied});
    const Evaluation rearmed = Eval("2026-03-02T11:30:00Z");
    EXPECT_TRUE(rearmed.decisions.empty());
    EXPECT_EQ(Z(rearmed.next_wakeup), c.second_due.substr(0, 19) + "+00:00");
    const Evaluation second = Eval(c.second_due);
    ASSERT_EQ(second.decisions.size(), 1u);
    EXPECT_EQ(second.decisions[0].occurrence, "next_update#2");
    EXPECT_EQ(Z(second.decisions[0].due_at), c.second_due.substr(0, 19) + "+00:00");

    const SlaPolicy* sla = SelectSlaPolicy(policy_.sla, {"", "", "", c.channel});
    ASSERT_NE(sla, nullptr);
    auto clocks = ReplaySla(*sla, policy_, ticket_.history);
    ASSERT_TRUE(clocks.has_value());
    EXPECT_EQ(clocks->cycles[static_cast<std::size_t>(SlaTargetKind::kNextUpdate)], 2);
  }
}

// --- One firing per occurrence ----------------------------------------------------------

TEST_F(EngineKnownBugs, ALevelFiresOncePerOccurrence) {
  policy_.sla = {Sla("standard", SlaTargetSpec{40h, "office"}, SlaTargetSpec{2h, "office"})};
  policy_.triggers = {SlaTrigger("at-risk", SlaTargetKind::kNextUpdate, 75),
                      SlaTrigger("breach", SlaTargetKind::kNextUpdate, 100)};
  // Agent reply Mon 09:00: next_update#1 at risk at 10:30 (75% of 2h), breached at 11:00.
  ticket_.history.push_back({At("2026-03-02T09:00:00Z"), K::kAgentReplied});
  const Evaluation at_risk = Eval("2026-03-02T10:30:00Z");
  ASSERT_EQ(at_risk.decisions.size(), 1u);
  EXPECT_EQ(at_risk.decisions[0].trigger, "at-risk");
  EXPECT_EQ(at_risk.decisions[0].occurrence, "next_update#1");
  EXPECT_EQ(Z(at_risk.next_wakeup), "2026-03-02T11:00:00+00:00");
  Fired(at_risk.decisions[0], "2026-03-02T10:30:00Z");

  for (const char* now : {"2026-03-02T10:45:00Z", "2026-03-02T10:30:00Z", "2026-03-02T10:59:59Z",
                          "2026-03-02T10:31:00Z"}) {
    const Evaluation again = Eval(now);
    EXPECT_TRUE(again.decisions.empty()) << now;
    EXPECT_EQ(Z(again.next_wakeup), "2026-03-02T11:00:00+00:00") << now;
  }
  // The breach, asked late, is still the one occurrence due at 11:00.
  for (const char* now : {"2026-03-02T16:00:00Z", "2026-03-02T11:00:00Z"}) {
    const Evaluation breach = Eval(now);
    ASSERT_EQ(breach.decisions.size(), 1u) << now;
    EXPECT_EQ(breach.decisions[0].trigger, "breach");
    EXPECT_EQ(breach.decisions[0].occurrence, "next_update#1");
    EXPECT_EQ(Z(breach.decisions[0].due_at), "2026-03-02T11:00:00+00:00");
  }
  Fired(Eval("2026-03-02T11:00:00Z").decisions.at(0), "2026-03-02T11:00:00Z");
  // Shuffled calls after both firings are recorded: nothing fires again; from the last
  // firing on, nothing is left to wait for either.
  for (const char* now : {"2026-03-03T16:00:00Z", "2026-03-02T10:30:00Z", "2026-03-02T11:00:00Z",
                          "2026-03-09T09:00:00Z", "2026-03-02T12:59:59Z", "2026-03-02T10:45:00Z"}) {
    const Evaluation after = Eval(now);
    EXPECT_TRUE(after.decisions.empty()) << now;
    if (At(now) >= At("2026-03-02T11:00:00Z")) {
      EXPECT_FALSE(after.next_wakeup.has_value()) << now;
    }
  }
  // A customer reply at 13:00 starts next_update#2: both levels fire again, once.
  ticket_.history.push_back({At("2026-03-02T13:00:00Z"), K::kCustomerReplied});
  EXPECT_EQ(Z(Eval("2026-03-02T13:00:00Z").next_wakeup), "2026-03-02T14:30:00+00:00");
  const Evaluation second = Eval("2026-03-02T15:00:00Z");
  ASSERT_EQ(second.decisions.size(), 2u);
  EXPECT_EQ(second.decisions[0].trigger, "at-risk");
  EXPECT_EQ(second.decisions[0].occurrence, "next_update#2");
  EXPECT_EQ(Z(second.decisions[0].due_at), "2026-03-02T14:30:00+00:00");
  EXPECT_EQ(second.decisions[1].trigger, "breach");
  EXPECT_EQ(second.decisions[1].occurrence, "next_update#2");
  EXPECT_EQ(Z(second.decisions[1].due_at), "2026-03-02T15:00:00+00:00");
  for (const Decision& d : second.decisions) Fired(d, "2026-03-02T15:00:00Z");
  for (const char* now : {"2026-03-02T15:00:00Z", "2026-03-02T14:30:00Z", "2026-03-04T09:00:00Z"}) {
    EXPECT_TRUE(Eval(now).decisions.empty()) << now;
  }
}

// --- Repeats only where the policy says, until acknowledged -----------------------------

TEST_F(EngineKnownBugs, RepeatsOnlyWhereThePolicySaysAndStopOnAcknowledgement) {
  policy_.sla = {Sla("standard", SlaTargetSpec{8h, "office"})};
  Trigger breach = SlaTrigger("breach", SlaTargetKind::kResolution, 100);
  breach.repeat = Repeat{30min, 3};
  policy_.triggers = {SlaTrigger("at-risk", SlaTargetKind::kResolution, 75), breach};
  // at-risk at Mon 15:00 (6h of 8h), without repeat: it fires once and waits for nothing.
  const Evaluation at_risk = Eval("2026-03-02T15:00:00Z");
  ASSERT_EQ(at_risk.decisions.size(), 1u);
  EXPECT_EQ(at_risk.decisions[0].trigger, "at-risk");
  EXPECT_EQ(Z(at_risk.next_wakeup), "2026-03-02T17:00:00+00:00");  // the breach, no repeat
  Fired(at_risk.decisions[0], "2026-03-02T15:00:00Z");
  for (const char* now : {"2026-03-02T15:30:00Z", "2026-03-02T16:00:00Z", "2026-03-02T16:59:59Z"}) {
    const Evaluation e = Eval(now);
    EXPECT_TRUE(e.decisions.empty()) << now;
    EXPECT_EQ(Z(e.next_wakeup), "2026-03-02T17:00:00+00:00") << now;
  }
  // The breach at 17:00 repeats every 30 minutes.
  const Evaluation first = Eval("2026-03-02T17:00:00Z");
  ASSERT_EQ(first.decisions.size(), 1u);
  EXPECT_EQ(first.decisions[0].trigger, "breach");
  EXPECT_EQ(first.decisions[0].repeat, 0);
  EXPECT_EQ(Z(first.next_wakeup), "2026-03-02T17:30:00+00:00");
  Fired(first.decisions[0], "2026-03-02T17:00:00Z");
  const std::vector<FiredTrigger> before_ack = ticket_.fired;

  // An acknowledgement before the first firing does not stop its repeats.
  ticket_.acknowledged_at = At("2026-03-02T16:00:00Z");
  const Evaluation repeat1 = Eval("2026-03-02T17:30:00Z");
  ASSERT_EQ(repeat1.decisions.size(), 1u);
  EXPECT_EQ(repeat1.decisions[0].trigger, "breach");
  EXPECT_EQ(repeat1.decisions[0].repeat, 1);
  EXPECT_EQ(Z(repeat1.decisions[0].due_at), "2026-03-02T17:30:00+00:00");
  EXPECT_EQ(Z(repeat1.next_wakeup), "2026-03-02T18:00:00+00:00");
  Fired(repeat1.decisions[0], "2026-03-02T17:30:00Z");

  // Acknowledged at 17:45 (after the first firing): no more repeats, nothing to wait for.
  ticket_.acknowledged_at = At("2026-03-02T17:45:00Z");
  for (const char* now : {"2026-03-02T18:00:00Z", "2026-03-02T18:30:00Z", "2026-03-03T12:00:00Z"}) {
    const Evaluation e = Eval(now);
    EXPECT_TRUE(e.decisions.empty()) << now;
    EXPECT_FALSE(e.next_wakeup.has_value()) << now;
  }
  // Acknowledged exactly at the first firing: stops too.
  ticket_.fired = before_ack;
  ticket_.acknowledged_at = At("2026-03-02T17:00:00Z");
  EXPECT_TRUE(Eval("2026-03-02T17:30:00Z").decisions.empty());
  // Unacknowledged, repeats end after `times` (3).
  ticket_.acknowledged_at.reset();
  ticket_.fired.push_back({"breach", "resolution#1", At("2026-03-02T18:30:00Z"), 3, ""});
  const Evaluation done = Eval("2026-03-02T20:00:00Z");
  EXPECT_TRUE(done.decisions.empty());
  EXPECT_FALSE(done.next_wakeup.has_value());
}

// --- Daylight-saving changes ------------------------------------------------------------

// A policy whose only SLA gives 8h of resolution on 09:00-17:00 local, weekdays.
Policy LocalOfficePolicy(const std::string& timezone) {
  Policy policy;
  policy.calendars.emplace("local", Hours("local", timezone, 9, 17, kWeekdays));
  policy.sla = {Sla("standard", SlaTargetSpec{8h, "local"})};
  policy.triggers = {SlaTrigger("at-risk", SlaTargetKind::kResolution, 75),
                     SlaTrigger("breach", SlaTargetKind::kResolution, 100)};
  return policy;
}

TEST_F(EngineKnownBugs, DstChangeMovesNoDeadline) {
  struct Case {
    std::string zone, created, at_risk, breach;
  };
  // Created Friday 15:00 local: 2h on Friday, then 4h (at risk) and 6h (breach) on Monday:
  // Monday 13:00 and 15:00 local, on a normal week as on the week of the change.
  const std::vector<Case> cases = {
      // New York, normal week (EST throughout).
      {"America/New_York", "2026-02-27T15:00:00-05:00", "2026-03-02T13:00:00-05:00",
       "2026-03-02T15:00:00-05:00"},
      // New York springs forward on Sunday 2026-03-08: Monday is EDT (-04:00).
      {"America/New_York", "2026-03-06T15:00:00-05:00", "2026-03-09T13:00:00-04:00",
       "2026-03-09T15:00:00-04:00"},
      // Berlin, normal week (CEST throughout).
      {"Europe/Berlin", "2026-10-16T15:00:00+02:00", "2026-10-19T13:00:00+02:00",
       "2026-10-19T15:00:00+02:00"},
      // Berlin falls back on Sunday 2026-10-25: Monday is CET (+01:00).
      {"Europe/Berlin", "2026-10-23T15:00:00+02:00", "2026-10-26T13:00:00+01:00",
       "2026-10-26T15:00:00+01:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.created);
    const Policy policy = LocalOfficePolicy(c.zone);
    const Calendar& calendar = *policy.FindCalendar("local");
    ticket_.fired.clear();
    ticket_.history = {{At(c.created), K::kCreated}};
    const Evaluation waiting = EvalWith(policy, c.created);
    EXPECT_EQ(Local(waiting.next_wakeup, calendar), c.at_risk);
    const Evaluation at_risk = EvalWith(policy, c.at_risk);
    ASSERT_EQ(at_risk.decisions.size(), 1u);
    EXPECT_EQ(Local(at_risk.decisions[0].due_at, calendar), c.at_risk);
    EXPECT_EQ(Local(at_risk.next_wakeup, calendar), c.breach);
    Fired(at_risk.decisions[0], c.at_risk);
    const Evaluation breach = EvalWith(policy, c.breach);
    ASSERT_EQ(breach.decisions.size(), 1u);
    EXPECT_EQ(breach.decisions[0].trigger, "breach");
    EXPECT_EQ(Local(breach.decisions[0].due_at, calendar), c.breach);
  }
  // The same in UTC, for the two weeks of a change: 19:00Z (not 20:00Z), 14:00Z (not 13:00Z).
  ticket_.fired.clear();
  ticket_.history = {{At("2026-03-06T20:00:00Z"), K::kCreated}};
  EXPECT_EQ(Z(EvalWith(LocalOfficePolicy("America/New_York"), "2026-03-09T17:00:00Z").next_wakeup),
            "2026-03-09T19:00:00+00:00");
  ticket_.history = {{At("2026-10-23T13:00:00Z"), K::kCreated}};
  EXPECT_EQ(Z(EvalWith(LocalOfficePolicy("Europe/Berlin"), "2026-10-26T12:00:00Z").next_wakeup),
            "2026-10-26T14:00:00+00:00");
}

TEST_F(EngineKnownBugs, DstChangeMovesNoRotationHandover) {
  Rotation ny;
  ny.id = "ny";
  ny.team = "support";
  ny.handover = Handover::kWeekly;
  ny.handover_time = 9h;
  ny.start = date::sys_days{date::year{2026} / 2 / 23};  // a Monday: ana, then ben, then cy
  ny.timezone = "America/New_York";
  ny.members = {"ana", "ben", "cy"};
  const TimeZone new_york(TimeZone::Locate("America/New_York"));
  // Monday 2026-03-02, EST: 09:00 local is 14:00Z.
  EXPECT_EQ(OnCallAt(ny, new_york, At("2026-03-02T13:59:59Z")), "ana");
  EXPECT_EQ(OnCallAt(ny, new_york, At("2026-03-02T14:00:00Z")), "ben");
  // Monday 2026-03-09, the day after springing forward, EDT: 09:00 local is 13:00Z.
  EXPECT_EQ(OnCallAt(ny, new_york, At("2026-03-09T08:59:59-04:00")), "ben");
  EXPECT_EQ(OnCallAt(ny, new_york, At("2026-03-09T12:59:59Z")), "ben");
  EXPECT_EQ(OnCallAt(ny, new_york, At("2026-03-09T13:00:00Z")), "cy");
  EXPECT_EQ(OnCallAt(ny, new_york, At("2026-03-09T13:30:00Z")), "cy");  // not 14:00Z (an EST hand-over)
  // A daily rotation hands over at 09:00 local on the Sunday of the change too.
  Rotation daily = ny;
  daily.handover = Handover::kDaily;
  daily.start = date::sys_days{date::year{2026} / 3 / 7};  // Saturday: ana; Sunday: ben
  EXPECT_EQ(OnCallAt(daily, new_york, At("2026-03-08T12:59:59Z")), "ana");
  EXPECT_EQ(OnCallAt(daily, new_york, At("2026-03-08T13:00:00Z")), "ben");
  EXPECT_EQ(OnCallAt(daily, new_york, At("2026-03-09T12:59:59Z")), "ben");
  EXPECT_EQ(OnCallAt(daily, new_york, At("2026-03-09T13:00:00Z")), "cy");

  Rotation berlin;
  berlin.id = "berlin";
  berlin.team = "engineering";
  berlin.handover = Handover::kWeekly;
  berlin.handover_time = 9h;
  berlin.start = date::sys_days{date::year{2026} / 10 / 19};  // a Monday: karl, then lena
  berlin.timezone = "Europe/Berlin";
  berlin.members = {"karl", "lena", "mia"};
  const TimeZone zone(TimeZone::Locate("Europe/Berlin"));
  // Monday 2026-10-19, CEST: 09:00 local is 07:00Z.
  EXPECT_EQ(OnCallAt(berlin, zone, At("2026-10-19T06:59:59Z")), "mia");
  EXPECT_EQ(OnCallAt(berlin, zone, At("2026-10-19T07:00:00Z")), "karl");
  // Monday 2026-10-26, the day after falling back, CET: 09:00 local is 08:00Z.
  EXPECT_EQ(OnCallAt(berlin, zone, At("2026-10-26T07:00:00Z")), "karl");  // 08:00 local
  EXPECT_EQ(OnCallAt(berlin, zone, At("2026-10-26T07:59:59Z")), "karl");
  EXPECT_EQ(OnCallAt(berlin, zone, At("2026-10-26T08:00:00Z")), "lena");
  EXPECT_EQ(OnCallAt(berlin, zone, At("2026-10-26T09:00:00+01:00")), "lena");

  // The router answers the same.
  Policy policy;
  policy.rotations = {ny, berlin};
  const Router router(policy);
  EXPECT_EQ(router.OnCall("support", At("2026-03-09T12:59:59Z")), "ben");
  EXPECT_EQ(router.OnCall("support", At("2026-03-09T13:00:00Z")), "cy");
  EXPECT_EQ(router.OnCall("engineering", At("2026-10-26T07:59:59Z")), "karl");
  EXPECT_EQ(router.OnCall("engineering", At("2026-10-26T08:00:00Z")), "lena");
}

TEST_F(EngineKnownBugs, DstChangeMovesNoQuietHoursWindow) {
  struct Case {
    std::string zone, at, send_at;
  };
  // Notifications go out 08:00-18:00 local, every day.
  const std::vector<Case> cases = {
      // New York: Saturday before the change (EST), the Sunday of the change (01:30 EST,
      // just before the gap), the Monday after (EDT).
      {"America/New_York", "2026-03-07T02:00:00-05:00", "2026-03-07T08:00:00-05:00"},
      {"America/New_York", "2026-03-08T01:30:00-05:00", "2026-03-08T08:00:00-04:00"},
      {"America/New_York", "2026-03-09T02:00:00-04:00", "2026-03-09T08:00:00-04:00"},
      // Berlin: Saturday before (CEST), the first 02:00 on the Sunday of the change, the
      // Monday after (CET).
      {"Europe/Berlin", "2026-10-24T02:00:00+02:00", "2026-10-24T08:00:00+02:00"},
      {"Europe/Berlin", "2026-10-25T02:00:00+02:00", "2026-10-25T08:00:00+01:00"},
      {"Europe/Berlin", "2026-10-26T02:00:00+01:00", "2026-10-26T08:00:00+01:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.at);
    Policy policy;
    policy.calendars.emplace("daytime", Hours("daytime", c.zone, 8, 18, kEveryDay));
    policy.quiet_hours = QuietHours{"daytime", {}, false};
    policy.channels = {Channel{"mail", ChannelType::kEmail, "escalator@example.com", "", "generic", "", "", {}, {}, std::nullopt}};
    NotifyContext context;
    context.assignee = "ana";
    context.priority = "medium";
    const auto planned = PlanNotifications(
        policy, NotifyAction{{RecipientRole::kAssignee}, {}, {}}, context, At(c.at));
    ASSERT_EQ(planned.size(), 1u);
    EXPECT_EQ(Local(planned[0].send_at, *policy.FindCalendar("daytime")), c.send_at);
    EXPECT_TRUE(planned[0].held);
  }
}

// --- Policy versions --------------------------------------------------------------------

TEST_F(EngineKnownBugs, EscalationsUnderWayKeepTheirPolicyVersion) {
  // Resolution 8h from Mon 09:00: 75% at Mon 15:00, 100% at Mon 17:00, 120% (9h36m) at
  // Tue 10:36. Next update 2h: 50% an hour after a reply, 100% two hours after.
  const SlaPolicy sla = Sla("standard", SlaTargetSpec{8h, "office"}, SlaTargetSpec{2h, "office"});
  Policy v1 = policy_;
  v1.version = "v1";
  v1.sla = {sla};
  v1.triggers = {SlaTrigger("at-risk", SlaTargetKind::kResolution, 75),
                 SlaTrigger("breach", SlaTargetKind::kResolution, 100),
                 SlaTrigger("update-late", SlaTargetKind::kNextUpdate, 100)};
  Policy v2 = v1;
  v2.version = "v2";
  v2.triggers[1].when.sla->percent_used = 120;
  v2.triggers[2].when.sla->percent_used = 50;
  Policy v2_removed = v2;  // v2 without the breach trigger
  v2_removed.triggers.erase(v2_removed.triggers.begin() + 1);
  const PolicyLookup knows_v1 = [&](std::string_view version) -> const Policy* {
    return version == "v1" ? &v1 : nullptr;
  };
  const Decision at_risk{"at-risk", "resolution#1", 0, At("2026-03-02T15:00:00Z"), {}, "", "v1"};

  {
    SCOPED_TRACE("resolution#1 started under v1: v1 decides its breach");
    Fired(at_risk, "2026-03-02T15:00:00Z");
    const Evaluation waiting = EvalWith(v2, "2026-03-02T16:00:00Z", knows_v1);
    EXPECT_TRUE(waiting.decisions.empty());
    EXPECT_EQ(Z(waiting.next_wakeup), "2026-03-02T17:00:00+00:00");
    for (const Policy* current : {&v2, &v2_removed}) {
      const Evaluation breach = EvalWith(*current, "2026-03-02T17:00:00Z", knows_v1);
      ASSERT_EQ(breach.decisions.size(), 1u) << current->triggers.size();
      EXPECT_EQ(breach.decisions[0].trigger, "breach");
      EXPECT_EQ(breach.decisions[0].occurrence, "resolution#1");
      EXPECT_EQ(breach.decisions[0].policy_version, "v1");
      EXPECT_EQ(Z(breach.decisions[0].due_at), "2026-03-02T17:00:00+00:00");
      EXPECT_NE(breach.decisions[0].explanation.find("has used 8h of 8h"), std::string::npos)
          << breach.decisions[0].explanation;
    }
    Fired(EvalWith(v2, "2026-03-02T17:00:00Z", knows_v1).decisions.at(0), "2026-03-02T17:00:00Z");
    // v2's breach at 120% is not a second breach of the same escalation.
    const Evaluation later = EvalWith(v2, "2026-03-03T11:00:00Z", knows_v1);
    EXPECT_TRUE(later.decisions.empty());
    EXPECT_FALSE(later.next_wakeup.has_value());
  }
  {
    SCOPED_TRACE("a new occurrence follows v2");
    ticket_.fired.clear();
    Fired(at_risk, "2026-03-02T15:00:00Z");
    // An agent reply at Mon 09:30 starts next_update#1, a family nothing fired for:
    // v2's update-late at 50% is due at 10:30 (v1's would wait until 11:30).
    ticket_.history.push_back({At("2026-03-02T09:30:00Z"), K::kAgentReplied});
    const Evaluation update = EvalWith(v2, "2026-03-02T10:30:00Z", knows_v1);
    ASSERT_EQ(update.decisions.size(), 1u);
    EXPECT_EQ(update.decisions[0].trigger, "update-late");
    EXPECT_EQ(update.decisions[0].occurrence, "next_update#1");
    EXPECT_EQ(update.decisions[0].policy_version, "v2");
    EXPECT_EQ(Z(update.decisions[0].due_at), "2026-03-02T10:30:00+00:00");
    // next_update#1 fired under v1 at 11:30; a customer reply at 12:00 starts
    // next_update#2, a new cycle: v2 decides it, due at 13:00 (50%), not 14:00 (100%).
    ticket_.fired.clear();
    ticket_.fired.push_back({"update-late", "next_update#1", At("2026-03-02T11:30:00Z"), 0, "v1"});
    ticket_.history.push_back({At("2026-03-02T12:00:00Z"), K::kCustomerReplied});
    const Evaluation waiting = EvalWith(v2, "2026-03-02T12:00:00Z", knows_v1);
    EXPECT_TRUE(waiting.decisions.empty());
    EXPECT_EQ(Z(waiting.next_wakeup), "2026-03-02T13:00:00+00:00");
    const Evaluation cycle2 = EvalWith(v2, "2026-03-02T13:00:00Z", knows_v1);
    ASSERT_EQ(cycle2.decisions.size(), 1u);
    EXPECT_EQ(cycle2.decisions[0].occurrence, "next_update#2");
    EXPECT_EQ(cycle2.decisions[0].policy_version, "v2");
    ticket_.history.resize(1);
  }
  {
    SCOPED_TRACE("after a re-apply, v2 decides everything");
    for (const char* reapplied : {"2026-03-02T15:30:00Z", "2026-03-02T15:00:00Z"}) {
      ticket_.fired.clear();
      Fired(at_risk, "2026-03-02T15:00:00Z");
      ticket_.reapplied_at = At(reapplied);
      const Evaluation at_old_breach = EvalWith(v2, "2026-03-02T17:00:00Z", knows_v1);
      EXPECT_TRUE(at_old_breach.decisions.empty()) << reapplied;
      EXPECT_EQ(Z(at_old_breach.next_wakeup), "2026-03-03T10:36:00+00:00") << reapplied;
      const Evaluation breach = EvalWith(v2, "2026-03-03T10:36:00Z", knows_v1);
      ASSERT_EQ(breach.decisions.size(), 1u) << reapplied;
      EXPECT_EQ(breach.decisions[0].policy_version, "v2");
      EXPECT_EQ(Z(breach.decisions[0].due_at), "2026-03-03T10:36:00+00:00");
      // v2 without the breach trigger: nothing more for resolution#1.
      const Evaluation removed = EvalWith(v2_removed, "2026-03-03T12:00:00Z", knows_v1);
      EXPECT_TRUE(removed.decisions.empty()) << reapplied;
      EXPECT_FALSE(removed.next_wakeup.has_value()) << reapplied;
    }
    // A re-apply before the firing does not release it.
    ticket_.reapplied_at = At("2026-03-02T14:00:00Z");
    const Evaluation pinned = EvalWith(v2, "2026-03-02T17:00:00Z", knows_v1);
    ASSERT_EQ(pinned.decisions.size(), 1u);
    EXPECT_EQ(pinned.decisions[0].policy_version, "v1");
    ticket_.reapplied_at.reset();
  }
  {
    SCOPED_TRACE("a version the lookup does not know: the current policy decides");
    ticket_.fired.clear();
    ticket_.fired.push_back({"at-risk", "resolution#1", At("2026-03-02T15:00:00Z"), 0, "v0"});
    for (const PolicyLookup& lookup : {knows_v1, PolicyLookup{}}) {
      const Evaluation e = EvalWith(v2, "2026-03-02T17:00:00Z", lookup);
      EXPECT_TRUE(e.decisions.empty());
      EXPECT_EQ(Z(e.next_wakeup), "2026-03-03T10:36:00+00:00");
      const Evaluation breach = EvalWith(v2, "2026-03-03T10:36:00Z", lookup);
      ASSERT_EQ(breach.decisions.size(), 1u);
      EXPECT_EQ(breach.decisions[0].policy_version, "v2");
    }
  }
}

// --- Quiet hours ------------------------------------------------------------------------

TEST_F(EngineKnownBugs, NoEscalationMailAtMidnightUnlessThePolicyAsksForIt) {
  Policy policy;
  // Quiet-hours calendar: weekdays 08:00-18:00 Berlin; the team works 09:00-17:00 Berlin.
  policy.calendars.emplace("daytime", Hours("daytime", "Europe/Berlin", 8, 18, kWeekdays));
  policy.calendars.emplace("support-hours",
                           Hours("support-hours", "Europe/Berlin", 9, 17, kWeekdays));
  policy.channels = {Channel{"mail", ChannelType::kEmail, "escalator@example.com", "", "generic", "", "", {}, {}, std::nullopt}};
  policy.quiet_hours = QuietHours{"daytime", {"critical"}, false};
  Team team;
  team.id = "support";
  team.members = {"ana", "ben"};
  team.lead = "lea";
  team.calendar = "support-hours";
  NotifyContext context;
  context.team = &team;
  context.assignee = "ana";
  context.on_call = "ben";
  context.priority = "medium";
  const Instant midnight = At("2026-03-03T00:00:00+01:00");  // Tuesday 00:00 Berlin
  const Calendar& berlin = *policy.FindCalendar("daytime");
  auto plan = [&](std::vector<RecipientRole> roles) {
    return PlanNotifications(policy, NotifyAction{std::move(roles), {}, {}}, context, midnight);
  };

  // Medium priority: held until the quiet-hours calendar opens, Tuesday 08:00 local.
  auto held = plan({RecipientRole::kAssignee, RecipientRole::kTeamLead});
  ASSERT_EQ(held.size(), 2u);
  for (const auto& n : held) {
    EXPECT_EQ(Local(n.send_at, berlin), "2026-03-03T08:00:00+01:00") << n.recipient;
    EXPECT_TRUE(n.held) << n.recipient;
  }
  // A priority the policy excepts: at once.
  context.priority = "critical";
  auto urgent = plan({RecipientRole::kAssignee});
  ASSERT_EQ(urgent.size(), 1u);
  EXPECT_EQ(Local(urgent[0].send_at, berlin), "2026-03-03T00:00:00+01:00");
  EXPECT_FALSE(urgent[0].held);
  context.priority = "medium";
  // The on-call person (and the customer): at once.
  auto on_call = plan({RecipientRole::kOnCall, RecipientRole::kCustomer});
  ASSERT_EQ(on_call.size(), 2u);
  EXPECT_EQ(on_call[0].recipient, "ben");
  EXPECT_EQ(on_call[1].recipient, "customer");
  for (const auto& n : on_call) {
    EXPECT_EQ(Local(n.send_at, berlin), "2026-03-03T00:00:00+01:00") << n.recipient;
    EXPECT_FALSE(n.held) << n.recipient;
  }
  // No quiet_hours section: the team's calendar decides, Tuesday 09:00 local.
  policy.quiet_hours.reset();
  auto team_hours = plan({RecipientRole::kAssignee});
  ASSERT_EQ(team_hours.size(), 1u);
  EXPECT_EQ(Local(team_hours[0].send_at, berlin), "2026-03-03T09:00:00+01:00");
  EXPECT_TRUE(team_hours[0].held);
  // ... and excepting priorities needs the section: critical waits for the team calendar.
  context.priority = "critical";
  EXPECT_EQ(Local(plan({RecipientRole::kAssignee}).at(0).send_at, berlin),
            "2026-03-03T09:00:00+01:00");
  context.priority = "medium";
  // No calendar at all (a team without hours, or no team): at once.
  team.calendar.reset();
  auto no_calendar = plan({RecipientRole::kAssignee});
  ASSERT_EQ(no_calendar.size(), 1u);
  EXPECT_EQ(Z(no_calendar[0].send_at), "2026-03-02T23:00:00+00:00");
  EXPECT_FALSE(no_calendar[0].held);
  context.team = nullptr;
  auto no_team = plan({RecipientRole::kAssignee});
  ASSERT_EQ(no_team.size(), 1u);
  EXPECT_EQ(Z(no_team[0].send_at), "2026-03-02T23:00:00+00:00");
  EXPECT_FALSE(no_team[0].held);
  // During the quiet-hours calendar's opening: at once, for everybody.
  policy.quiet_hours = QuietHours{"daytime", {"critical"}, false};
  const auto daytime = PlanNotifications(policy, NotifyAction{{RecipientRole::kAssignee}, {}, {}},
                                         context, At("2026-03-03T10:00:00+01:00"));
  ASSERT_EQ(daytime.size(), 1u);
  EXPECT_EQ(Local(daytime[0].send_at, berlin), "2026-03-03T10:00:00+01:00");
  EXPECT_FALSE(daytime[0].held);
}

}  // namespace
}  // namespace esc::core
