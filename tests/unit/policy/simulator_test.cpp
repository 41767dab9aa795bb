// Tests of the simulator (core/simulation/simulator.h, report.h) on small policies
// written for each test, with hand-built histories whose outcome is worked out by hand
// in the comments; then the use cases around it (app/simulation_run.h,
// app/simulation_output.h, app/ticket_explanation.h) and the SaaS example at scale.
//
// The small policy: calendar `always` (24/7, UTC) and `office` (Mon-Fri 09:00-17:00 UTC);
// priorities high and low; one category `tech`; levels L1 and L2; teams `front` (L1,
// member ana, lead ana, manager mia), `front2` (L1, member bo) and `spec` (L2, member sam,
// lead sam, manager max); SLA `urgent` for high (first response 1h, next update 4h,
// resolution 8h on `always`) and `normal` for the rest (2h, 8h, 24h on `always`), both
// pausing while waiting on the customer; one path for `tech`: front (step time, 1000h
// unless a test says otherwise) then spec; one email channel `mail`.
#include "core/simulation/simulator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/history_json.h"
#include "app/simulation_output.h"
#include "app/simulation_run.h"
#include "app/ticket_explanation.h"
#include "core/rfc3339.h"
#include "core/simulation/report.h"
#include "core/simulation/sample_history.h"
#include "policy/policy_loader.h"
#include "unit/policy/loader_test_support.h"

namespace esc::core {
namespace {

using policy::test_support::At;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using std::chrono::hours;
using std::chrono::minutes;

// ---------------------------------------------------------------------------------------
// Policies

struct PolicyParts {
  explicit PolicyParts(std::string triggers_ = "", std::string extra_ = "",
                       std::string step_time_ = "1000h", std::string front_calendar_ = "")
      : triggers(std::move(triggers_)),
        extra(std::move(extra_)),
        step_time(std::move(step_time_)),
        front_calendar(std::move(front_calendar_)) {}
  std::string triggers;        // the body of `triggers:` (list items), if any
  std::string extra;           // more top-level sections (limits, quiet_hours)
  std::string step_time;       // front's time on the path
  std::string front_calendar;  // front's calendar, if any
};

std::string PolicyYaml(const PolicyParts& parts) {
  std::string yaml = R"(calendars:
  always: {hours: 24/7}
  office:
    hours: {mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"],
            thu: ["09:00-17:00"], fri: ["09:00-17:00"]}
priorities: {order: [high, low]}
categories: {tech: {}}
levels: {L1: {}, L2: {}}
teams:
  front: {level: L1, skills: [tech], members: [ana], lead: ana, manager: mia)";
  if (!parts.front_calendar.empty()) yaml += ", calendar: " + parts.front_calendar;
  yaml += R"(}
  front2: {level: L1, skills: [tech], members: [bo], lead: bo, manager: mia}
  spec: {level: L2, skills: [tech], members: [sam], lead: sam, manager: max}
sla:
  - name: urgent
    when: {priority: [high]}
    calendar: always
    targets: {first_response: 1h, next_update: 4h, resolution: 8h}
    pause_on: [waiting_on_customer]
  - name: normal
    calendar: always
    targets: {first_response: 2h, next_update: 8h, resolution: 24h}
    pause_on: [waiting_on_customer]
escalation_paths:
  tech:
    - {team: front, time: )" +
          parts.step_time + R"(}
    - {team: spec}
notifications:
  mail: {type: email, from: desk@example.com}
)";
  if (!parts.triggers.empty()) yaml += "triggers:\n" + parts.triggers;
  yaml += parts.extra;
  return yaml;
}

Policy Load(const std::string& yaml) {
  auto loaded = policy::LoadPolicyText(yaml, "p.yaml", ".");
  if (!loaded) {
    std::string problems;
    for (const auto& p : loaded.error()) problems += p.ToString() + "\n";
    ADD_FAILURE() << "the test policy does not load:\n" << problems;
    return {};
  }
  return std::move(*loaded);
}

Policy Load(const PolicyParts& parts) { return Load(PolicyYaml(parts)); }

Policy LoadSaas() {
  auto loaded = policy::LoadPolicyFile(std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" /
                                       "saas-support.yaml");
  if (!loaded) {
    ADD_FAILURE() << "examples/saas-support.yaml does not load";
    return {};
  }
  return std::move(*loaded);
}

constexpr const char* kAskedTrigger = R"(  - name: asked
    when: {customer_asked_to_escalate: true}
    then: [{escalate: next_level}]
)";

// ---------------------------------------------------------------------------------------
// Histories: Monday 2026-01-05 unless the time says otherwise.

Instant Mon(std::string_view hhmm) { return At("2026-01-05T" + std::string(hhmm) + ":00+00:00"); }
Instant Tue(std::string_view hhmm) { return At("2026-01-06T" + std::string(hhmm) + ":00+00:00"); }

HistoryEvent Agent(Instant at) {
  HistoryEvent e;
  e.event = {at, TicketEventKind::kAgentReplied, TicketStatus::kNew};
  return e;
}

HistoryEvent Customer(Instant at, std::optional<double> sentiment = std::nullopt,
                      std::vector<std::string> words = {}, bool asks = false) {
  HistoryEvent e;
  e.event = {at, TicketEventKind::kCustomerReplied, TicketStatus::kNew};
  e.sentiment = sentiment;
  e.words = std::move(words);
  e.asks_to_escalate = asks;
  return e;
}

HistoryEvent Asks(Instant at) { return Customer(at, std::nullopt, {}, true); }

HistoryEvent Status(Instant at, TicketStatus status) {
  HistoryEvent e;
  e.event = {at, TicketEventKind::kStatusChanged, status};
  return e;
}

HistoryEvent Resolved(Instant at) { return Status(at, TicketStatus::kResolved); }

HistoryTicket Ticket(std::string id, Instant created, std::string priority,
                     std::vector<HistoryEvent> events) {
  HistoryTicket t;
  t.id = std::move(id);
  t.created = created;
  t.tier = "standard";
  t.priority = std::move(priority);
  t.category = "tech";
  t.channel = "email";
  t.events = std::move(events);
  return t;
}

struct Simulated {
  SimulationReport report;
  std::vector<SimulatedDecision> decisions;
};

// Replays `tickets` through `policy` to the end of the history, keeping every decision.
Simulated Simulate(const Policy& policy, std::vector<HistoryTicket> tickets) {
  Simulated out;
  Simulator simulator(policy, [&](const SimulatedDecision& d) { out.decisions.push_back(d); });
  for (auto& t : tickets) {
    const std::string id = t.id;
    auto added = simulator.Add(std::move(t));
    EXPECT_TRUE(added.has_value()) << id << ": " << added.error().message;
  }
  auto finished = simulator.Finish();
  EXPECT_TRUE(finished.has_value()) << finished.error().message;
  out.report = simulator.report();
  return out;
}

std::vector<const SimulatedDecision*> DecisionsOf(const Simulated& s, std::string_view ticket) {
  std::vector<const SimulatedDecision*> out;
  for (const auto& d : s.decisions) {
    if (d.ticket == ticket) out.push_back(&d);
  }
  return out;
}

const TargetAttainment& Sla(const SimulationReport& r, SlaTargetKind kind) {
  return r.sla[static_cast<std::size_t>(kind)];
}

const TargetAttainment& SlaOf(const SimulationReport& r, const std::string& priority,
                              SlaTargetKind kind) {
  return r.sla_by_priority.at(priority)[static_cast<std::size_t>(kind)];
}

// met, breached, open
std::vector<std::int64_t> Counts(const TargetAttainment& a) { return {a.met, a.breached, a.open}; }

const LoadSummary& LoadOf(const SimulationReport& r, std::string_view scope, std::string_view id) {
  for (const auto& l : r.load) {
    if (l.scope == scope && l.id == id) return l;
  }
  static const LoadSummary none;
  ADD_FAILURE() << "no load summary for " << scope << " " << id;
  return none;
}

constexpr auto kFirst = SlaTargetKind::kFirstResponse;
constexpr auto kNext = SlaTargetKind::kNextUpdate;
constexpr auto kResolution = SlaTargetKind::kResolution;

// ---------------------------------------------------------------------------------------
// Summarize

TEST(Summarize, NearestRankMedianAndP90) {
  std::vector<std::int64_t> none;
  const DurationSummary empty = Summarize(none);
  EXPECT_EQ(empty.count, 0);
  EXPECT_EQ(empty.median, Seconds{0});
  EXPECT_EQ(empty.p90, Seconds{0});

  std::vector<std::int64_t> one{42};
  const DurationSummary single = Summarize(one);
  EXPECT_EQ(single.count, 1);
  EXPECT_EQ(single.median, Seconds{42});
  EXPECT_EQ(single.p90, Seconds{42});

  // n = 3: median rank ceil(1.5) = 2, p90 rank ceil(2.7) = 3.
  std::vector<std::int64_t> three{30, 10, 20};
  const DurationSummary s3 = Summarize(three);
  EXPECT_EQ(s3.count, 3);
  EXPECT_EQ(s3.median, Seconds{20});
  EXPECT_EQ(s3.p90, Seconds{30});

  // n = 10 (1..10 shuffled): median rank 5 -> 5, p90 rank 9 -> 9.
  std::vector<std::int64_t> ten{7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
  const DurationSummary s10 = Summarize(ten);
  EXPECT_EQ(s10.count, 10);
  EXPECT_EQ(s10.median, Seconds{5});
  EXPECT_EQ(s10.p90, Seconds{9});

  // n = 11 (0..100 step 10): median rank 6 -> 50, p90 rank ceil(9.9) = 10 -> 90.
  std::vector<std::int64_t> eleven{100, 0, 90, 10, 80, 20, 70, 30, 60, 40, 50};
  const DurationSummary s11 = Summarize(eleven);
  EXPECT_EQ(s11.median, Seconds{50});
  EXPECT_EQ(s11.p90, Seconds{90});

  // n = 1000 (1..1000 reversed): median rank 500, p90 rank 900.
  std::vector<std::int64_t> many;
  for (int i = 1000; i >= 1; --i) many.push_back(i);
  const DurationSummary s1000 = Summarize(many);
  EXPECT_EQ(s1000.count, 1000);
  EXPECT_EQ(s1000.median, Seconds{500});
  EXPECT_EQ(s1000.p90, Seconds{900});
}

TEST(TargetAttainment, IsMetOverDecidedAndNothingWithoutADecision) {
  TargetAttainment a;
  a.open = 5;
  EXPECT_EQ(a.Attainment(), std::nullopt);
  a.met = 3;
  a.breached = 1;
  EXPECT_EQ(a.Attainment(), 0.75);
}

// ---------------------------------------------------------------------------------------
// SLA attainment, resolution times

// No triggers; front's path time 1000h, so nothing moves. On `always` (24/7):
// T1 high 00:00; agent 00:30 (first response 1h: met), agent 04:00 (next update cycle 1
//    used 3h30 < 4h), resolved 05:00 (cycle 2 used 1h: met; resolution 5h < 8h: met).
// T2 high 01:00; agent 02:30 (first response due 02:00: breached), resolved 10:00 (next
//    update due 06:30: breached; resolution due 09:00: breached). 3 missed cycles.
// T3 low 02:00; agent 03:00 (first response 1h < 2h: met), customer 10:00 (next update
//    cycle 1 used 7h < 8h; cycle 2 due 18:00), never resolved: at the end of the history
//    (13:00) next update and resolution (due 02:00 Tuesday) are still open.
// T4 low 03:00; no reply, resolved 13:00: first response (due 05:00) breached, no next
//    update clock, resolution 10h < 24h met.
TEST(Simulator, CountsSlaAttainmentPerTargetAndPerPriority) {
  const Policy policy = Load(PolicyParts{});
  const Simulated s = Simulate(
      policy, {Ticket("T1", Mon("00:00"), "high",
                      {Agent(Mon("00:30")), Agent(Mon("04:00")), Resolved(Mon("05:00"))}),
               Ticket("T2", Mon("01:00"), "high", {Agent(Mon("02:30")), Resolved(Mon("10:00"))}),
               Ticket("T3", Mon("02:00"), "low", {Agent(Mon("03:00")), Customer(Mon("10:00"))}),
               Ticket("T4", Mon("03:00"), "low", {Resolved(Mon("13:00"))})});
  const SimulationReport& r = s.report;
  EXPECT_EQ(r.tickets, 4);
  EXPECT_EQ(r.unresolved, 1);  // T3
  EXPECT_EQ(r.decisions, 0);
  EXPECT_EQ(r.escalations, 0);
  EXPECT_THAT(Counts(Sla(r, kFirst)), ElementsAre(2, 2, 0));       // T1 T3 | T2 T4
  EXPECT_THAT(Counts(Sla(r, kNext)), ElementsAre(1, 1, 1));        // T1 | T2 | T3
  EXPECT_THAT(Counts(Sla(r, kResolution)), ElementsAre(2, 1, 1));  // T1 T4 | T2 | T3
  EXPECT_EQ(Sla(r, kFirst).Attainment(), 0.5);
  EXPECT_EQ(Sla(r, kResolution).Attainment(), 2.0 / 3.0);

  ASSERT_EQ(r.sla_by_priority.size(), 2u);
  EXPECT_THAT(Counts(SlaOf(r, "high", kFirst)), ElementsAre(1, 1, 0));
  EXPECT_THAT(Counts(SlaOf(r, "high", kNext)), ElementsAre(1, 1, 0));
  EXPECT_THAT(Counts(SlaOf(r, "high", kResolution)), ElementsAre(1, 1, 0));
  EXPECT_THAT(Counts(SlaOf(r, "low", kFirst)), ElementsAre(1, 1, 0));
  EXPECT_THAT(Counts(SlaOf(r, "low", kNext)), ElementsAre(0, 0, 1));
  EXPECT_THAT(Counts(SlaOf(r, "low", kResolution)), ElementsAre(1, 0, 1));

  EXPECT_EQ(r.tickets_breached, 2);  // T2, T4
  EXPECT_EQ(r.breaches, 4);          // T2: 3, T4: 1
  // Resolved: T1 5h, T2 9h, T4 10h -> median rank 2 = 9h, p90 rank 3 = 10h.
  EXPECT_EQ(r.time_to_resolve.count, 3);
  EXPECT_EQ(r.time_to_resolve.median, hours{9});
  EXPECT_EQ(r.time_to_resolve.p90, hours{10});
  EXPECT_EQ(r.time_to_escalate.count, 0);
  EXPECT_EQ(r.first_created, Mon("00:00"));
  EXPECT_EQ(r.last_instant, Mon("13:00"));
}

// Ten tickets, one a minute from 00:00, ticket k (a permutation of 1..10) asks to be
// escalated k*10 minutes after its creation and is resolved k hours after it.
// Time to escalate: 600..6000 s -> median rank 5 = 3000 s, p90 rank 9 = 5400 s.
// Time to resolve: 1h..10h -> median rank 5 = 5h, p90 rank 9 = 9h.
TEST(Simulator, TimeToEscalateAndResolveAreNearestRankMedianAndP90) {
  const Policy policy = Load(PolicyParts{kAskedTrigger});
  const int ks[] = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
  std::vector<HistoryTicket> tickets;
  for (int i = 0; i < 10; ++i) {
    const Instant created = Mon("00:00") + minutes{i};
    tickets.push_back(
        Ticket("T" + std::to_string(i), created, "low",
               {Asks(created + minutes{10 * ks[i]}), Resolved(created + hours{ks[i]})}));
  }
  const Simulated s = Simulate(policy, std::move(tickets));
  const SimulationReport& r = s.report;
  EXPECT_EQ(r.escalations, 10);
  EXPECT_EQ(r.escalated_tickets, 10);
  EXPECT_EQ(r.time_to_escalate.count, 10);
  EXPECT_EQ(r.time_to_escalate.median, Seconds{3000});
  EXPECT_EQ(r.time_to_escalate.p90, Seconds{5400});
  EXPECT_EQ(r.time_to_resolve.count, 10);
  EXPECT_EQ(r.time_to_resolve.median, hours{5});
  EXPECT_EQ(r.time_to_resolve.p90, hours{9});
  EXPECT_EQ(r.unresolved, 0);
}

// ---------------------------------------------------------------------------------------
// Escalations

// T1 00:00: the customer writes "billing" at 00:10 (trigger move: to team front2, same
//    level: functional, received by L1), then asks at 00:20 (next level from front2, off
//    the path: the first step above L1 is spec: hierarchical, L2); resolved 02:00.
// T2 00:05: asks at 00:30 (front -> spec, hierarchical, L2); resolved 03:00.
// Load: L1 holds T1 00:10-00:20 (peak 1 at 00:10); L2 holds T1 from 00:20 and T2 from
// 00:30 (peak 2 at 00:30).
TEST(Simulator, CountsEscalationsByTypeAndReceivingLevel) {
  const Policy policy = Load(PolicyParts{std::string(kAskedTrigger) + R"(  - name: move
    when: {words: [billing]}
    then: [{escalate: {team: front2}}]
)"});
  const Simulated s = Simulate(
      policy, {Ticket("T1", Mon("00:00"), "low",
                      {Customer(Mon("00:10"), std::nullopt, {"Billing"}), Asks(Mon("00:20")),
                       Resolved(Mon("02:00"))}),
               Ticket("T2", Mon("00:05"), "low", {Asks(Mon("00:30")), Resolved(Mon("03:00"))})});
  const SimulationReport& r = s.report;
  EXPECT_EQ(r.escalations, 3);
  EXPECT_EQ(r.escalated_tickets, 2);
  EXPECT_EQ(r.escalations_blocked, 0);
  EXPECT_EQ(r.escalations_by_type,
            (std::map<std::string, std::int64_t>{{"functional", 1}, {"hierarchical", 2}}));
  EXPECT_EQ(r.escalations_by_level, (std::map<std::string, std::int64_t>{{"L1", 1}, {"L2", 2}}));
  EXPECT_EQ(r.decisions_by_trigger,
            (std::map<std::string, std::int64_t>{{"asked", 2}, {"move", 1}}));
  // First escalations: T1 at +10m, T2 at +25m.
  EXPECT_EQ(r.time_to_escalate.count, 2);
  EXPECT_EQ(r.time_to_escalate.median, minutes{10});
  EXPECT_EQ(r.time_to_escalate.p90, minutes{25});

  ASSERT_EQ(r.load.size(), 2u);
  EXPECT_EQ(r.load[0].id, "L1");
  EXPECT_EQ(r.load[0].peak, 1);
  EXPECT_EQ(r.load[0].peak_at, Mon("00:10"));
  EXPECT_EQ(r.load[0].limit, std::nullopt);
  EXPECT_EQ(r.load[1].id, "L2");
  EXPECT_EQ(r.load[1].peak, 2);
  EXPECT_EQ(r.load[1].peak_at, Mon("00:30"));

  const auto t1 = DecisionsOf(s, "T1");
  ASSERT_EQ(t1.size(), 2u);
  ASSERT_TRUE(t1[0]->escalation.has_value());
  EXPECT_EQ(t1[0]->decision.trigger, "move");
  EXPECT_EQ(t1[0]->escalation->type, EscalationType::kFunctional);
  EXPECT_EQ(t1[0]->escalation->from_team, "front");
  EXPECT_EQ(t1[0]->escalation->to_team, "front2");
  EXPECT_EQ(t1[0]->escalation->to_level, "L1");
  EXPECT_EQ(t1[0]->escalation->assignee, "bo");
  ASSERT_TRUE(t1[1]->escalation.has_value());
  EXPECT_EQ(t1[1]->escalation->type, EscalationType::kHierarchical);
  EXPECT_EQ(t1[1]->escalation->from_team, "front2");
  EXPECT_EQ(t1[1]->escalation->from_level, "L1");
  EXPECT_EQ(t1[1]->escalation->to_team, "spec");
  EXPECT_EQ(t1[1]->escalation->to_level, "L2");
  EXPECT_EQ(t1[1]->assignee, "sam");
  EXPECT_EQ(t1[1]->at, Mon("00:20"));
}

// front on the `office` calendar (Mon-Fri 09:00-17:00 UTC) with 2h on the path.
// A created Mon 16:00: 1h by 17:00, 1h more Tue 09:00-10:00 -> handed to spec Tue 10:00.
// B created Mon 16:30, waiting on the customer 16:45 to Tue 09:30 (paused by the SLA
//   policy): 15m before, 1h45 after -> Tue 11:15.
// Both resolved Tue 12:00.
TEST(Simulator, EscalationPathHandsOverAfterTheStepTime) {
  const Policy policy = Load(PolicyParts{"", "", "2h", "office"});
  const Simulated s = Simulate(
      policy, {Ticket("A", Mon("16:00"), "low", {Resolved(Tue("12:00"))}),
               Ticket("B", Mon("16:30"), "low",
                      {Status(Mon("16:45"), TicketStatus::kWaitingOnCustomer),
                       Status(Tue("09:30"), TicketStatus::kOpen), Resolved(Tue("12:00"))})});
  ASSERT_EQ(s.decisions.size(), 2u);
  const SimulatedDecision& a = s.decisions[0];
  EXPECT_EQ(a.ticket, "A");
  EXPECT_EQ(a.decision.trigger, kPathTrigger);
  EXPECT_EQ(a.at, Tue("10:00"));
  EXPECT_EQ(a.decision.due_at, Tue("10:00"));
  ASSERT_TRUE(a.escalation.has_value());
  EXPECT_EQ(a.escalation->type, EscalationType::kHierarchical);
  EXPECT_EQ(a.escalation->from_team, "front");
  EXPECT_EQ(a.escalation->to_team, "spec");
  EXPECT_EQ(a.escalation->to_level, "L2");
  EXPECT_EQ(a.escalation->assignee, "sam");
  EXPECT_FALSE(a.escalation->queued);
  EXPECT_THAT(a.decision.explanation, HasSubstr("team \"front\" has held the case for 2h"));
  const SimulatedDecision& b = s.decisions[1];
  EXPECT_EQ(b.ticket, "B");
  EXPECT_EQ(b.decision.trigger, kPathTrigger);
  EXPECT_EQ(b.at, Tue("11:15"));

  const SimulationReport& r = s.report;
  EXPECT_EQ(r.escalations, 2);
  EXPECT_EQ(r.escalations_by_type, (std::map<std::string, std::int64_t>{{"hierarchical", 2}}));
  EXPECT_EQ(r.escalations_by_level, (std::map<std::string, std::int64_t>{{"L2", 2}}));
  EXPECT_EQ(r.decisions_by_trigger,
            (std::map<std::string, std::int64_t>{{std::string(kPathTrigger), 2}}));
  // A: 18h (64800 s); B: 18h45 (67500 s).
  EXPECT_EQ(r.time_to_escalate.median, Seconds{64800});
  EXPECT_EQ(r.time_to_escalate.p90, Seconds{67500});
  EXPECT_EQ(LoadOf(r, "level", "L2").peak, 2);
  EXPECT_EQ(LoadOf(r, "level", "L2").peak_at, Tue("11:15"));
}

// The customer asks at 00:10 (front -> spec, the top level), then writes "lawyer" at
// 00:20: trigger legal asks for the next level again, which does not exist.
TEST(Simulator, EscalatingBeyondTheTopLevelIsCountedAsBlocked) {
  const Policy policy = Load(PolicyParts{std::string(kAskedTrigger) + R"(  - name: legal
    when: {words: [lawyer]}
    then: [{escalate: next_level}, {tag: legal}]
)"});
  const Simulated s =
      Simulate(policy, {Ticket("T", Mon("00:00"), "low",
                               {Asks(Mon("00:10")), Customer(Mon("00:20"), -0.2, {"lawyer"}),
                                Resolved(Mon("01:00"))})});
  const SimulationReport& r = s.report;
  EXPECT_EQ(r.decisions, 2);
  EXPECT_EQ(r.escalations, 1);
  EXPECT_EQ(r.escalations_blocked, 1);
  ASSERT_EQ(s.decisions.size(), 2u);
  const SimulatedDecision& legal = s.decisions[1];
  EXPECT_EQ(legal.decision.trigger, "legal");
  EXPECT_FALSE(legal.escalation.has_value());
  EXPECT_THAT(legal.tags, ElementsAre("legal"));  // the other actions are carried out
  EXPECT_EQ(legal.assignee, "sam");
  ASSERT_EQ(legal.notes.size(), 1u);
  EXPECT_THAT(legal.notes[0], HasSubstr("already at the highest level"));
}

// `escalate: {level: L2}` for a case that spec (the path's L2 team) already holds resolves
// to spec itself: nothing moves, so it is not an escalation (neither counted nor
// classified as functional, which is a move to another team at the same level).
// The customer asks at 00:10 (front -> spec), then writes "again" at 00:20.
TEST(Simulator, AnEscalationToTheTeamAlreadyHoldingTheCaseIsNotCounted) {
  const Policy policy = Load(PolicyParts{std::string(kAskedTrigger) + R"(  - name: again
    when: {words: [again]}
    then: [{escalate: {level: L2}}]
)"});
  const Simulated s =
      Simulate(policy, {Ticket("T", Mon("00:00"), "low",
                               {Asks(Mon("00:10")), Customer(Mon("00:20"), std::nullopt, {"again"}),
                                Resolved(Mon("01:00"))})});
  const SimulationReport& r = s.report;
  EXPECT_EQ(r.decisions, 2);
  EXPECT_EQ(r.escalations, 1);
  EXPECT_EQ(r.escalations_by_type, (std::map<std::string, std::int64_t>{{"hierarchical", 1}}));
  EXPECT_EQ(r.escalations_by_level, (std::map<std::string, std::int64_t>{{"L2", 1}}));
  ASSERT_EQ(s.decisions.size(), 2u);
  const SimulatedDecision& again = s.decisions[1];
  EXPECT_EQ(again.decision.trigger, "again");
  if (again.escalation) {
    EXPECT_NE(again.escalation->to_team, again.escalation->from_team)
        << "an escalation from spec to spec";
  }
}

// Trigger fr-breach on first response (2h for low) escalates and notifies the lead, and
// repeats every 30m at most 3 times.
// A 00:00, nobody replies: fires at 02:00 (escalate to spec, notify sam), repeats 02:30,
//   03:00, 03:30 (notify sam only); resolved 06:00.
// B 00:05: fires at 02:05, repeats at 02:35; the agent replies at 02:50 (acknowledges the
//   escalation): no repeat at 03:05; resolved 06:00.
TEST(Simulator, RepeatsOnlyNotifyAndStopAfterAnAgentReply) {
  const Policy policy = Load(PolicyParts{R"(  - name: fr-breach
    when: {sla: {target: first_response, at: breach}}
    then: [{escalate: next_level}, {notify: {to: [team_lead], via: [mail]}}]
    repeat: {every: 30m, times: 3}
)"});
  const Simulated s = Simulate(
      policy, {Ticket("A", Mon("00:00"), "low", {Resolved(Mon("06:00"))}),
               Ticket("B", Mon("00:05"), "low", {Agent(Mon("02:50")), Resolved(Mon("06:00"))})});
  const auto a = DecisionsOf(s, "A");
  ASSERT_EQ(a.size(), 4u);
  const Instant a_at[] = {Mon("02:00"), Mon("02:30"), Mon("03:00"), Mon("03:30")};
  for (int i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a[i]->decision.repeat, i);
    EXPECT_EQ(a[i]->at, a_at[i]);
    EXPECT_EQ(a[i]->escalation.has_value(), i == 0);
    ASSERT_EQ(a[i]->notifications.size(), 1u);
    EXPECT_EQ(a[i]->notifications[0].recipient, "sam");  // the lead of spec, which holds it
    EXPECT_EQ(a[i]->notifications[0].channel, "mail");
    EXPECT_EQ(a[i]->notifications[0].send_at, a_at[i]);
    EXPECT_FALSE(a[i]->notifications[0].held);
  }
  const auto b = DecisionsOf(s, "B");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0]->at, Mon("02:05"));
  EXPECT_EQ(b[0]->decision.repeat, 0);
  EXPECT_EQ(b[1]->at, Mon("02:35"));
  EXPECT_EQ(b[1]->decision.repeat, 1);

  const SimulationReport& r = s.report;
  EXPECT_EQ(r.decisions, 6);
  EXPECT_EQ(r.decisions_by_trigger, (std::map<std::string, std::int64_t>{{"fr-breach", 6}}));
  EXPECT_EQ(r.escalations, 2);  // once per ticket
  EXPECT_EQ(r.notifications, 6);
  EXPECT_EQ(r.notifications_held, 0);
}

// ---------------------------------------------------------------------------------------
// Limits

// L2 takes one open escalation at a time. A (00:00) asks at 00:10 and enters L2; B
// (00:05) asks at 00:20: L2 is full. A is resolved at 01:00.
std::vector<HistoryTicket> TwoOverlappingEscalations() {
  return {Ticket("A", Mon("00:00"), "low", {Asks(Mon("00:10")), Resolved(Mon("01:00"))}),
          Ticket("B", Mon("00:05"), "low", {Asks(Mon("00:20")), Resolved(Mon("03:00"))})};
}

// beyond: queue -> B waits and enters L2 when A is resolved at 01:00 (55m after B's
// creation); L2 never holds more than one.
TEST(Simulator, LimitWithQueueHoldsTheSecondEscalationUntilTheFirstResolves) {
  const Policy policy = Load(PolicyParts{
      kAskedTrigger, "limits: [{level: L2, max_open_escalations: 1, beyond: queue}]\n"});
  const Simulated s = Simulate(policy, TwoOverlappingEscalations());
  const SimulationReport& r = s.report;
  const LoadSummary& l2 = LoadOf(r, "level", "L2");
  EXPECT_EQ(l2.limit, 1);
  EXPECT_EQ(l2.peak, 1);
  EXPECT_EQ(l2.peak_at, Mon("00:10"));
  EXPECT_EQ(l2.queued, 1);
  EXPECT_EQ(l2.over_limit, 0);
  EXPECT_EQ(r.escalations, 2);
  EXPECT_EQ(r.escalations_by_level, (std::map<std::string, std::int64_t>{{"L2", 2}}));
  // A escalated after 10m, B after 55m (when A's resolution freed the slot).
  EXPECT_EQ(r.time_to_escalate.count, 2);
  EXPECT_EQ(r.time_to_escalate.median, minutes{10});
  EXPECT_EQ(r.time_to_escalate.p90, minutes{55});

  const auto b = DecisionsOf(s, "B");
  ASSERT_EQ(b.size(), 2u);  // the decision, and the queued escalation going ahead
  EXPECT_EQ(b[1]->decision.trigger, kQueueTrigger);
  EXPECT_EQ(b[1]->at, Mon("01:00"));  // A resolved at 01:00
  ASSERT_TRUE(b[1]->escalation.has_value());
  EXPECT_FALSE(b[1]->escalation->queued);
  EXPECT_EQ(b[1]->escalation->from_team, "front");
  EXPECT_EQ(b[1]->escalation->to_team, "spec");
  EXPECT_EQ(b[1]->decision.explanation,
            "trigger \"limit-queue\" at 2026-01-05T01:00:00+00:00: level \"L2\" has room "
            "again under its limit of 1 open escalations: the queued escalation to spec goes "
            "ahead");
  EXPECT_EQ(b[0]->at, Mon("00:20"));
  ASSERT_TRUE(b[0]->escalation.has_value());
  EXPECT_TRUE(b[0]->escalation->queued);
  EXPECT_EQ(b[0]->escalation->to_team, "spec");
  EXPECT_EQ(b[0]->escalation->assignee, "");
  EXPECT_EQ(b[0]->assignee, "ana");  // still with front while it waits
  ASSERT_EQ(b[0]->notes.size(), 1u);
  EXPECT_EQ(b[0]->notes[0], "level \"L2\" is at its limit of 1 open escalations: queued");
}

// beyond: notify_manager -> B goes ahead (L2 holds 2) and spec's manager max is told.
TEST(Simulator, LimitWithNotifyManagerLetsTheEscalationThroughAndTellsTheManager) {
  const Policy policy = Load(PolicyParts{
      kAskedTrigger, "limits: [{level: L2, max_open_escalations: 1, beyond: notify_manager}]\n"});
  const Simulated s = Simulate(policy, TwoOverlappingEscalations());
  const SimulationReport& r = s.report;
  const LoadSummary& l2 = LoadOf(r, "level", "L2");
  EXPECT_EQ(l2.limit, 1);
  EXPECT_EQ(l2.peak, 2);
  EXPECT_EQ(l2.peak_at, Mon("00:20"));
  EXPECT_EQ(l2.queued, 0);
  EXPECT_EQ(l2.over_limit, 1);
  EXPECT_EQ(r.escalations, 2);
  EXPECT_EQ(r.notifications, 1);
  EXPECT_EQ(r.time_to_escalate.p90, minutes{15});  // B at 00:20

  const auto b = DecisionsOf(s, "B");
  ASSERT_EQ(b.size(), 1u);
  ASSERT_TRUE(b[0]->escalation.has_value());
  EXPECT_FALSE(b[0]->escalation->queued);
  EXPECT_EQ(b[0]->escalation->assignee, "sam");
  ASSERT_EQ(b[0]->notifications.size(), 1u);
  EXPECT_EQ(b[0]->notifications[0].role, RecipientRole::kManager);
  EXPECT_EQ(b[0]->notifications[0].recipient, "max");
  EXPECT_EQ(b[0]->notifications[0].channel, "mail");  // the policy's first email channel
  EXPECT_EQ(b[0]->notifications[0].send_at, Mon("00:20"));
  ASSERT_EQ(b[0]->notes.size(), 1u);
  EXPECT_EQ(b[0]->notes[0],
            "level \"L2\" is beyond its limit of 1 open escalations: the manager is told");
}

// A case that reached L2 by an escalation and is reopened is held by L2 again. With
// `beyond: queue` L2 must still never hold more than its limit: A (escalated 00:10,
// resolved 01:00) is reopened at 01:30 while B, let in from the queue at 01:00, holds the
// only slot; A has to wait for it (B is resolved at 03:00), so the peak stays 1.
TEST(Simulator, QueueLimitIsNotExceededWhenAnEscalatedCaseIsReopened) {
  const Policy policy = Load(PolicyParts{
      kAskedTrigger, "limits: [{level: L2, max_open_escalations: 1, beyond: queue}]\n"});
  const Simulated s = Simulate(
      policy, {Ticket("A", Mon("00:00"), "low",
                      {Asks(Mon("00:10")), Resolved(Mon("01:00")),
                       Status(Mon("01:30"), TicketStatus::kReopened), Resolved(Mon("04:00"))}),
               Ticket("B", Mon("00:05"), "low", {Asks(Mon("00:20")), Resolved(Mon("03:00"))})});
  const LoadSummary& l2 = LoadOf(s.report, "level", "L2");
  EXPECT_EQ(l2.limit, 1);
  EXPECT_EQ(l2.peak, 1) << "peak at " << FormatRfc3339(l2.peak_at.value_or(Instant{}), Seconds{0});
}

// A limit on a team is reported after the levels.
TEST(Simulator, TeamLimitsAreReportedAfterTheLevels) {
  const Policy policy = Load(PolicyParts{
      kAskedTrigger, "limits: [{team: spec, max_open_escalations: 1, beyond: queue}]\n"});
  const Simulated s = Simulate(policy, TwoOverlappingEscalations());
  const SimulationReport& r = s.report;
  ASSERT_EQ(r.load.size(), 3u);
  EXPECT_EQ(r.load[0].scope + " " + r.load[0].id, "level L1");
  EXPECT_EQ(r.load[1].scope + " " + r.load[1].id, "level L2");
  EXPECT_EQ(r.load[2].scope + " " + r.load[2].id, "team spec");
  EXPECT_EQ(r.load[1].limit, std::nullopt);
  EXPECT_EQ(r.load[2].limit, 1);
  EXPECT_EQ(r.load[2].queued, 1);
  EXPECT_EQ(r.load[2].peak, 1);
  EXPECT_EQ(r.time_to_escalate.p90, minutes{55});
}

// ---------------------------------------------------------------------------------------
// Quiet hours, set_priority

// Quiet hours on `office` except for high. Both customers ask on Monday evening; the
// trigger notifies the lead of front (ana): for low the mail waits for Tuesday 09:00,
// for high it goes at once.
TEST(Simulator, QuietHoursHoldNotificationsExceptForListedPriorities) {
  const Policy policy =
      Load(PolicyParts{R"(  - name: asked
    when: {customer_asked_to_escalate: true}
    then: [{notify: {to: [team_lead], via: [mail]}}]
)",
                       "quiet_hours: {calendar: office, except_priorities: [high]}\n"});
  const Simulated s = Simulate(
      policy, {Ticket("L", Mon("19:00"), "low", {Asks(Mon("19:30")), Resolved(Mon("20:00"))}),
               Ticket("H", Mon("19:10"), "high", {Asks(Mon("19:40")), Resolved(Mon("20:00"))})});
  ASSERT_EQ(s.decisions.size(), 2u);
  ASSERT_EQ(s.decisions[0].notifications.size(), 1u);
  const PlannedNotification& low = s.decisions[0].notifications[0];
  EXPECT_EQ(s.decisions[0].ticket, "L");
  EXPECT_EQ(low.recipient, "ana");
  EXPECT_EQ(low.send_at, Tue("09:00"));
  EXPECT_TRUE(low.held);
  ASSERT_EQ(s.decisions[1].notifications.size(), 1u);
  const PlannedNotification& high = s.decisions[1].notifications[0];
  EXPECT_EQ(s.decisions[1].ticket, "H");
  EXPECT_EQ(high.send_at, Mon("19:40"));
  EXPECT_FALSE(high.held);
  EXPECT_EQ(s.report.notifications, 2);
  EXPECT_EQ(s.report.notifications_held, 1);
}

// A low ticket (SLA normal, resolution 24h) waits on the customer 01:00-03:00; at 04:00 an
// angry reply sets priority high, so SLA urgent applies (resolution 8h), rebuilt from
// the whole history: the 2h pause still counts, so resolution is due 00:00 + 8h + 2h =
// 10:00 (not 08:00 without the pause, not 02:00 Tuesday under normal).
// Next update (urgent, 4h): agent 00:30, paused 01:00-03:00, restarted by the customer at
// 04:00 (1h30 used), due 08:00, still running at the resolution 11:00: missed.
TEST(Simulator, SetPrioritySwitchesTheSlaPolicyAndKeepsPausedTime) {
  const Policy policy = Load(PolicyParts{R"(  - name: angry
    when: {sentiment_below: -0.5}
    then: [{set_priority: high}]
  - name: late
    when: {sla: {target: resolution, at: breach}}
    then: [{tag: late}]
)"});
  const Simulated s = Simulate(
      policy, {Ticket("T", Mon("00:00"), "low",
                      {Agent(Mon("00:30")), Status(Mon("01:00"), TicketStatus::kWaitingOnCustomer),
                       Status(Mon("03:00"), TicketStatus::kOpen), Customer(Mon("04:00"), -0.9),
                       Resolved(Mon("11:00"))})});
  ASSERT_EQ(s.decisions.size(), 2u);
  EXPECT_EQ(s.decisions[0].decision.trigger, "angry");
  EXPECT_EQ(s.decisions[0].at, Mon("04:00"));
  EXPECT_EQ(s.decisions[0].priority, "high");
  EXPECT_EQ(s.decisions[1].decision.trigger, "late");
  EXPECT_EQ(s.decisions[1].at, Mon("10:00"));
  EXPECT_EQ(s.decisions[1].decision.due_at, Mon("10:00"));
  EXPECT_THAT(s.decisions[1].tags, ElementsAre("late"));

  const SimulationReport& r = s.report;
  ASSERT_EQ(r.sla_by_priority.size(), 1u);  // counted under the priority it ended with
  EXPECT_THAT(Counts(SlaOf(r, "high", kFirst)), ElementsAre(1, 0, 0));
  EXPECT_THAT(Counts(SlaOf(r, "high", kNext)), ElementsAre(0, 1, 0));
  EXPECT_THAT(Counts(SlaOf(r, "high", kResolution)), ElementsAre(0, 1, 0));
  EXPECT_EQ(r.breaches, 2);
  EXPECT_EQ(r.tickets_breached, 1);
}

// ---------------------------------------------------------------------------------------
// Errors

TEST(Simulator, TicketsOutOfCreationOrderAreInvalidAndNamed) {
  const Policy policy = Load(PolicyParts{});
  Simulator simulator(policy);
  ASSERT_TRUE(simulator.Add(Ticket("A", Mon("01:00"), "low", {})).has_value());
  auto late = simulator.Add(Ticket("B", Mon("00:30"), "low", {}));
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kInvalid);
  EXPECT_THAT(late.error().message, StartsWith("ticket \"B\": created 2026-01-05T00:30:00+00:00"));
  EXPECT_THAT(late.error().message, HasSubstr("2026-01-05T01:00:00+00:00"));
  // The same instant as the one before is in order.
  EXPECT_TRUE(simulator.Add(Ticket("C", Mon("01:00"), "low", {})).has_value());
}

TEST(Simulator, EventsOutOfOrderOrBeforeCreationAreInvalidAndNamed) {
  const Policy policy = Load(PolicyParts{});
  Simulator simulator(policy);
  auto unordered = simulator.Add(
      Ticket("U", Mon("01:00"), "low", {Agent(Mon("03:00")), Customer(Mon("02:00"))}));
  ASSERT_FALSE(unordered.has_value());
  EXPECT_EQ(unordered.error().code, ErrorCode::kInvalid);
  EXPECT_THAT(unordered.error().message, StartsWith("ticket \"U\": "));
  EXPECT_THAT(unordered.error().message, HasSubstr("2026-01-05T02:00:00+00:00"));
  auto early = simulator.Add(Ticket("E", Mon("01:00"), "low", {Agent(Mon("00:59"))}));
  ASSERT_FALSE(early.has_value());
  EXPECT_THAT(early.error().message, StartsWith("ticket \"E\": "));
  HistoryEvent created;
  created.event = {Mon("01:30"), TicketEventKind::kCreated, TicketStatus::kNew};
  auto twice = simulator.Add(Ticket("C", Mon("01:00"), "low", {created}));
  ASSERT_FALSE(twice.has_value());
  EXPECT_THAT(twice.error().message, StartsWith("ticket \"C\": "));
}

TEST(Simulator, FinishClosesOpenTicketsAtTheGivenInstant) {
  const Policy policy = Load(PolicyParts{});
  Simulator simulator(policy);
  // Created 00:00, agent 00:30; at 23:00 resolution (due Tue 00:00) is open, next update
  // (due 08:30) breached.
  ASSERT_TRUE(simulator.Add(Ticket("T", Mon("00:00"), "low", {Agent(Mon("00:30"))})).has_value());
  ASSERT_TRUE(simulator.Finish(Mon("23:00")).has_value());
  const SimulationReport& r = simulator.report();
  EXPECT_EQ(r.tickets, 1);
  EXPECT_EQ(r.unresolved, 1);
  EXPECT_THAT(Counts(Sla(r, kFirst)), ElementsAre(1, 0, 0));
  EXPECT_THAT(Counts(Sla(r, kNext)), ElementsAre(0, 1, 0));
  EXPECT_THAT(Counts(Sla(r, kResolution)), ElementsAre(0, 0, 1));
  EXPECT_EQ(r.last_instant, Mon("23:00"));
  EXPECT_EQ(r.time_to_resolve.count, 0);
}

// ---------------------------------------------------------------------------------------
// Determinism and the SaaS example

class SaasSimulation : public ::testing::Test {
 protected:
  SaasSimulation() : policy_(LoadSaas()) {}
  std::vector<HistoryTicket> Sample(int n, std::uint64_t seed) {
    SampleOptions options;
    options.seed = seed;
    options.start = Instant{date::sys_days{date::year{2026} / 1 / 5}};  // a Monday
    HistorySampler sampler(policy_, options);
    std::vector<HistoryTicket> out;
    for (int i = 0; i < n; ++i) out.push_back(sampler.Next());
    return out;
  }
  Policy policy_;
};

TEST_F(SaasSimulation, SameInputGivesTheSameReportAndDecisions) {
  const auto tickets = Sample(500, 21);
  auto run = [&](std::string& report, std::string& decisions) {
    const Simulated s = Simulate(policy_, tickets);
    app::AppendReportJson(report, "saas-support.yaml", s.report);
    for (const auto& d : s.decisions) app::AppendDecisionJson(decisions, d);
  };
  std::string report1, decisions1, report2, decisions2;
  run(report1, decisions1);
  run(report2, decisions2);
  EXPECT_EQ(report1, report2);
  EXPECT_EQ(decisions1, decisions2);
  EXPECT_FALSE(decisions1.empty());
  EXPECT_THAT(report1, StartsWith("{\"policy\": \"saas-support.yaml\""));
  // Without a sink the report is the same.
  Simulator quiet(policy_);
  for (auto t : tickets) ASSERT_TRUE(quiet.Add(std::move(t)).has_value());
  ASSERT_TRUE(quiet.Finish().has_value());
  std::string report3;
  app::AppendReportJson(report3, "saas-support.yaml", quiet.report());
  EXPECT_EQ(report1, report3);
}

TEST_F(SaasSimulation, TwoThousandTicketsGiveAnInternallyConsistentReport) {
  const Simulated s = Simulate(policy_, Sample(2000, 3));
  const SimulationReport& r = s.report;
  EXPECT_EQ(r.tickets, 2000);
  EXPECT_EQ(r.unresolved, 0);  // every sampled ticket ends resolved
  EXPECT_EQ(r.time_to_resolve.count, 2000);
  EXPECT_GT(r.escalations, 0);
  EXPECT_GT(r.decisions, 0);

  std::int64_t by_type = 0, by_level = 0, by_trigger = 0;
  for (const auto& [type, n] : r.escalations_by_type) by_type += n;
  for (const auto& [level, n] : r.escalations_by_level) by_level += n;
  for (const auto& [trigger, n] : r.decisions_by_trigger) by_trigger += n;
  EXPECT_EQ(by_type, r.escalations);
  EXPECT_EQ(by_level, r.escalations);
  EXPECT_EQ(by_trigger, r.decisions);
  // The sink hears every decision, and each queued escalation when it goes ahead; the
  // escalations it reports (not queued) are the report's.
  std::int64_t decisions = 0, escalations = 0;
  for (const SimulatedDecision& d : s.decisions) {
    if (d.decision.trigger != kQueueTrigger) ++decisions;
    if (d.escalation && !d.escalation->queued) ++escalations;
  }
  EXPECT_EQ(decisions, r.decisions);
  EXPECT_EQ(escalations, r.escalations);
  EXPECT_EQ(r.time_to_escalate.count, r.escalated_tickets);
  EXPECT_LE(r.escalated_tickets, r.tickets);
  EXPECT_LE(r.notifications_held, r.notifications);
  EXPECT_LE(r.tickets_breached, r.breaches);

  // Every SaaS SLA policy has all three targets, and every sampled ticket starts with an
  // agent reply, so each target is counted once per ticket.
  for (SlaTargetKind kind : kAllSlaTargetKinds) {
    SCOPED_TRACE(ToString(kind));
    const TargetAttainment& a = Sla(r, kind);
    EXPECT_EQ(a.met + a.breached + a.open, 2000);
    std::int64_t met = 0, breached = 0, open = 0;
    for (const auto& [priority, targets] : r.sla_by_priority) {
      const auto& p = targets[static_cast<std::size_t>(kind)];
      met += p.met;
      breached += p.breached;
      open += p.open;
    }
    EXPECT_EQ(met, a.met);
    EXPECT_EQ(breached, a.breached);
    EXPECT_EQ(open, a.open);
  }
  // The load lists L1, L2, L3, then the limited team product-specialists.
  ASSERT_EQ(r.load.size(), 4u);
  EXPECT_EQ(r.load[0].id, "L1");
  EXPECT_EQ(r.load[1].id, "L2");
  EXPECT_EQ(r.load[2].id, "L3");
  EXPECT_EQ(r.load[2].limit, 15);
  EXPECT_EQ(r.load[3].scope, "team");
  EXPECT_EQ(r.load[3].id, "product-specialists");
  EXPECT_EQ(r.load[3].limit, 40);
}

// ---------------------------------------------------------------------------------------
// RunSimulation

std::string Lines(const std::vector<HistoryTicket>& tickets) {
  std::string out;
  for (const auto& t : tickets) app::AppendHistoryJson(out, t);
  return out;
}

// The candidate gives front only 5m on the path: A is handed to spec at 00:05 and B at
// 00:10, so when each customer asks (00:10, 00:20) the case is already at the top level
// and the escalation is blocked. The baseline escalates both on the customer's request.
TEST(RunSimulation, ReplaysAHistoryThroughTheBaselineAndACandidate) {
  const Policy policy = Load(PolicyParts{kAskedTrigger});
  const Policy candidate = Load(PolicyParts{kAskedTrigger, "", "5m"});
  std::istringstream in(Lines(TwoOverlappingEscalations()));
  std::vector<SimulatedDecision> decisions;
  const app::SimulationOutcome out = app::RunSimulation(
      in, policy, &candidate, [&](const SimulatedDecision& d) { decisions.push_back(d); });
  EXPECT_THAT(out.errors, ::testing::IsEmpty());
  EXPECT_EQ(out.error_count, 0);
  EXPECT_EQ(out.tickets_read, 2);
  EXPECT_EQ(out.events, 4);
  EXPECT_EQ(out.report.tickets, 2);
  EXPECT_EQ(out.report.escalations, 2);
  EXPECT_EQ(out.report.escalations_blocked, 0);
  EXPECT_EQ(out.report.decisions_by_trigger, (std::map<std::string, std::int64_t>{{"asked", 2}}));
  ASSERT_EQ(decisions.size(), 2u);  // the sink sees the baseline's decisions only
  EXPECT_EQ(decisions[0].decision.trigger, "asked");
  EXPECT_EQ(decisions[1].decision.trigger, "asked");
  ASSERT_TRUE(out.candidate.has_value());
  EXPECT_EQ(out.candidate->tickets, 2);
  EXPECT_EQ(out.candidate->escalations, 2);
  EXPECT_EQ(out.candidate->escalations_blocked, 2);
  EXPECT_EQ(out.candidate->decisions_by_trigger,
            (std::map<std::string, std::int64_t>{{"asked", 2}, {std::string(kPathTrigger), 2}}));
  EXPECT_EQ(out.candidate->time_to_escalate.median, minutes{5});
  EXPECT_EQ(out.candidate->time_to_escalate.p90, minutes{5});
}

TEST(RunSimulation, CollectsEveryBadLineWithItsNumberAndMakesNoReport) {
  const Policy policy = Load(PolicyParts{});
  const std::string good = Lines({Ticket("A", Mon("00:00"), "low", {Resolved(Mon("01:00"))})});
  const std::string text = good + "\n" + "not json\n" +
                           Lines({Ticket("B", Mon("00:10"), "urgent", {})}) +
                           R"({"id": "C", "created": "2026-01-05T00:20:00+00:00", "tier": "x", )"
                           R"("priority": "low", "category": "billing", "channel": "e", )"
                           R"("events": []})"
                           "\n";
  std::istringstream in(text);
  const app::SimulationOutcome out = app::RunSimulation(in, policy, nullptr);
  ASSERT_EQ(out.errors.size(), 3u);
  EXPECT_EQ(out.error_count, 3);
  EXPECT_EQ(out.errors[0], "line 3: a ticket must be a JSON object");
  EXPECT_EQ(out.errors[1],
            "line 4: priority \"urgent\" is not one of the policy's priorities (high, low)");
  EXPECT_EQ(out.errors[2],
            "line 5: category \"billing\" is not one of the policy's categories (tech)");
  EXPECT_EQ(out.report.tickets, 0);
  EXPECT_EQ(out.report.decisions, 0);
  EXPECT_FALSE(out.candidate.has_value());
}

TEST(RunSimulation, TicketsOutOfOrderAreAnErrorOnTheirLine) {
  const Policy policy = Load(PolicyParts{});
  std::istringstream in(
      Lines({Ticket("A", Mon("02:00"), "low", {}), Ticket("B", Mon("01:00"), "low", {})}));
  const app::SimulationOutcome out = app::RunSimulation(in, policy, nullptr);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_THAT(out.errors[0], StartsWith("line 2: ticket \"B\": created 2026-01-05T01:00:00+00:00"));
  EXPECT_EQ(out.report.tickets, 0);
}

TEST(RunSimulation, KeepsAtMostTwentyMessagesButCountsEveryProblem) {
  const Policy policy = Load(PolicyParts{});
  std::string text;
  for (int i = 0; i < 25; ++i) text += "{}\n";
  std::istringstream in(text);
  const app::SimulationOutcome out = app::RunSimulation(in, policy, nullptr);
  EXPECT_EQ(out.errors.size(), app::kMaxErrors);
  EXPECT_EQ(out.error_count, 25);
  EXPECT_EQ(out.errors[0], "line 1: \"id\" is required");
  EXPECT_EQ(out.errors[19], "line 20: \"id\" is required");
}

TEST(RunSimulation, ACandidateMustKnowEachTicketsPriority) {
  const Policy policy = Load(PolicyParts{});
  std::string other = PolicyYaml(PolicyParts{});
  other.replace(other.find("order: [high, low]"), 18, "order: [high, low2]");
  const Policy candidate = Load(other);
  std::istringstream in(Lines({Ticket("A", Mon("00:00"), "low", {})}));
  const app::SimulationOutcome out = app::RunSimulation(in, policy, &candidate);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0],
            "line 1: priority \"low\" is not one of the policy's priorities (high, low2)");
}

// ---------------------------------------------------------------------------------------
// Output

TEST(SimulationOutput, FormatSpanForPeople) {
  EXPECT_EQ(app::FormatSpan(Seconds{0}), "0s");
  EXPECT_EQ(app::FormatSpan(Seconds{45}), "45s");
  EXPECT_EQ(app::FormatSpan(Seconds{59}), "59s");
  EXPECT_EQ(app::FormatSpan(Seconds{60}), "1m");
  EXPECT_EQ(app::FormatSpan(Seconds{12 * 60 + 59}), "12m");
  EXPECT_EQ(app::FormatSpan(Seconds{3600}), "1h 00m");
  EXPECT_EQ(app::FormatSpan(Seconds{3 * 3600 + 5 * 60}), "3h 05m");
  EXPECT_EQ(app::FormatSpan(Seconds{86399}), "23h 59m");
  EXPECT_EQ(app::FormatSpan(Seconds{86400}), "1d 0h");
  EXPECT_EQ(app::FormatSpan(Seconds{2 * 86400 + 4 * 3600 + 59 * 60}), "2d 4h");
}

TEST(SimulationOutput, DecisionAsOneJsonLine) {
  SimulatedDecision d;
  d.ticket = "T\"1";
  d.decision.trigger = "fr-breach";
  d.decision.occurrence = "first_response#1";
  d.decision.repeat = 0;
  d.decision.due_at = Mon("02:00");
  d.decision.explanation = "why";
  d.at = Mon("02:00");
  d.escalation =
      SimulatedEscalation{EscalationType::kHierarchical, "front", "L1", "spec", "L2", "sam", false};
  d.notifications.push_back({RecipientRole::kTeamLead, "sam", "mail", Tue("09:00"), true});
  d.notifications.push_back({std::nullopt, "carol", "mail", Mon("02:00"), false});
  d.priority = "high";
  d.assignee = "sam";
  d.tags = {"a", "b"};
  d.signoff = true;
  d.notes = {"n"};
  std::string out;
  app::AppendDecisionJson(out, d);
  EXPECT_EQ(out,
            "{\"ticket\": \"T\\\"1\", \"at\": \"2026-01-05T02:00:00+00:00\", \"trigger\": "
            "\"fr-breach\", \"occurrence\": \"first_response#1\", \"repeat\": 0, \"due_at\": "
            "\"2026-01-05T02:00:00+00:00\", \"explanation\": \"why\", \"escalation\": {\"type\": "
            "\"hierarchical\", \"from_team\": \"front\", \"from_level\": \"L1\", \"to_team\": "
            "\"spec\", \"to_level\": \"L2\", \"assignee\": \"sam\", \"queued\": false}, "
            "\"notifications\": [{\"to\": \"sam\", \"role\": \"team_lead\", \"channel\": "
            "\"mail\", \"send_at\": \"2026-01-06T09:00:00+00:00\", \"held\": true}, {\"to\": "
            "\"carol\", \"role\": \"person\", \"channel\": \"mail\", \"send_at\": "
            "\"2026-01-05T02:00:00+00:00\", \"held\": false}], \"priority\": \"high\", "
            "\"assignee\": \"sam\", \"tags\": [\"a\", \"b\"], \"signoff_required\": true, "
            "\"notes\": [\"n\"]}\n");
}

// The history of CountsEscalationsByTypeAndReceivingLevel, its report as JSON worked out
// by hand: 2 tickets, 3 decisions, 3 escalations (as there). Nobody replies, so there is
// no next-update clock, and first response (2h) runs until the resolution: T1 is resolved
// at 02:00, its due instant (met: a target reached at the deadline is met); T2 at 03:00,
// after its due 02:05 (breached: 1 ticket, 1 cycle). Resolution (24h) met by both.
// Time to resolve: T1 2h (7200 s), T2 2h55 (10500 s).
TEST(SimulationOutput, ReportAsJson) {
  const Policy policy = Load(PolicyParts{std::string(kAskedTrigger) + R"(  - name: move
    when: {words: [billing]}
    then: [{escalate: {team: front2}}]
)"});
  const Simulated s = Simulate(
      policy, {Ticket("T1", Mon("00:00"), "low",
                      {Customer(Mon("00:10"), std::nullopt, {"billing"}), Asks(Mon("00:20")),
                       Resolved(Mon("02:00"))}),
               Ticket("T2", Mon("00:05"), "low", {Asks(Mon("00:30")), Resolved(Mon("03:00"))})});
  std::string out;
  app::AppendReportJson(out, "p.yaml", s.report);
  EXPECT_EQ(
      out, "{\"policy\": \"p.yaml\", \"policy_version\": \"" + policy.version +
               "\", \"tickets\": 2, \"unresolved\": 0, \"decisions\": 3, \"escalations\": "
               "{\"total\": 3, \"tickets\": 2, \"blocked\": 0, \"by_type\": {\"functional\": 1, "
               "\"hierarchical\": 2}, \"by_level\": {\"L1\": 1, \"L2\": 2}}, \"sla\": "
               "{\"first_response\": {\"met\": 1, \"breached\": 1, \"open\": 0, \"attainment\": "
               "0.5000}, \"next_update\": {\"met\": 0, \"breached\": 0, \"open\": 0, "
               "\"attainment\": null}, \"resolution\": {\"met\": 2, \"breached\": 0, \"open\": 0, "
               "\"attainment\": 1.0000}}, \"sla_by_priority\": {\"low\": {\"first_response\": "
               "{\"met\": 1, \"breached\": 1, \"open\": 0, \"attainment\": 0.5000}, "
               "\"next_update\": {\"met\": 0, \"breached\": 0, \"open\": 0, \"attainment\": null}, "
               "\"resolution\": {\"met\": 2, \"breached\": 0, \"open\": 0, \"attainment\": "
               "1.0000}}}, \"breaches\": {\"tickets\": 1, \"cycles\": 1}, \"time_to_escalate\": "
               "{\"count\": 2, \"median_seconds\": 600, \"p90_seconds\": 1500}, "
               "\"time_to_resolve\": {\"count\": 2, \"median_seconds\": 7200, \"p90_seconds\": "
               "10500}, \"concurrent_escalations\": [{\"scope\": \"level\", \"id\": \"L1\", "
               "\"peak\": 1, \"peak_at\": \"2026-01-05T00:10:00+00:00\", \"limit\": null, "
               "\"queued\": 0, "
               "\"over_limit\": 0}, {\"scope\": \"level\", \"id\": \"L2\", \"peak\": 2, "
               "\"peak_at\": \"2026-01-05T00:30:00+00:00\", \"limit\": null, \"queued\": 0, "
               "\"over_limit\": 0}], \"notifications\": {\"planned\": 0, \"held\": 0}, "
               "\"signoffs_required\": 0, \"decisions_by_trigger\": {\"asked\": 2, \"move\": 1}}");
}

TEST(SimulationOutput, ReportAsTextAndComparison) {
  const Policy policy = Load(PolicyParts{});
  const Simulated s = Simulate(
      policy, {Ticket("T1", Mon("00:00"), "high",
                      {Agent(Mon("00:30")), Agent(Mon("04:00")), Resolved(Mon("05:00"))}),
               Ticket("T2", Mon("01:00"), "high", {Agent(Mon("02:30")), Resolved(Mon("10:00"))}),
               Ticket("T3", Mon("02:00"), "low", {Agent(Mon("03:00")), Customer(Mon("10:00"))}),
               Ticket("T4", Mon("03:00"), "low", {Resolved(Mon("13:00"))})});
  std::string text;
  app::AppendReportText(text, "p.yaml", s.report);
  EXPECT_THAT(text, StartsWith("Policy p.yaml (version " + policy.version +
                               ")\n"
                               "Tickets: 4 created 2026-01-05T00:00:00+00:00 to "
                               "2026-01-05T13:00:00+00:00; 1 still open at the end\n"));
  EXPECT_THAT(text, HasSubstr("Escalations: 0 in 0 tickets (0.0% of tickets); 0 asked beyond "
                              "the top level\n"));
  EXPECT_THAT(text, HasSubstr("Time to resolve:          median 9h 00m, p90 10h 00m (3 "
                              "tickets)\n"));
  EXPECT_THAT(text, ::testing::ContainsRegex("\n  first_response +2 +2 +0 +50.0%\n"));
  EXPECT_THAT(text, ::testing::ContainsRegex("\n  next_update +1 +1 +1 +50.0%\n"));
  EXPECT_THAT(text, ::testing::ContainsRegex("\n  resolution +2 +1 +1 +66.7%\n"));
  EXPECT_THAT(text, HasSubstr("Tickets that missed a target: 2 (50.0%); missed clock cycles: "
                              "4\n"));
  EXPECT_THAT(text, HasSubstr("SLA attainment"));
  EXPECT_THAT(text, HasSubstr("Concurrent escalations"));
  EXPECT_THAT(text, HasSubstr("Notifications: 0 planned, 0 held for quiet hours\n"));
  EXPECT_THAT(text, HasSubstr("Decisions by trigger (0 in all):\n"));

  std::string comparison;
  app::AppendComparisonText(comparison, "a.yaml", s.report, "b.yaml", s.report);
  EXPECT_THAT(comparison, StartsWith("Baseline:  a.yaml (version " + policy.version +
                                     ")\nCandidate: b.yaml (version " + policy.version + ")\n\n"));
  EXPECT_THAT(comparison, ::testing::ContainsRegex("\n  tickets +4 +4\n"));
  EXPECT_THAT(comparison,
              ::testing::ContainsRegex("\n  first_response attainment +50.0% +50.0%\n"));
  EXPECT_THAT(comparison,
              ::testing::ContainsRegex("\n  time to resolve, median +9h 00m +9h 00m\n"));
}

// ---------------------------------------------------------------------------------------
// ExplainTicket

TEST(ExplainTicket, ShowsTheSlaTheDecisionsAndThePathIfNobodyActs) {
  const Policy policy = Load(PolicyParts{R"(  - name: fr-breach
    when: {sla: {target: first_response, at: breach}}
    then: [{escalate: next_level}]
)"});
  // Low (SLA normal), created 00:00, nothing happened; explained at 00:30: first response
  // due 02:00 (25% used), resolution due Tuesday 00:00; at 02:00 fr-breach would move the
  // case to spec.
  auto text = app::ExplainTicket(policy, Ticket("T", Mon("00:00"), "low", {}), Mon("00:30"));
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_THAT(*text, StartsWith("Ticket T: tier standard, priority low, category tech, channel "
                                "email\nCreated 2026-01-05T00:00:00+00:00; explained at "
                                "2026-01-05T00:30:00+00:00\n\n"));
  EXPECT_THAT(*text, HasSubstr("SLA policy \"normal\""));
  EXPECT_THAT(*text,
              ::testing::ContainsRegex(
                  "first_response +2h +always +running +2026-01-05T02:00:00\\+00:00 +25.0%"));
  EXPECT_THAT(*text, ::testing::ContainsRegex("next_update +8h +always +not started"));
  EXPECT_THAT(*text, ::testing::ContainsRegex(
                         "resolution +24h +always +running +2026-01-06T00:00:00\\+00:00 +2.1%"));
  EXPECT_THAT(*text, HasSubstr("Held by team front (L1) at 2026-01-05T00:30:00+00:00."));
  EXPECT_THAT(*text, HasSubstr("Decided by then:\n  nothing\n"));
  EXPECT_THAT(*text, HasSubstr("If nobody acts from then on:\n  2026-01-05T02:00:00+00:00  trigger "
                               "\"fr-breach\""));
  EXPECT_THAT(*text, HasSubstr("-> escalate (hierarchical) from front (L1) to spec (L2), "
                               "assigned to sam\n"));
  EXPECT_THAT(*text,
              HasSubstr("Path: front (L1) -> spec (L2, 2026-01-05T02:00:00+00:00, if nobody "
                        "acts)\n"));
}

TEST(ExplainTicket, LeavesOutWhatHappensAfterTheInstantAndRefusesAnEarlierOne) {
  const Policy policy = Load(PolicyParts{kAskedTrigger});
  const HistoryTicket t =
      Ticket("T", Mon("00:00"), "low", {Asks(Mon("00:10")), Resolved(Mon("01:00"))});
  auto at_20 = app::ExplainTicket(policy, t, Mon("00:20"));
  ASSERT_TRUE(at_20.has_value()) << at_20.error().message;
  EXPECT_THAT(*at_20, HasSubstr("Held by team spec (L2) at 2026-01-05T00:20:00+00:00."));
  EXPECT_THAT(*at_20,
              HasSubstr("Decided by then:\n  2026-01-05T00:10:00+00:00  trigger \"asked\""));
  EXPECT_THAT(*at_20, HasSubstr("Path: front (L1) -> spec (L2, 2026-01-05T00:10:00+00:00)\n"));
  auto at_05 = app::ExplainTicket(policy, t, Mon("00:05"));
  ASSERT_TRUE(at_05.has_value());
  EXPECT_THAT(*at_05, HasSubstr("Held by team front (L1)"));
  // Nobody acts: front's 1000h on the path (24/7) run out 41d 16h after creation.
  EXPECT_THAT(*at_05, HasSubstr("If nobody acts from then on:\n  2026-02-15T16:00:00+00:00  "
                                "trigger \"escalation-path\""));
  auto before = app::ExplainTicket(policy, t, At("2026-01-04T23:59:00+00:00"));
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().code, ErrorCode::kInvalid);
  EXPECT_THAT(before.error().message, HasSubstr("before the ticket was created"));
}

}  // namespace
}  // namespace esc::core
