// The service's stored records: customers (organisations) and their contacts, users with
// roles, sessions and API tokens, tickets with the facts the engine looks at, the
// conversation, escalations, the append-only audit trail, trigger firings, links and the
// notification outbox. Plain data shared by the use cases and the stores (src/storage).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ticket/status.h"
#include "core/time.h"

namespace esc::app {

using Id = std::int64_t;
using core::Instant;

enum class Role { kCustomer, kAgent, kSupervisor, kEscalationManager, kManager, kAdmin };
std::string_view ToString(Role role);  // "customer", "agent", "supervisor", ...
std::optional<Role> ParseRole(std::string_view text);
inline constexpr Role kAllRoles[] = {Role::kCustomer,          Role::kAgent,
                                     Role::kSupervisor,        Role::kEscalationManager,
                                     Role::kManager,           Role::kAdmin};

struct CustomerRecord {
  Id id = 0;
  std::string name;  // the organisation
  std::string tier;  // e.g. "enterprise"; SLA policies may select on it
  Instant created_at;
};

struct UserRecord {
  Id id = 0;
  // The login; for staff also the person id the policy uses in teams and rotations.
  std::string username;
  std::string display_name;
  std::string email;
  Role role = Role::kAgent;
  std::optional<Id> customer_id;  // customers: the organisation they belong to
  std::string password_hash;      // argon2id; empty: may not log in with a password
  bool disabled = false;
  Instant created_at;
};

struct SessionRecord {
  std::string token_digest;  // SHA-256 of the cookie value
  Id user_id = 0;
  std::string csrf_token;
  Instant created_at;
  Instant expires_at;
};

struct ApiTokenRecord {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  std::string token_digest;
  Instant created_at;
  std::optional<Instant> last_used_at;
  bool revoked = false;
  std::string scope = "full";  // full: what its user may do; intake: the intake endpoints only
};

// An escalation that waits for a slot under a policy limit with `beyond: queue`; it goes
// ahead, as it was decided (type, target, reason, trigger, by), when a case leaves.
struct QueuedEscalation {
  std::string limit_scope;  // "level" or "team": the limit whose queue it waits in
  std::string limit_id;
  std::string type;  // functional or hierarchical
  std::string to_team, to_level;
  std::string reason;
  std::string trigger;  // the policy trigger; empty for a manual escalation
  std::string by;       // username or "system"
  Instant queued_at;
  std::int64_t sequence = 0;  // order in the queues: first come, first served
};

struct TicketRecord {
  Id id = 0;
  std::string key;  // "ESC-<id>"
  Id customer_id = 0;
  Id requester_id = 0;  // the contact who opened it (or the agent on their behalf)
  std::string subject;
  std::string description;
  std::string category;
  std::string impact;
  std::string urgency;
  std::string priority;
  std::string channel = "api";  // api, email, web (the public form), chat:<source>
  std::string tier;  // the customer's tier when the ticket was opened
  core::TicketStatus status = core::TicketStatus::kNew;
  std::string team;
  std::string level;
  std::string assignee;  // a username; empty: unassigned
  std::vector<std::string> tags;
  Instant created_at;
  Instant updated_at;
  std::int64_t version = 1;  // bumped by every change (optimistic concurrency)
  std::string idempotency_key;

  // Facts the engine looks at (see core::TicketFacts).
  int customer_replies = 0;
  bool reopened = false;
  bool customer_asked_to_escalate = false;
  std::optional<double> sentiment;
  std::string customer_words;  // space-separated lower-case words of the customer's text
  std::optional<Instant> unassigned_since;
  Instant last_update;
  std::optional<Instant> acknowledged_at;
  Instant team_since;
  std::optional<Instant> reapplied_at;

  // Limits (policy `limits:`): the case came to its team by an escalation, so while it is
  // open it counts among the open escalations of its team and level (a plain assignment,
  // a de-escalation or a reopening clears it).
  bool arrived_by_escalation = false;
  std::optional<QueuedEscalation> queued_escalation;  // waiting for a slot under a limit

  // Derived after every change, for queues and filters.
  std::optional<Instant> next_deadline;  // earliest due instant of a running SLA clock
  std::optional<Instant> next_wakeup;    // when the scheduler must look at it again
  std::string sla_state = "none";        // none, ok, at_risk, breached, paused, stopped
  bool breached = false;                 // any SLA target missed in this ticket's life

  // Resolution.
  std::optional<Instant> resolved_at;
  std::optional<Instant> closed_at;
  std::string root_cause_category;
  std::string root_cause;
  bool signoff_required = false;
  std::string signoff_state;  // "", "pending", "approved", "rejected"
  std::optional<int> csat_rating;
  std::string csat_comment;
  std::optional<Id> merged_into;
};

// One entry of the audit trail: who did what when, with the before and after values in
// `data` (a JSON object). Never updated or deleted.
struct AuditEvent {
  Id id = 0;
  Id ticket_id = 0;
  Instant at;
  std::string actor;  // a username, or "system" for the engine and scheduler
  std::string kind;   // created, status_changed, replied, customer_replied, note_added, ...
  std::string data = "{}";
};

struct MessageRecord {
  Id id = 0;
  Id ticket_id = 0;
  Instant at;
  std::string author;  // username
  bool from_customer = false;
  bool internal = false;  // an internal note: never shown to customers
  std::string body;
  std::string channel = "api";      // how it came: api, email, web (the form), chat:<source>
  std::optional<double> sentiment;  // a customer's message: core::SentimentScore of `body`
};

struct EscalationRecord {
  Id id = 0;
  Id ticket_id = 0;
  Instant at;
  std::string type;  // functional, hierarchical, deescalation
  std::string from_team, from_level, to_team, to_level;
  std::string reason;
  std::string trigger;  // the policy trigger; empty for a manual escalation
  std::string by;       // username or "system"
  std::optional<Instant> acknowledged_at;
  std::string acknowledged_by;
};

struct FiredRecord {
  Id ticket_id = 0;
  std::string trigger;
  std::string occurrence;
  int repeat = 0;
  Instant at;
  std::string policy_version;
};

struct LinkRecord {
  Id id = 0;
  Id ticket_id = 0;
  std::string kind;  // knowledge, related, duplicate_of, parent, child
  std::string title;
  std::string url;
  std::optional<Id> other_ticket;
  Instant at;
  std::string by;
};

// A notification to deliver, written in the same transaction as its cause; the outbox
// worker delivers it (outbox_worker.h). `send_at` is the instant of the next attempt:
// quiet hours may hold the first back, a retry moves it on; `due_at` stays where the
// first was (the digest window of the row). A digest is a row of role "digest" (ticket 0)
// carrying the rows the worker folded into it: those are "digested", with its id.
struct OutboxRecord {
  Id id = 0;
  Id ticket_id = 0;
  Instant created_at;
  Instant send_at;
  std::string event;  // what it is about: trigger name, "escalated", ...
  std::string recipient;
  std::string role;     // the policy role that chose the recipient; empty for a named person
  std::string channel;  // the policy's channel id
  std::string payload = "{}";
  std::string state = "pending";  // pending, sent, dead, digested
  int attempts = 0;               // delivery attempts made
  std::string last_error;         // what the last failed attempt said; empty: none failed
  std::optional<Instant> last_attempt_at;
  std::optional<Instant> sent_at;
  std::optional<Instant> due_at;  // nullopt when inserting: send_at
  std::optional<Id> digest_id;    // the digest that carries this row
};

// A saved view: a user's named ticket-list query (the query string of
// GET /api/v1/tickets, without the '?', e.g. "status=open&team=frontline").
struct SavedViewRecord {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  std::string query;
  Instant created_at;
};

}  // namespace esc::app
