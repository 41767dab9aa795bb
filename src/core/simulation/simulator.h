// Replays a ticket history through a policy in virtual time: what the engine would have
// decided, and what carrying out those decisions would have done. Tickets arrive in
// order of creation; the simulator keeps one global timeline, so routing load, limits
// (queues, overload) and concurrent escalations interact across tickets exactly as they
// would have. What happened in the history (replies, waits, resolutions) stays as it
// happened: a simulation shows the policy's decisions, not a different past.
//
// How decisions are carried out:
// - a new ticket goes to the first step of its category's escalation path (or the first
//   frontline team with the skill) and is routed to a member (see Router);
// - escalate moves the case (ResolveEscalation), routes it, and restarts the path
//   step's clock; beyond a limit it waits in that limit's queue (`queue`) or goes ahead
//   and tells the receiving team's manager (`notify_manager`);
// - notify is planned with quiet hours (PlanNotifications); set_priority may select
//   another SLA policy, whose clocks are rebuilt from the whole history (pauses kept);
//   assign moves the case to a team without an escalation; tag and require_signoff are
//   recorded;
// - an agent reply acknowledges the steps that fired before it (their repeats stop).
// Pure and deterministic: no clock, no I/O; decisions go to an optional sink.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/engine/escalation_target.h"
#include "core/engine/evaluate.h"
#include "core/engine/notification_plan.h"
#include "core/engine/router.h"
#include "core/simulation/history.h"
#include "core/simulation/report.h"

namespace esc::core {

struct SimulatedEscalation {
  EscalationType type = EscalationType::kHierarchical;
  std::string from_team, from_level, to_team, to_level;
  std::string assignee;  // empty while queued
  bool queued = false;   // waits for a slot under a limit
};

// One decision as the simulation carried it out.
struct SimulatedDecision {
  std::string ticket;
  Decision decision;
  Instant at;  // virtual time it was carried out (== decision.due_at unless a repeat)
  std::optional<SimulatedEscalation> escalation;
  std::vector<PlannedNotification> notifications;
  std::optional<std::string> priority;  // set_priority
  std::string assigned_team;            // assign
  std::string assignee;                 // who holds the case afterwards
  std::vector<std::string> tags;
  bool signoff = false;
  std::vector<std::string> notes;       // actions that could not be carried out, and why
};

using DecisionSink = std::function<void(const SimulatedDecision&)>;

// The sink also hears when a queued escalation goes ahead: a record under this trigger
// name (it is the effect of an earlier decision, not a decision of its own, so the
// report does not count it among decisions).
inline constexpr std::string_view kQueueTrigger = "limit-queue";

class Simulator {
 public:
  explicit Simulator(const Policy& policy, DecisionSink sink = {});
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // The next ticket of the history. Errors (Invalid, naming the ticket): created before
  // the previous ticket, events out of order or before creation, a second creation.
  Result<void> Add(HistoryTicket ticket);
  // Runs what is left up to `until` (default: the latest instant of the history) and
  // closes the books: tickets still open count as unresolved.
  Result<void> Finish(std::optional<Instant> until = std::nullopt);

  const SimulationReport& report() const { return report_; }
  std::int64_t events() const { return events_; }  // ticket events replayed so far

 private:
  struct Run;
  struct Agenda {
    Instant at;
    std::uint64_t id;
    std::uint64_t generation;
    bool operator>(const Agenda& o) const { return at != o.at ? at > o.at : id > o.id; }
  };
  struct Counter {
    int open = 0;
    LoadSummary* summary = nullptr;
    const Limit* limit = nullptr;
    std::deque<std::uint64_t> waiting;  // queued runs
  };

  Result<void> RunUntil(Instant limit, bool inclusive);
  Result<void> Process(Run& run, Instant t);
  Result<void> ApplyEvent(Run& run, const HistoryEvent& e);
  // Carries out a decision; true when it changed what the engine looks at.
  Result<bool> Carry(Run& run, const Decision& d, Instant t);
  void Escalate(Run& run, const EscalationTarget& target, Instant t, SimulatedDecision& out);
  void Move(Run& run, const std::string& team, Instant t, bool escalation);
  void Enter(Run& run, Instant t);
  void Leave(Run& run, Instant t);
  void Dequeue(Counter& counter, Instant t);
  Result<void> SelectSla(Run& run);
  void Schedule(Run& run, std::optional<Instant> at);
  void Close(Run& run, Instant end);
  // The counters of a level and a team (nullptr where there is none).
  std::array<Counter*, 2> CountersFor(const std::string& level, const std::string& team);

  const Policy& policy_;
  DecisionSink sink_;
  Router router_;
  SimulationReport report_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Run>> runs_;
  std::priority_queue<Agenda, std::vector<Agenda>, std::greater<>> agenda_;
  std::unordered_map<std::string, Counter> level_counters_;  // every level
  std::unordered_map<std::string, Counter> team_counters_;   // teams with a limit
  std::vector<std::int64_t> to_escalate_, to_resolve_;
  std::uint64_t next_id_ = 0;
  std::optional<Instant> last_created_;
  Instant latest_{};
  std::int64_t events_ = 0;
};

}  // namespace esc::core
