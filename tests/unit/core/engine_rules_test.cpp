// Tests of the engine's rules besides the triggers: the escalation path's step times,
// nothing for closed tickets, SLA breach counting by the incremental tracker, repeats
// collapsed by a late evaluation, routing within a team, and who a notification reaches
// on which channel.
#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/engine/evaluate.h"
#include "core/engine/notification_plan.h"
#include "core/engine/router.h"
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

// Opening hours [open_hour, close_hour) UTC, Monday to Friday.
Calendar Weekdays(std::string id, int open_hour, int close_hour) {
  CalendarSpec spec;
  spec.id = std::move(id);
  for (unsigned d = 1; d <= 5; ++d) {
    spec.weekly[d] = {LocalInterval{open_hour * 3600, close_hour * 3600}};
  }
  return Calendar::Create(std::move(spec)).value();
}

Trigger SlaTrigger(std::string name, SlaTargetKind target, double percent) {
  Trigger t;
  t.name = std::move(name);
  t.when.sla = SlaPoint{target, percent, Seconds{0}};
  t.then = {NotifyAction{{RecipientRole::kAssignee}, {}, {}}};
  return t;
}

Team MakeTeam(std::string id, std::string level, std::optional<std::string> calendar,
              std::vector<std::string> members = {}) {
  Team team;
  team.id = std::move(id);
  team.name = team.id;
  team.level = std::move(level);
  team.calendar = std::move(calendar);
  team.members = std::move(members);
  return team;
}

PathStep ToTeam(std::string team, std::optional<Seconds> time, std::string next) {
  PathStep step;
  step.team = std::move(team);
  step.time = time;
  if (!next.empty()) step.hand_over = {EscalateAction{EscalationKind::kToTeam, std::move(next)}};
  return step;
}

// The policy most tests share: an office calendar (weekdays 09:00-17:00 UTC), a late
// one (12:00-20:00 UTC), a gold SLA pausing while waiting on the customer, and paths.
class EngineRules : public ::testing::Test {
 protected:
  EngineRules() {
    policy_.calendars.emplace("office", Weekdays("office", 9, 17));
    policy_.calendars.emplace("late", Weekdays("late", 12, 20));
    SlaPolicy sla;
    sla.name = "standard";
    sla.tiers = {"gold"};
    sla.targets[0] = SlaTargetSpec{1h, "office"};
    sla.targets[1] = SlaTargetSpec{2h, "office"};
    sla.targets[2] = SlaTargetSpec{8h, "office"};
    sla.pause_on = {TicketStatus::kWaitingOnCustomer};
    policy_.sla = {sla};
    policy_.teams = {MakeTeam("frontline", "L1", "office"), MakeTeam("specialists", "L2", "late"),
                     MakeTeam("vendor", "L3", std::nullopt), MakeTeam("generalists", "L1", "office"),
                     MakeTeam("nightshift", "L1", std::nullopt)};
    // billing: frontline (2h) -> specialists (4h) -> vendor (last).
    policy_.paths.push_back({"billing",
                             {ToTeam("frontline", 2h, "specialists"),
                              ToTeam("specialists", 4h, "vendor"), ToTeam("vendor", {}, "")}});
    // security: nightshift (2h, no calendar of its own) -> frontline.
    policy_.paths.push_back(
        {"security", {ToTeam("nightshift", 2h, "frontline"), ToTeam("frontline", {}, "")}});
    // every other category: level L1 (1h) -> level L2.
    PathStep l1;
    l1.level = "L1";
    l1.time = 1h;
    l1.hand_over = {EscalateAction{EscalationKind::kToLevel, "L2"}};
    PathStep l2;
    l2.level = "L2";
    policy_.paths.push_back({"default", {l1, l2}});

    ticket_.tier = "gold";
    ticket_.category = "billing";
    ticket_.history = {{At("2026-03-02T09:00:00Z"), K::kCreated}};  // a Monday
    ticket_.last_update = At("2026-03-02T09:00:00Z");
    Hold("frontline", "2026-03-02T09:00:00Z");
  }

  void Hold(std::string team, std::string_view since) {
    ticket_.team = std::move(team);
    ticket_.team_since = At(since);
  }
  void Status(std::string_view at, TicketStatus s) {
    ticket_.history.push_back({At(at), K::kStatusChanged, s});
  }
  Evaluation Eval(std::string_view now) {
    auto result = Evaluate(ticket_, policy_, At(now));
    EXPECT_TRUE(result.has_value()) << result.error().message;
    return result.value_or(Evaluation{});
  }
  void Fired(const Decision& d, std::string_view at) {
    ticket_.fired.push_back({d.trigger, d.occurrence, At(at), d.repeat, d.policy_version});
  }

  Policy policy_;
  TicketFacts ticket_;
};

// --- The escalation path ----------------------------------------------------------------

TEST_F(EngineRules, PathStepHandsOverAfterItsTimeOnTheTeamCalendar) {
  const Evaluation before = Eval("2026-03-02T10:00:00Z");
  EXPECT_TRUE(before.decisions.empty());
  EXPECT_EQ(Z(before.next_wakeup), "2026-03-02T11:00:00+00:00");
  EXPECT_TRUE(Eval("2026-03-02T10:59:59Z").decisions.empty());
  const Evaluation due = Eval("2026-03-02T11:00:00Z");
  ASSERT_EQ(due.decisions.size(), 1u);
  const Decision& d = due.decisions[0];
  EXPECT_EQ(d.trigger, kPathTrigger);
  EXPECT_EQ(d.trigger, "escalation-path");
  EXPECT_EQ(d.occurrence, "step:frontline@1772442000");  // 2026-03-02T09:00:00Z
  EXPECT_EQ(Z(d.due_at), "2026-03-02T11:00:00+00:00");
  EXPECT_EQ(d.repeat, 0);
  ASSERT_EQ(d.actions.size(), 1u);
  const auto* escalate = std::get_if<EscalateAction>(&d.actions[0]);
  ASSERT_NE(escalate, nullptr);
  EXPECT_EQ(escalate->kind, EscalationKind::kToTeam);
  EXPECT_EQ(escalate->target, "specialists");
  EXPECT_EQ(d.explanation,
            "trigger \"escalation-path\" at 2026-03-02T11:00:00+00:00: team \"frontline\" has held "
            "the case for 2h of business time on calendar \"office\", its time on the billing "
            "path; next: team \"specialists\"");
  EXPECT_FALSE(due.next_wakeup.has_value());

  // Taken at Mon 16:00: 1h on Monday, 1h on Tuesday from 09:00.
  Hold("frontline", "2026-03-02T16:00:00Z");
  EXPECT_EQ(Z(Eval("2026-03-02T16:30:00Z").next_wakeup), "2026-03-03T10:00:00+00:00");
  // The specialists work 12:00-20:00: taken at Mon 10:00, 4h of their time is Mon 16:00
  // (on the office calendar it would have been 14:00).
  Hold("specialists", "2026-03-02T10:00:00Z");
  EXPECT_EQ(Z(Eval("2026-03-02T10:00:00Z").next_wakeup), "2026-03-02T16:00:00+00:00");
  EXPECT_TRUE(Eval("2026-03-02T15:59:59Z").decisions.empty());
  const Evaluation specialists = Eval("2026-03-02T16:00:00Z");
  ASSERT_EQ(specialists.decisions.size(), 1u);
  EXPECT_EQ(specialists.decisions[0].occurrence, "step:specialists@1772445600");  // 10:00Z
  EXPECT_EQ(std::get<EscalateAction>(specialists.decisions[0].actions[0]).target, "vendor");
}

TEST_F(EngineRules, PathStepTimeSkipsWaitingTime) {
  // Waiting on the customer 09:30-10:30: the frontline's 2h end at 12:00, not 11:00.
  Status("2026-03-02T09:30:00Z", TicketStatus::kWaitingOnCustomer);
  Status("2026-03-02T10:30:00Z", TicketStatus::kOpen);
  EXPECT_TRUE(Eval("2026-03-02T11:00:00Z").decisions.empty());
  EXPECT_EQ(Z(Eval("2026-03-02T11:00:00Z").next_wakeup), "2026-03-02T12:00:00+00:00");
  EXPECT_EQ(Z(Eval("2026-03-02T12:00:00Z").decisions.at(0).due_at), "2026-03-02T12:00:00+00:00");
  // A team that takes the case while it waits starts counting when the wait ends: taken
  // at 10:00, counting from 10:30, due 12:30.
  Hold("frontline", "2026-03-02T10:00:00Z");
  EXPECT_EQ(Z(Eval("2026-03-02T10:00:00Z").next_wakeup), "2026-03-02T12:30:00+00:00");
  // While it waits, the instant is not known yet.
  ticket_.history.pop_back();
  const Evaluation waiting = Eval("2026-03-02T10:15:00Z");
  EXPECT_TRUE(waiting.decisions.empty());
  EXPECT_FALSE(waiting.next_wakeup.has_value());
}

TEST_F(EngineRules, PathStepPausesInTheSlaPolicysPauseStatusesOnly) {
  // The gold SLA pauses on waiting_on_customer only: waiting on a third party counts.
  Status("2026-03-02T09:30:00Z", TicketStatus::kWaitingOnThirdParty);
  Status("2026-03-02T10:30:00Z", TicketStatus::kOpen);
  EXPECT_EQ(Z(Eval("2026-03-02T10:30:00Z").next_wakeup), "2026-03-02T11:00:00+00:00");
  // Without an SLA policy, both waiting statuses pause it: due 12:00.
  ticket_.tier = "bronze";
  EXPECT_EQ(Z(Eval("2026-03-02T10:30:00Z").next_wakeup), "2026-03-02T12:00:00+00:00");
}

TEST_F(EngineRules, PathStepOfATeamWithoutCalendarUsesTheSlaCalendarElseAlwaysOpen) {
  ticket_.category = "security";
  Hold("nightshift", "2026-03-07T10:00:00Z");  // a Saturday
  // The gold SLA's resolution calendar (office): Mon 09:00 + 2h.
  EXPECT_EQ(Z(Eval("2026-03-07T10:00:00Z").next_wakeup), "2026-03-09T11:00:00+00:00");
  // No SLA policy: an always-open calendar, Sat 12:00.
  ticket_.tier = "bronze";
  EXPECT_EQ(Z(Eval("2026-03-07T10:00:00Z").next_wakeup), "2026-03-07T12:00:00+00:00");
  const Evaluation due = Eval("2026-03-07T12:00:00Z");
  ASSERT_EQ(due.decisions.size(), 1u);
  EXPECT_EQ(std::get<EscalateAction>(due.decisions[0].actions[0]).target, "frontline");
  EXPECT_NE(due.decisions[0].explanation.find("on calendar \"always-open\""), std::string::npos)
      << due.decisions[0].explanation;
}

TEST_F(EngineRules, PathStepOfALevelOnTheDefaultPath) {
  ticket_.category = "shipping";  // no path of its own
  Hold("generalists", "2026-03-02T09:00:00Z");
  const Evaluation due = Eval("2026-03-02T10:00:00Z");
  ASSERT_EQ(due.decisions.size(), 1u);
  EXPECT_EQ(due.decisions[0].occurrence, "step:generalists@1772442000");
  const auto& escalate = std::get<EscalateAction>(due.decisions[0].actions[0]);
  EXPECT_EQ(escalate.kind, EscalationKind::kToLevel);
  EXPECT_EQ(escalate.target, "L2");
  EXPECT_NE(due.decisions[0].explanation.find("its time on the default path; next: level \"L2\""),
            std::string::npos)
      << due.decisions[0].explanation;
}

TEST_F(EngineRules, NoHandOverFromTheLastStepOrWithoutATeam) {
  Hold("vendor", "2026-03-02T09:00:00Z");
  for (const char* now : {"2026-03-02T11:00:00Z", "2026-03-30T12:00:00Z"}) {
    const Evaluation e = Eval(now);
    EXPECT_TRUE(e.decisions.empty()) << now;
    EXPECT_FALSE(e.next_wakeup.has_value()) << now;
  }
  ticket_.team.clear();
  const Evaluation none = Eval("2026-03-30T12:00:00Z");
  EXPECT_TRUE(none.decisions.empty());
  EXPECT_FALSE(none.next_wakeup.has_value());
}

TEST_F(EngineRules, PathOccurrenceNamesTheTeamAndWhenItTookTheCase) {
  const Evaluation first = Eval("2026-03-02T11:00:00Z");
  ASSERT_EQ(first.decisions.size(), 1u);
  EXPECT_EQ(first.decisions[0].occurrence, "step:frontline@1772442000");
  Fired(first.decisions[0], "2026-03-02T11:00:00Z");
  const Evaluation after = Eval("2026-03-03T11:00:00Z");
  EXPECT_TRUE(after.decisions.empty());
  EXPECT_FALSE(after.next_wakeup.has_value());
  // The case comes back to the frontline at 13:00: a new occurrence, due 15:00.
  Hold("frontline", "2026-03-02T13:00:00Z");
  EXPECT_EQ(Z(Eval("2026-03-02T13:00:00Z").next_wakeup), "2026-03-02T15:00:00+00:00");
  const Evaluation again = Eval("2026-03-02T15:00:00Z");
  ASSERT_EQ(again.decisions.size(), 1u);
  EXPECT_EQ(again.decisions[0].occurrence, "step:frontline@1772456400");  // 13:00Z
}

TEST_F(EngineRules, NoHandOverForAResolvedTicket) {
  Status("2026-03-02T10:00:00Z", TicketStatus::kResolved);
  for (const char* now : {"2026-03-02T11:00:00Z", "2026-03-09T11:00:00Z"}) {
    const Evaluation e = Eval(now);
    EXPECT_TRUE(e.decisions.empty()) << now;
    EXPECT_FALSE(e.next_wakeup.has_value()) << now;
  }
}

// --- Closed tickets ---------------------------------------------------------------------

TEST_F(EngineRules, NothingFiresForAClosedTicketAndNothingWakesIt) {
  Trigger high;
  high.name = "high-priority";
  high.when.priorities = {"high"};
  high.then = {TagAction{"vip"}};
  Trigger unassigned;
  unassigned.name = "unassigned";
  unassigned.when.unassigned_for = 30min;
  unassigned.then = {AssignAction{"frontline"}};
  policy_.triggers = {SlaTrigger("breach", SlaTargetKind::kResolution, 100), high, unassigned};
  ticket_.priority = "high";
  ticket_.unassigned_since = At("2026-03-02T09:00:00Z");
  // Open, at Mon 12:00: the fact trigger, the unassigned one and the path step are due.
  const Evaluation open = Eval("2026-03-02T12:00:00Z");
  ASSERT_EQ(open.decisions.size(), 3u);
  EXPECT_EQ(open.decisions[0].trigger, "high-priority");
  EXPECT_EQ(open.decisions[1].trigger, "unassigned");
  EXPECT_EQ(open.decisions[2].trigger, "escalation-path");
  EXPECT_EQ(Z(open.next_wakeup), "2026-03-02T17:00:00+00:00");

  const SlaPolicy* sla = &policy_.sla[0];
  for (TicketStatus end : {TicketStatus::kClosed, TicketStatus::kResolved}) {
    ticket_.history.resize(1);
    Status("2026-03-02T09:20:00Z", end);
    for (const char* now : {"2026-03-02T12:00:00Z", "2026-03-02T17:00:00Z", "2026-04-01T12:00:00Z"}) {
      const Evaluation e = Eval(now);
      EXPECT_TRUE(e.decisions.empty()) << now;
      EXPECT_FALSE(e.next_wakeup.has_value()) << now;
      auto clocks = ReplaySla(*sla, policy_, ticket_.history);
      ASSERT_TRUE(clocks.has_value());
      auto tracked = EvaluateTracked(ticket_, policy_, sla, &*clocks, At(now));
      ASSERT_TRUE(tracked.has_value());
      EXPECT_TRUE(tracked->decisions.empty()) << now;
      EXPECT_FALSE(tracked->next_wakeup.has_value()) << now;
    }
  }
  // Reopened at 11:00 (after being resolved at 09:20): the triggers decide again. The
  // path step's 2h do not count the time the ticket was resolved: 20m before (09:00 to
  // 09:20) plus 1h40m from 11:00 makes it due at 12:40, not at once.
  Status("2026-03-02T11:00:00Z", TicketStatus::kReopened);
  const Evaluation reopened = Eval("2026-03-02T12:00:00Z");
  ASSERT_EQ(reopened.decisions.size(), 2u);
  EXPECT_EQ(reopened.decisions[0].trigger, "high-priority");
  EXPECT_EQ(reopened.decisions[1].trigger, "unassigned");
  EXPECT_EQ(Z(reopened.next_wakeup), "2026-03-02T12:40:00+00:00");
  const Evaluation later = Eval("2026-03-02T12:40:00Z");
  ASSERT_EQ(later.decisions.size(), 3u);
  EXPECT_EQ(later.decisions[2].trigger, "escalation-path");
}

// --- SLA breach counting ----------------------------------------------------------------

class EngineRulesSlaBreaches : public EngineRules {
 protected:
  // Applies the events in turn; the tracker's answer must equal a full replay's.
  const TicketSla& Apply(std::initializer_list<TicketEvent> events) {
    for (const TicketEvent& e : events) {
      auto ok = tracker_.Apply(e);
      EXPECT_TRUE(ok.has_value()) << ok.error().message;
      events_.push_back(e);
    }
    auto replayed = ReplaySla(policy_.sla[0], policy_, events_);
    EXPECT_TRUE(replayed.has_value());
    if (replayed) {
      EXPECT_EQ(replayed->breaches, tracker_.clocks().breaches);
      EXPECT_EQ(replayed->cycles, tracker_.clocks().cycles);
    }
    return tracker_.clocks();
  }
  static TicketEvent Created(std::string_view at) { return {At(at), K::kCreated}; }
  static TicketEvent Agent(std::string_view at) { return {At(at), K::kAgentReplied}; }
  static TicketEvent Customer(std::string_view at) { return {At(at), K::kCustomerReplied}; }
  static TicketEvent Set(std::string_view at, TicketStatus s) {
    return {At(at), K::kStatusChanged, s};
  }

  SlaTracker tracker_{policy_.sla[0], policy_};
  std::vector<TicketEvent> events_;
};

using Counts = std::array<int, 3>;  // first response, next update, resolution

TEST_F(EngineRulesSlaBreaches, CyclesThatMeetTheirDeadlinesCountNoBreach) {
  // First response due 10:00, next update 11:30 then 13:00, resolution 17:00.
  const TicketSla& sla = Apply({Created("2026-03-02T09:00:00Z"), Agent("2026-03-02T09:30:00Z"),
                                Agent("2026-03-02T11:00:00Z"),
                                Set("2026-03-02T12:00:00Z", TicketStatus::kResolved)});
  EXPECT_EQ(sla.breaches, (Counts{0, 0, 0}));
  EXPECT_EQ(sla.cycles, (Counts{1, 2, 1}));
  EXPECT_EQ(sla.Clock(SlaTargetKind::kResolution)->StatusAt(At("2026-03-03T12:00:00Z"))->state,
            SlaState::kMet);
}

TEST_F(EngineRulesSlaBreaches, ARestartAfterTheDeadlineCountsOneBreach) {
  Apply({Created("2026-03-02T09:00:00Z"), Agent("2026-03-02T09:30:00Z")});  // update due 11:30
  // The customer writes at 12:00: the cycle due 11:30 ends late.
  EXPECT_EQ(Apply({Customer("2026-03-02T12:00:00Z")}).breaches, (Counts{0, 1, 0}));
  EXPECT_EQ(tracker_.clocks().cycles, (Counts{1, 2, 1}));
  // Due 14:00, answered at 13:00: met.
  EXPECT_EQ(Apply({Agent("2026-03-02T13:00:00Z")}).breaches, (Counts{0, 1, 0}));
  // Due 15:00, restarted exactly at 15:00: met (a deadline is still on time).
  EXPECT_EQ(Apply({Customer("2026-03-02T15:00:00Z")}).breaches, (Counts{0, 1, 0}));
  // Due Mon 17:00 (a deadline on a closing time is that closing time); restarted at the
  // next opening, Tue 09:00: late.
  EXPECT_EQ(Apply({Agent("2026-03-03T09:00:00Z")}).breaches, (Counts{0, 2, 0}));
  EXPECT_EQ(tracker_.clocks().cycles, (Counts{1, 5, 1}));
}

TEST_F(EngineRulesSlaBreaches, AStopAfterTheDeadlineCountsAndARunningBreachDoesNotYet) {
  Apply({Created("2026-03-02T09:00:00Z"), Agent("2026-03-02T09:30:00Z")});
  // Tue 10:00: resolution (due Mon 17:00) and next update (due Mon 11:30) are overdue but
  // still running: not counted yet.
  EXPECT_EQ(tracker_.clocks().breaches, (Counts{0, 0, 0}));
  EXPECT_EQ(
      tracker_.clocks().Clock(SlaTargetKind::kResolution)->StatusAt(At("2026-03-03T10:00:00Z"))->state,
      SlaState::kBreached);
  // Resolved Tue 10:00: both cycles end late; first response was met.
  EXPECT_EQ(Apply({Set("2026-03-03T10:00:00Z", TicketStatus::kResolved)}).breaches,
            (Counts{0, 1, 1}));
  // Closing after resolving ends nothing more.
  EXPECT_EQ(Apply({Set("2026-03-03T11:00:00Z", TicketStatus::kClosed)}).breaches,
            (Counts{0, 1, 1}));
}

TEST_F(EngineRulesSlaBreaches, APauseBeforeTheDeadlineKeepsTheCycleOnTimeAndOneAfterDoesNot) {
  // Waiting from Mon 10:00 (1h of 8h used) until resolved on Wednesday: met.
  EXPECT_EQ(Apply({Created("2026-03-02T09:00:00Z"),
                   Set("2026-03-02T10:00:00Z", TicketStatus::kWaitingOnCustomer),
                   Set("2026-03-04T12:00:00Z", TicketStatus::kResolved)})
                .breaches,
            (Counts{0, 0, 0}));
  // First response, due 10:00 and paused exactly then, never given: on time, met.
  EXPECT_EQ(tracker_.clocks().Clock(SlaTargetKind::kFirstResponse)->StatusAt(
                At("2026-03-05T12:00:00Z"))->state,
            SlaState::kMet);
}

TEST_F(EngineRulesSlaBreaches, APauseAfterTheDeadlineStillEndsLate) {
  // Resolution due Mon 17:00; waiting from Tue 10:00; resolved Tue 11:00 while paused.
  EXPECT_EQ(Apply({Created("2026-03-02T09:00:00Z"), Agent("2026-03-02T09:30:00Z"),
                   Agent("2026-03-02T11:00:00Z"), Agent("2026-03-02T12:30:00Z"),
                   Agent("2026-03-02T14:00:00Z"), Agent("2026-03-02T15:30:00Z"),
                   Set("2026-03-03T10:00:00Z", TicketStatus::kWaitingOnCustomer),
                   Set("2026-03-03T11:00:00Z", TicketStatus::kResolved)})
                .breaches,
            (Counts{0, 1, 1}));  // next update due Mon 17:30 -> Tue 09:30, paused at 10:00
}

// Expected: a reopened resolution clock continues the same cycle (cycles stays 1, its
// occurrence stays resolution#1), so a resolution that was late, resolved, reopened and
// resolved again is one cycle that ended past its deadline: breaches counts 1, not 2
// ("TicketSla::breaches: how many cycles of each clock ended past their deadline").
TEST_F(EngineRulesSlaBreaches, AReopenedLateResolutionIsOneBreachedCycle) {
  Apply({Created("2026-03-02T09:00:00Z"), Agent("2026-03-02T09:30:00Z"),
         Set("2026-03-03T10:00:00Z", TicketStatus::kResolved)});
  EXPECT_EQ(tracker_.clocks().breaches[2], 1);
  const TicketSla& sla = Apply({Set("2026-03-03T11:00:00Z", TicketStatus::kReopened),
                                Set("2026-03-03T12:00:00Z", TicketStatus::kResolved)});
  EXPECT_EQ(sla.cycles[2], 1);
  EXPECT_EQ(sla.breaches[2], 1) << "one late cycle (resolution#1) must count once";
}

TEST_F(EngineRulesSlaBreaches, EventsOutOfOrderAreRefusedAndChangeNothing) {
  Apply({Created("2026-03-02T09:00:00Z"), Agent("2026-03-02T12:00:00Z")});
  const TicketSla before = tracker_.clocks();
  auto late = tracker_.Apply(Customer("2026-03-02T11:00:00Z"));
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kInvalid);
  auto twice = tracker_.Apply(Created("2026-03-02T13:00:00Z"));
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(tracker_.clocks().cycles, before.cycles);
  EXPECT_EQ(tracker_.clocks().breaches, before.breaches);
  SlaTracker fresh(policy_.sla[0], policy_);
  EXPECT_FALSE(fresh.Apply(Agent("2026-03-02T09:00:00Z")).has_value());
}

// --- Repeats after a late evaluation ----------------------------------------------------

TEST_F(EngineRules, ALateEvaluationCollapsesMissedRepeatsIntoTheLatestDue) {
  ticket_.team.clear();
  Trigger breach = SlaTrigger("breach", SlaTargetKind::kResolution, 100);
  breach.repeat = Repeat{30min, 5};
  policy_.triggers = {breach};
  // Due Mon 17:00 but first asked at 18:00: the first firing is due 17:00; repeats count
  // from when it fired.
  const Evaluation first = Eval("2026-03-02T18:00:00Z");
  ASSERT_EQ(first.decisions.size(), 1u);
  EXPECT_EQ(first.decisions[0].repeat, 0);
  EXPECT_EQ(Z(first.decisions[0].due_at), "2026-03-02T17:00:00+00:00");
  EXPECT_EQ(Z(first.next_wakeup), "2026-03-02T18:30:00+00:00");
  Fired(first.decisions[0], "2026-03-02T18:00:00Z");
  // Asked next at 19:40: repeats 1 (18:30) and 2 (19:00) were missed; one decision,
  // repeat 3 due 19:30, and the next at 20:00.
  const Evaluation late = Eval("2026-03-02T19:40:00Z");
  ASSERT_EQ(late.decisions.size(), 1u);
  EXPECT_EQ(late.decisions[0].repeat, 3);
  EXPECT_EQ(Z(late.decisions[0].due_at), "2026-03-02T19:30:00+00:00");
  EXPECT_EQ(Z(late.next_wakeup), "2026-03-02T20:00:00+00:00");
  EXPECT_NE(late.decisions[0].explanation.find("not acknowledged: repeat 3 of 5"),
            std::string::npos)
      << late.decisions[0].explanation;
  Fired(late.decisions[0], "2026-03-02T19:40:00Z");
  const Evaluation between = Eval("2026-03-02T19:50:00Z");
  EXPECT_TRUE(between.decisions.empty());
  EXPECT_EQ(Z(between.next_wakeup), "2026-03-02T20:00:00+00:00");
  EXPECT_EQ(Eval("2026-03-02T20:00:00Z").decisions.at(0).repeat, 4);
  // Asked much later: the last repeat (5, due 20:30), nothing after it.
  const Evaluation last = Eval("2026-03-03T08:00:00Z");
  ASSERT_EQ(last.decisions.size(), 1u);
  EXPECT_EQ(last.decisions[0].repeat, 5);
  EXPECT_EQ(Z(last.decisions[0].due_at), "2026-03-02T20:30:00+00:00");
  EXPECT_FALSE(last.next_wakeup.has_value());
  Fired(last.decisions[0], "2026-03-03T08:00:00Z");
  const Evaluation done = Eval("2026-03-04T08:00:00Z");
  EXPECT_TRUE(done.decisions.empty());
  EXPECT_FALSE(done.next_wakeup.has_value());
}

// --- Routing ----------------------------------------------------------------------------

class EngineRulesRouter : public EngineRules {
 protected:
  EngineRulesRouter() {
    policy_.teams.push_back(MakeTeam("support", "L1", "office", {"ana", "ben", "cy"}));
    policy_.teams.push_back(MakeTeam("empty", "L1", "office"));
    Rotation rotation;
    rotation.id = "support-on-call";
    rotation.team = "support";
    rotation.handover = Handover::kWeekly;
    rotation.handover_time = 9h;
    rotation.start = date::sys_days{date::year{2026} / 3 / 2};  // Monday: cy's week
    rotation.timezone = "Etc/UTC";
    rotation.members = {"cy", "ana", "ben"};
    policy_.rotations = {rotation};
  }
  std::vector<std::string> AssignAll(Router& router, std::initializer_list<const char*> times) {
    std::vector<std::string> out;
    for (const char* at : times) out.push_back(router.Assign("support", At(at)));
    return out;
  }
  using Names = std::vector<std::string>;
};

TEST_F(EngineRulesRouter, RoundRobinAmongEquals) {
  policy_.routing.order = {RoutingCriterion::kSkills};
  Router router(policy_);
  EXPECT_EQ(AssignAll(router, {"2026-03-02T10:00:00Z", "2026-03-02T10:01:00Z",
                               "2026-03-02T10:02:00Z", "2026-03-02T10:03:00Z",
                               "2026-03-02T10:04:00Z"}),
            (Names{"ana", "ben", "cy", "ana", "ben"}));
  EXPECT_EQ(router.Load("ana"), 2);
  EXPECT_EQ(router.Load("ben"), 2);
  EXPECT_EQ(router.Load("cy"), 1);
}

TEST_F(EngineRulesRouter, LeastLoadWinsAndReleaseLowersTheLoad) {
  policy_.routing.order = {RoutingCriterion::kLoad};
  Router router(policy_);
  EXPECT_EQ(AssignAll(router, {"2026-03-02T10:00:00Z", "2026-03-02T10:01:00Z",
                               "2026-03-02T10:02:00Z", "2026-03-02T10:03:00Z"}),
            (Names{"ana", "ben", "cy", "ana"}));
  // ana 2, ben 1, cy 1; ben resolves his case: ben 0, and takes the next one.
  router.Release("ben");
  EXPECT_EQ(router.Load("ben"), 0);
  EXPECT_EQ(router.Assign("support", At("2026-03-02T10:04:00Z")), "ben");
  router.Release("ana");
  router.Release("ana");
  router.Release("ana");  // never below zero
  EXPECT_EQ(router.Load("ana"), 0);
  router.Release("nobody");
  EXPECT_EQ(router.Load("nobody"), 0);
  EXPECT_EQ(router.Assign("support", At("2026-03-02T10:05:00Z")), "ana");
  EXPECT_EQ(router.Load("ana"), 1);
  EXPECT_EQ(router.Load("ben"), 1);
  EXPECT_EQ(router.Load("cy"), 1);
}

TEST_F(EngineRulesRouter, OnCallPreferredWhenTheRoutingOrderPutsItFirst) {
  // The default order (skills, on_call, working_hours, load): cy, on call, takes all.
  Router first(policy_);
  EXPECT_EQ(first.OnCall("support", At("2026-03-02T10:00:00Z")), "cy");
  EXPECT_EQ(AssignAll(first, {"2026-03-02T10:00:00Z", "2026-03-02T10:01:00Z",
                              "2026-03-02T10:02:00Z"}),
            (Names{"cy", "cy", "cy"}));
  EXPECT_EQ(first.Load("cy"), 3);
  // Load first: on call only breaks the tie among the least loaded.
  policy_.routing.order = {RoutingCriterion::kLoad, RoutingCriterion::kOnCall};
  Router load_first(policy_);
  EXPECT_EQ(AssignAll(load_first, {"2026-03-02T10:00:00Z", "2026-03-02T10:01:00Z",
                                   "2026-03-02T10:02:00Z", "2026-03-02T10:03:00Z"}),
            (Names{"cy", "ana", "ben", "cy"}));
}

TEST_F(EngineRulesRouter, OutsideWorkingHoursOnlyTheOnCallMember) {
  policy_.routing.order = {RoutingCriterion::kWorkingHours, RoutingCriterion::kLoad};
  Router router(policy_);
  EXPECT_EQ(AssignAll(router, {"2026-03-02T10:00:00Z",    // open: least load, round-robin
                               "2026-03-02T20:00:00Z",    // closed: cy, on call
                               "2026-03-02T21:00:00Z",    // closed: cy again, load or not
                               "2026-03-07T12:00:00Z",    // Saturday: cy
                               "2026-03-03T10:00:00Z"}),  // open: ben, the least loaded
            (Names{"ana", "cy", "cy", "cy", "ben"}));
  EXPECT_EQ(router.Load("cy"), 3);
  // Before the rotation's first hand-over (Mon 09:00), ben's (previous) week is on.
  EXPECT_EQ(router.OnCall("support", At("2026-03-02T08:59:59Z")), "ben");
  EXPECT_EQ(router.Assign("support", At("2026-03-02T08:00:00Z")), "ben");
  // A team no rotation covers, or without members.
  EXPECT_EQ(router.OnCall("frontline", At("2026-03-02T20:00:00Z")), "");
  EXPECT_EQ(router.Assign("empty", At("2026-03-02T10:00:00Z")), "");
  EXPECT_EQ(router.Assign("unknown", At("2026-03-02T10:00:00Z")), "");
}

TEST_F(EngineRulesRouter, SameCallsSameAnswers) {
  auto run = [&] {
    Router router(policy_);
    std::vector<std::string> out;
    for (const char* at : {"2026-03-02T10:00:00Z", "2026-03-02T20:00:00Z", "2026-03-03T10:00:00Z"}) {
      out.push_back(router.Assign("support", At(at)));
    }
    router.Release(out[0]);
    policy_.routing.order = {RoutingCriterion::kLoad};
    out.push_back(router.Assign("support", At("2026-03-03T11:00:00Z")));
    out.push_back(router.Assign("support", At("2026-03-03T11:00:00Z")));
    policy_.routing.order = Routing{}.order;
    return out;
  };
  const std::vector<std::string> once = run();
  EXPECT_EQ(once, (Names{"cy", "cy", "cy", "ana", "ben"}));
  EXPECT_EQ(run(), once);
}

// --- Notification plans -----------------------------------------------------------------

class EngineRulesNotifications : public ::testing::Test {
 protected:
  EngineRulesNotifications() {
    policy_.channels = {Channel{"hook", ChannelType::kWebhook, "", "https://chat.example/h", "slack", "", "", {}, {}, std::nullopt},
                        Channel{"mail", ChannelType::kEmail, "esc@example.com", "", "generic", "", "", {}, {}, std::nullopt},
                        Channel{"mail2", ChannelType::kEmail, "other@example.com", "", "generic", "", "", {}, {}, std::nullopt}};
    team_ = MakeTeam("support", "L1", std::nullopt, {"ana", "ben"});
    team_.lead = "lea";
    team_.manager = "max";
    context_.team = &team_;
    context_.assignee = "ana";
    context_.on_call = "cy";
    context_.priority = "medium";
    context_.customer = "client@example.com";
  }
  std::vector<PlannedNotification> Plan(NotifyAction action) {
    return PlanNotifications(policy_, action, context_, now_);
  }
  static std::vector<std::string> Who(const std::vector<PlannedNotification>& plan) {
    std::vector<std::string> out;
    for (const auto& n : plan) {
      out.push_back((n.role ? std::string(ToString(*n.role)) : std::string("person")) + ":" +
                    n.recipient + "/" + n.channel);
    }
    return out;
  }

  Policy policy_;
  Team team_;
  NotifyContext context_;
  Instant now_ = At("2026-03-02T10:00:00Z");
};

using Lines = std::vector<std::string>;

TEST_F(EngineRulesNotifications, RolesResolveAgainstTheHoldingTeam) {
  const auto plan = Plan({{RecipientRole::kAssignee, RecipientRole::kTeam, RecipientRole::kTeamLead,
                           RecipientRole::kManager, RecipientRole::kCustomer,
                           RecipientRole::kOnCall},
                          {},
                          {"mail"}});
  EXPECT_EQ(Who(plan), (Lines{std::string(ToString(RecipientRole::kAssignee)) + ":ana/mail",
                              std::string(ToString(RecipientRole::kTeam)) + ":ben/mail",
                              std::string(ToString(RecipientRole::kTeamLead)) + ":lea/mail",
                              std::string(ToString(RecipientRole::kManager)) + ":max/mail",
                              std::string(ToString(RecipientRole::kCustomer)) +
                                  ":client@example.com/mail",
                              std::string(ToString(RecipientRole::kOnCall)) + ":cy/mail"}));
  for (const auto& n : plan) {
    EXPECT_EQ(Z(n.send_at), "2026-03-02T10:00:00+00:00") << n.recipient;  // no quiet hours
    EXPECT_FALSE(n.held) << n.recipient;
  }
}

TEST_F(EngineRulesNotifications, DuplicatesAreDroppedPerChannel) {
  team_.lead = "ana";  // the lead is also the assignee
  const auto plan = Plan({{RecipientRole::kAssignee, RecipientRole::kTeamLead, RecipientRole::kTeam},
                          {"ben", "dora"},
                          {"mail", "hook"}});
  const std::string assignee(ToString(RecipientRole::kAssignee));
  const std::string team(ToString(RecipientRole::kTeam));
  EXPECT_EQ(Who(plan), (Lines{assignee + ":ana/mail", assignee + ":ana/hook", team + ":ben/mail",
                              team + ":ben/hook", "person:dora/mail", "person:dora/hook"}));
  // The same channel listed twice is one notification.
  EXPECT_EQ(Who(Plan({{RecipientRole::kAssignee}, {}, {"mail", "mail"}})),
            (Lines{assignee + ":ana/mail"}));
}

TEST_F(EngineRulesNotifications, RolesThatResolveToNobodyAreSkipped) {
  context_.team = nullptr;
  context_.assignee.clear();
  context_.on_call.clear();
  EXPECT_TRUE(Plan({{RecipientRole::kAssignee, RecipientRole::kTeam, RecipientRole::kTeamLead,
                     RecipientRole::kManager, RecipientRole::kOnCall},
                    {},
                    {"mail"}})
                  .empty());
  context_.team = &team_;
  team_.lead.reset();
  team_.manager.reset();
  EXPECT_EQ(Who(Plan({{RecipientRole::kTeamLead, RecipientRole::kManager, RecipientRole::kTeam},
                      {},
                      {"mail"}})),
            (Lines{std::string(ToString(RecipientRole::kTeam)) + ":ana/mail",
                   std::string(ToString(RecipientRole::kTeam)) + ":ben/mail"}));
}

TEST_F(EngineRulesNotifications, WithoutViaTheFirstEmailChannel) {
  const std::string assignee(ToString(RecipientRole::kAssignee));
  EXPECT_EQ(Who(Plan({{RecipientRole::kAssignee}, {}, {}})), (Lines{assignee + ":ana/mail"}));
  // No email channel: the first channel.
  policy_.channels = {Channel{"hook", ChannelType::kWebhook, "", "https://a.example", "generic", "", "", {}, {}, std::nullopt},
                      Channel{"hook2", ChannelType::kWebhook, "", "https://b.example", "teams", "", "", {}, {}, std::nullopt}};
  EXPECT_EQ(Who(Plan({{RecipientRole::kAssignee}, {}, {}})), (Lines{assignee + ":ana/hook"}));
  // No channel at all: nothing to send on.
  policy_.channels.clear();
  EXPECT_TRUE(Plan({{RecipientRole::kAssignee}, {}, {}}).empty());
}

// Expected: "it goes at once ... for the on-call person (being on call means being
// reachable)" (notification_plan.h). When the on-call person is also the assignee, the
// one notification they get (duplicates are dropped) must go at once whatever the order
// in which the action lists the two roles; today the first role listed decides, so
// {assignee, on_call} holds it until the morning while {on_call, assignee} sends it now.
TEST_F(EngineRulesNotifications, TheOnCallPersonIsToldAtOnceWhateverTheOrderOfRoles) {
  policy_.calendars.emplace("daytime", Weekdays("daytime", 8, 18));
  policy_.quiet_hours = QuietHours{"daytime", {}, false};
  context_.assignee = "cy";  // cy is on call and holds the case
  const Instant midnight = At("2026-03-03T00:00:00Z");
  for (const auto& roles : {std::vector<RecipientRole>{RecipientRole::kOnCall,
                                                       RecipientRole::kAssignee},
                            std::vector<RecipientRole>{RecipientRole::kAssignee,
                                                       RecipientRole::kOnCall}}) {
    SCOPED_TRACE(std::string(ToString(roles[0])) + " first");
    const auto plan = PlanNotifications(policy_, NotifyAction{roles, {}, {"mail"}}, context_,
                                        midnight);
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].recipient, "cy");
    EXPECT_EQ(Z(plan[0].send_at), "2026-03-03T00:00:00+00:00");
    EXPECT_FALSE(plan[0].held);
  }
  // The assignee who is not on call waits for 08:00.
  context_.assignee = "ana";
  const auto plan = PlanNotifications(
      policy_, NotifyAction{{RecipientRole::kAssignee, RecipientRole::kOnCall}, {}, {"mail"}},
      context_, midnight);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(Z(plan[0].send_at), "2026-03-03T08:00:00+00:00");
  EXPECT_TRUE(plan[0].held);
  EXPECT_EQ(Z(plan[1].send_at), "2026-03-03T00:00:00+00:00");
  EXPECT_FALSE(plan[1].held);
}

}  // namespace
}  // namespace esc::core
