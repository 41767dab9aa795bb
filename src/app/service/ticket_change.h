// One change to one ticket inside a write transaction, carried out the same way whatever
// caused it (a person through the API, the scheduler): the caller edits the record and
// notes audit events; Save() then lets the engine decide what the change triggers
// (escalations, notifications, priority, sign-off), records the SLA breaches that came
// due, stores the record (version + 1) with every event, and after the commit publishes
// live events and moves the ticket's wake-up. Everything is in the caller's transaction:
// all of it is committed, or none.
//
// Limits on open escalations (policy `limits:`) are kept here too: Escalate checks them
// against the database; when Save finds that the case left a level or team where it
// counted (resolved, closed, merged, moved on), the oldest escalations waiting in that
// limit's queue go ahead in the same transaction, each as a TicketChange of its own.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "app/service/actor.h"
#include "app/service/records.h"
#include "app/service/service_context.h"
#include "app/service/store.h"

namespace esc::app {

// A limit's queue: the limit on level or team `id` (`scope` "level" or "team").
struct LimitKey {
  std::string scope;
  std::string id;
  bool operator==(const LimitKey&) const = default;
};

class TicketChange {
 public:
  // Loads the ticket's audit trail and firings (the engine's input). `ticket` is the
  // stored record; `is_new` for a ticket InsertTicket just created.
  static Result<TicketChange> Begin(ServiceContext& context, StoreTx& tx, TicketRecord ticket,
                                    const Actor& actor);

  TicketRecord& ticket() { return ticket_; }
  const TicketRecord& before() const { return before_; }
  Instant now() const { return now_; }
  const std::vector<AuditEvent>& events() const { return events_; }
  const std::vector<EscalationRecord>& escalations();
  StoreTx& tx() { return *tx_; }

  // An audit event by the actor (or "system"); `internal` events are not shown live to
  // customers.
  void Event(std::string kind, nlohmann::json data, bool internal = false,
             std::string actor = {});
  // Moves the case to `team` (routing it to a member) as an escalation of `type`, or as a
  // plain assignment when `type` is empty; no limits are checked (see Escalate). An
  // escalation waiting in a queue is withdrawn: it was decided for where the case was.
  // `queued_at`: the escalation had waited in a limit's queue since then.
  Result<void> MoveTo(const std::string& team, const std::string& type, const std::string& reason,
                      const std::string& trigger, const std::string& by,
                      std::optional<Instant> queued_at = std::nullopt);

  struct EscalationOutcome {
    bool queued = false;  // waits in a limit's queue (ticket().queued_escalation); not moved
    std::string note;     // what a limit did, for the trigger's notes; empty: nothing
  };
  // Escalates the case to `team` as `type` under the policy's limits on the receiving
  // level and team: beyond a `queue` limit the escalation waits in its queue and the case
  // stays; beyond a `notify_manager` limit it goes ahead and the receiving team's manager
  // is told (outbox). A de-escalation is not limited (it is not counted either). A waiting
  // escalation is replaced by this one. Errors: NotFound (no such team); Conflict (the
  // case already waits in the queue this escalation would wait in).
  Result<EscalationOutcome> Escalate(const std::string& team, const std::string& type,
                                     const std::string& reason, const std::string& trigger,
                                     const std::string& by,
                                     std::optional<Instant> queued_at = std::nullopt);
  // Changes the status with its audit event (no workflow checks: callers do those).
  void SetStatus(core::TicketStatus status);

  // Runs the engine, stores everything; the change is complete after the commit.
  Result<void> Save();

 private:
  TicketChange(ServiceContext& context, StoreTx& tx, TicketRecord ticket, const Actor& actor);
  Result<bool> ApplyDecisions(const core::Policy& policy, const core::Evaluation& evaluation);
  // PlanNotifications adjusted by the recipients' notification preferences, read in this
  // change's transaction (the one that writes the outbox rows).
  Result<std::vector<core::PlannedNotification>> PlanFor(const core::Policy& policy,
                                                          const core::NotifyAction& action,
                                                          const core::NotifyContext& context);
  // Appends the outbox rows the customer is owed for this change's events.
  Result<void> PlanCustomerUpdates(const core::Policy& policy);
  Result<void> RecordBreaches(const std::vector<std::string>& overdue);
  // Withdraws the waiting escalation, with its audit event saying why.
  void CancelQueued(const std::string& why);
  // Carries out the waiting escalation: its limit has room again.
  Result<void> GoAhead();
  // The limits whose count this change lowers: the case counted under its stored level
  // and team, and no longer does there (closed, or moved on).
  std::vector<LimitKey> Freed() const;
  // Lets the oldest waiting escalations go ahead under `freed` while their limits have
  // room; a case that goes ahead may free its own place in turn (handled in the same
  // loop, not by recursion).
  static Result<void> ReleaseQueues(ServiceContext& context, StoreTx& tx,
                                    std::vector<LimitKey> freed);

  ServiceContext* context_;
  StoreTx* tx_;
  TicketRecord ticket_;
  TicketRecord before_;
  Actor actor_;
  Instant now_;
  std::vector<AuditEvent> events_;   // stored and new, in order
  std::size_t first_new_event_ = 0;  // index in events_ of the first unsaved one
  std::vector<FiredRecord> fired_;
  std::size_t first_new_fired_ = 0;
  std::vector<bool> internal_;       // per new event
  std::vector<OutboxRecord> outbox_;
  std::optional<std::vector<EscalationRecord>> escalations_;
  std::vector<EscalationRecord> new_escalations_;
  bool releasing_ = false;       // made by ReleaseQueues: Save leaves the release to it
  std::vector<LimitKey> freed_;  // what Save freed, when releasing_
};

}  // namespace esc::app
