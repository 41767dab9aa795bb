// The ticket use cases of the service: open, read, list, edit, converse, change status,
// escalate (manual, acknowledged, de-escalated, asked for by the customer), resolve with
// a root cause, sign off, close, collect feedback, link, merge, and the scheduler's
// re-evaluation. Each checks the actor's role and the input against the policy, then
// changes the ticket in one transaction (TicketChange): the audit trail, the engine's
// decisions, notifications and the next wake-up are committed together or not at all.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/service/actor.h"
#include "app/service/records.h"
#include "app/service/service_context.h"
#include "app/service/store.h"
#include "app/service/ticket_change.h"
#include "app/service/ticket_facts.h"

namespace esc::app {

struct NewTicket {
  std::string subject;
  std::string description;
  std::string category;
  std::string impact;
  std::string urgency;
  std::optional<Id> customer_id;  // staff open tickets for a customer; customers for their own
  std::string channel = "api";
  std::string idempotency_key;
};

// A message on a ticket (AddMessageIn).
struct Reply {
  std::string body;
  bool internal = false;  // an internal note (staff only)
  std::string channel = "api";
  // A customer's reply reopens a resolved ticket (mail, where the customer has no status
  // button); through the API the customer reopens explicitly.
  bool reopen_resolved = false;
};

struct TicketEdit {
  std::int64_t expected_version = 0;  // required: 409 when the ticket changed meanwhile
  std::optional<std::string> subject, description, category, impact, urgency, assignee;
  std::optional<std::vector<std::string>> tags;
};

struct EscalationRequest {
  std::string to;      // "next_level", a team id or a level id
  std::string reason;  // required
};

// What an escalation would do, before anyone confirms it (the web app's escalate dialog):
// whether the actor's authority allows it and why not, where the case would go, who is
// there to receive it, and what the policy's limits would do. Nothing is changed.
struct EscalationPreview {
  bool allowed = false;
  std::optional<core::Error> refusal;  // why not, when !allowed
  std::string acting_level;            // the level the actor escalates with
  std::string type;                    // functional, hierarchical, deescalation
  std::string from_team, from_level, to_team, to_level;
  // The receiving team's people: routed to a member; lead and manager kept informed.
  std::vector<std::string> members;
  std::string lead, manager, on_call;
  // Limits on the receiving level and team: "queue" (it would wait in that queue),
  // "notify_manager" (it goes ahead, beyond the limit, and the manager is told) or empty.
  std::string limit_effect;
  std::string limit;  // which limit, e.g. `team "product-specialists"`
};

struct Resolution {
  std::string root_cause_category;
  std::string root_cause;
};

// How many tickets a list matched. Counting a queue of a million is slow, and nobody
// pages that far: the count stops at kMaxCounted and says so.
inline constexpr std::int64_t kMaxCounted = 10000;
struct ListTotal {
  std::int64_t count = 0;
  bool capped = false;  // more than kMaxCounted match; count is kMaxCounted
};

struct TicketView {
  TicketRecord ticket;
  bool created = true;  // false when an idempotency key returned an earlier ticket
};

class TicketService {
 public:
  explicit TicketService(ServiceContext& context) : context_(context) {}

  Result<TicketView> Create(const Actor& actor, const NewTicket& input);
  // Create inside the caller's write transaction (mail intake creates the contact, the
  // ticket and its attachments in one); the same checks and the same TicketChange.
  Result<TicketView> CreateIn(StoreTx& tx, const Actor& actor, const NewTicket& input);
  // `clocks`, when given (staff): each SLA target's clock now, read with the ticket.
  Result<TicketRecord> Get(const Actor& actor, Id id,
                           std::vector<SlaTargetClock>* clocks = nullptr);
  // `total`, when given: how many match, counted up to kMaxCounted (beyond, `capped`).
  Result<std::vector<TicketRecord>> List(const Actor& actor, TicketFilter filter,
                                         ListTotal* total = nullptr);
  Result<TicketRecord> Edit(const Actor& actor, Id id, const TicketEdit& edit);

  Result<MessageRecord> AddMessage(const Actor& actor, Id id, const std::string& body,
                                   bool internal);
  // AddMessage inside the caller's write transaction; a customer's message gets its
  // sentiment score (stored on the message, and on the ticket as the latest one).
  Result<MessageRecord> AddMessageIn(StoreTx& tx, const Actor& actor, Id id, const Reply& reply);
  Result<std::vector<MessageRecord>> Messages(const Actor& actor, Id id);
  Result<TicketRecord> ChangeStatus(const Actor& actor, Id id, const std::string& status,
                                    std::optional<std::int64_t> expected_version);

  Result<TicketRecord> Escalate(const Actor& actor, Id id, const EscalationRequest& request);
  Result<TicketRecord> Deescalate(const Actor& actor, Id id, const EscalationRequest& request);
  // Escalate's checks without the move (the reason is not needed to look).
  Result<EscalationPreview> PreviewEscalation(const Actor& actor, Id id, const std::string& to);
  Result<TicketRecord> Acknowledge(const Actor& actor, Id id);
  Result<TicketRecord> RequestEscalation(const Actor& actor, Id id, const std::string& reason);
  Result<std::vector<EscalationRecord>> Escalations(const Actor& actor, Id id);

  Result<TicketRecord> Resolve(const Actor& actor, Id id, const Resolution& resolution);
  Result<TicketRecord> SignOff(const Actor& actor, Id id, bool approve, const std::string& comment);
  Result<TicketRecord> Feedback(const Actor& actor, Id id, int rating, const std::string& comment);
  // A comment on a rating that was given without one (the one-click link, then the page).
  Result<TicketRecord> FeedbackComment(const Actor& actor, Id id, const std::string& comment);

  Result<LinkRecord> AddLink(const Actor& actor, Id id, LinkRecord link);
  Result<std::vector<LinkRecord>> Links(const Actor& actor, Id id);
  Result<TicketRecord> Merge(const Actor& actor, Id id, Id into);

  Result<std::vector<AuditEvent>> AuditTrail(const Actor& actor, Id id);
  Result<std::vector<OutboxRecord>> Notifications(const Actor& actor, Id id);

  // The scheduler: re-evaluates these tickets at the clock's now, in one transaction.
  Result<void> Reevaluate(const std::vector<Id>& ids);

 private:
  struct CheckedTicket {
    Id customer_id = 0;
    std::string priority;
  };
  // Create's checks against the policy and the actor's role (no store access).
  Result<CheckedTicket> Check(const Actor& actor, const NewTicket& input);
  Result<TicketView> Insert(StoreTx& tx, const Actor& actor, const NewTicket& input,
                            const CheckedTicket& checked);
  // Loads the ticket (NotFound, also for a ticket the actor may not see), runs `edit` on
  // a TicketChange and saves it, all in one write transaction.
  Result<TicketRecord> Change(const Actor& actor, Id id,
                              const std::function<Result<void>(TicketChange&)>& edit);
  Result<TicketRecord> Find(StoreTx& tx, const Actor& actor, Id id);

  ServiceContext& context_;
};

}  // namespace esc::app
