// One change to one ticket inside a write transaction, carried out the same way whatever
// caused it (a person through the API, the scheduler): the caller edits the record and
// notes audit events; Save() then lets the engine decide what the change triggers
// (escalations, notifications, priority, sign-off), records the SLA breaches that came
// due, stores the record (version + 1) with every event, and after the commit publishes
// live events and moves the ticket's wake-up. Everything is in the caller's transaction:
// all of it is committed, or none.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "app/service/actor.h"
#include "app/service/records.h"
#include "app/service/service_context.h"
#include "app/service/store.h"

namespace esc::app {

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
  // plain assignment when `type` is empty.
  Result<void> MoveTo(const std::string& team, const std::string& type, const std::string& reason,
                      const std::string& trigger, const std::string& by);
  // Changes the status with its audit event (no workflow checks: callers do those).
  void SetStatus(core::TicketStatus status);

  // Runs the engine, stores everything; the change is complete after the commit.
  Result<void> Save();

 private:
  TicketChange(ServiceContext& context, StoreTx& tx, TicketRecord ticket, const Actor& actor);
  Result<bool> ApplyDecisions(const core::Policy& policy, const core::Evaluation& evaluation);
  Result<void> RecordBreaches(const std::vector<std::string>& overdue);

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
};

}  // namespace esc::app
