// The storage port: everything the service keeps, behind an interface so that SQLite
// (src/storage/sqlite) and later PostgreSQL implement it without the core or the API
// noticing. Work happens in transactions: Write runs a function in a serialized write
// transaction (stores may group several into one commit; each still succeeds or fails
// on its own), Read in a consistent read-only snapshot. Functions return Result; a
// storage failure is Unavailable. After-commit callbacks run in commit order, after the
// data is durable, so in-memory state (the wake-up index, live events) follows the
// database exactly.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/service/intake_records.h"
#include "app/service/records.h"
#include "core/engine/notification_preferences.h"
#include "core/error.h"

namespace esc::app {

template <typename T>
using Result = core::Result<T>;

struct TicketFilter {
  std::vector<core::TicketStatus> statuses;  // empty: any
  bool open_only = false;                    // not resolved or closed
  std::optional<std::string> team, level, priority, category, assignee, channel;
  std::optional<Id> customer_id;
  std::optional<bool> breached;
  bool at_risk = false;  // sla_state at_risk
  std::optional<Instant> due_from, due_before;  // the next SLA deadline in [from, before)
  std::optional<std::string> signoff_state;   // e.g. "pending"
  bool escalated_only = false;                // open and holding its team by an escalation
  std::optional<std::string> text;  // words in the subject or description
  std::optional<Instant> created_from, created_to;  // created in [from, to)
  std::optional<Id> after_id;  // ids above this one (keyset paging with kOldest)
  enum class Sort { kDeadline, kNewest, kOldest, kUpdated } sort = Sort::kDeadline;
  int limit = 50;
  int offset = 0;
};

struct Wakeup {
  Id ticket_id = 0;
  Instant at;
};

struct CountRow {
  std::vector<std::string> keys;
  std::int64_t count = 0;
};

class StoreTx {
 public:
  virtual ~StoreTx() = default;

  // Customers and users.
  virtual Result<Id> InsertCustomer(const CustomerRecord& customer) = 0;
  virtual Result<std::optional<CustomerRecord>> FindCustomer(Id id) = 0;
  virtual Result<std::vector<CustomerRecord>> ListCustomers(int limit, int offset) = 0;
  virtual Result<Id> InsertUser(const UserRecord& user) = 0;  // Conflict: name taken
  virtual Result<void> UpdateUser(const UserRecord& user) = 0;
  virtual Result<std::optional<UserRecord>> FindUser(Id id) = 0;
  virtual Result<std::optional<UserRecord>> FindUserByName(const std::string& username) = 0;
  virtual Result<std::vector<UserRecord>> ListUsers(std::optional<Id> customer_id, int limit,
                                                    int offset) = 0;
  virtual Result<std::int64_t> CountUsers() = 0;

  // Sessions and API tokens.
  virtual Result<void> InsertSession(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> FindSession(const std::string& digest) = 0;
  virtual Result<void> DeleteSession(const std::string& digest) = 0;
  virtual Result<void> DeleteExpiredSessions(Instant now) = 0;
  virtual Result<Id> InsertApiToken(const ApiTokenRecord& token) = 0;
  virtual Result<std::optional<ApiTokenRecord>> FindApiToken(const std::string& digest) = 0;
  virtual Result<std::vector<ApiTokenRecord>> ListApiTokens(std::optional<Id> user_id) = 0;
  virtual Result<void> RevokeApiToken(Id id) = 0;

  // Tickets. InsertTicket sets id and key.
  virtual Result<Id> InsertTicket(TicketRecord& ticket) = 0;
  virtual Result<std::optional<TicketRecord>> FindTicket(Id id) = 0;
  virtual Result<std::optional<TicketRecord>> FindTicketByKey(const std::string& key) = 0;
  virtual Result<std::optional<TicketRecord>> FindByIdempotencyKey(Id requester,
                                                                   const std::string& key) = 0;
  // Writes every field; Conflict when the stored version is not `ticket.version - 1`.
  virtual Result<void> UpdateTicket(const TicketRecord& ticket) = 0;
  virtual Result<std::vector<TicketRecord>> ListTickets(const TicketFilter& filter) = 0;
  // How many tickets match, counting no further than `at_most`.
  virtual Result<std::int64_t> CountTickets(const TicketFilter& filter, std::int64_t at_most) = 0;

  // Limits on open escalations. `scope` is "level" or "team" (else Invalid).
  // Open tickets holding level or team `id` by an escalation (arrived_by_escalation),
  // `except` not counted (the case that is moving).
  virtual Result<std::int64_t> CountOpenEscalations(const std::string& scope, const std::string& id,
                                                    Id except) = 0;
  // The open ticket whose escalation has waited longest in the queue of the limit on
  // level or team `id`; nullopt when none waits.
  virtual Result<std::optional<TicketRecord>> OldestQueued(const std::string& scope,
                                                           const std::string& id) = 0;
  // The next QueuedEscalation::sequence (one order across all the queues).
  virtual Result<std::int64_t> NextQueueSequence() = 0;

  // The audit trail and what hangs off a ticket.
  virtual Result<Id> AppendEvent(const AuditEvent& event) = 0;
  virtual Result<std::vector<AuditEvent>> Events(Id ticket_id) = 0;
  virtual Result<Id> InsertMessage(const MessageRecord& message) = 0;
  virtual Result<std::vector<MessageRecord>> Messages(Id ticket_id, bool include_internal) = 0;
  virtual Result<Id> InsertEscalation(const EscalationRecord& escalation) = 0;
  virtual Result<void> UpdateEscalation(const EscalationRecord& escalation) = 0;
  virtual Result<std::vector<EscalationRecord>> Escalations(Id ticket_id) = 0;
  virtual Result<void> InsertFired(const FiredRecord& fired) = 0;
  virtual Result<std::vector<FiredRecord>> Fired(Id ticket_id) = 0;
  virtual Result<Id> InsertLink(const LinkRecord& link) = 0;
  virtual Result<std::vector<LinkRecord>> Links(Id ticket_id) = 0;
  virtual Result<Id> InsertOutbox(const OutboxRecord& row) = 0;
  virtual Result<std::vector<OutboxRecord>> Outbox(std::optional<Id> ticket_id,
                                                   const std::string& state, int limit) = 0;
  virtual Result<std::int64_t> CountOutbox(const std::string& state) = 0;
  // The outbox worker's queries: pending rows due at `now` (send_at <= now), earliest
  // first; the earliest send_at of a pending row; one row; a page of rows in `state`
  // ("" any), newest first; and writing a row's delivery fields (state, attempts,
  // send_at, last_error, last_attempt_at, sent_at).
  virtual Result<std::vector<OutboxRecord>> DueOutbox(Instant now, int limit) = 0;
  virtual Result<std::optional<Instant>> NextOutboxSendAt() = 0;
  virtual Result<std::optional<OutboxRecord>> FindOutbox(Id id) = 0;
  virtual Result<std::vector<OutboxRecord>> OutboxPage(const std::string& state, int limit,
                                                       int offset) = 0;
  virtual Result<void> UpdateOutboxDelivery(const OutboxRecord& row) = 0;
  // Digests (outbox_digest.h). Pending rows never attempted nor digested, due at `now`,
  // on one of `channels`, of a person (not the customer, not a digest), by (due_at, id).
  virtual Result<std::vector<OutboxRecord>> DigestCandidates(
      Instant now, const std::vector<std::string>& channels, int limit) = 0;
  // Rows of `row`'s recipient and channel due in [from, to) before `row` (by due_at, id)
  // that go on their own (not digested, not the customer's, not digests).
  virtual Result<std::int64_t> CountAloneBefore(const OutboxRecord& row, Instant from,
                                                Instant to) = 0;
  // The digest of `recipient` on `channel` for the window starting `window_start` that
  // has not been attempted yet (so rows may still join it).
  virtual Result<std::optional<Id>> FindOpenDigest(const std::string& recipient,
                                                   const std::string& channel,
                                                   Instant window_start) = 0;
  // Folds row `id` into digest `digest_id` (state digested); NotFound if not pending.
  virtual Result<void> MarkDigested(Id id, Id digest_id) = 0;
  // The rows digest `digest_id` carries, by (due_at, id).
  virtual Result<std::vector<OutboxRecord>> DigestedRows(Id digest_id) = 0;

  // Notification preferences, per user. Saving replaces them.
  virtual Result<std::optional<core::NotificationPreferences>> FindNotificationPreferences(
      Id user_id) = 0;
  virtual Result<void> SaveNotificationPreferences(Id user_id,
                                                   const core::NotificationPreferences& prefs,
                                                   Instant at) = 0;
  // The preferences of those of `usernames` who have any.
  virtual Result<core::PreferencesByPerson> PreferencesOf(
      const std::vector<std::string>& usernames) = 0;

  // Secrets the service keeps with its data (e.g. the feedback link key). InsertSecret
  // leaves an existing value as it is.
  virtual Result<std::optional<std::string>> FindSecret(const std::string& name) = 0;
  virtual Result<void> InsertSecret(const std::string& name, const std::string& value) = 0;
  // Inbound mail. Contacts (customer users) by mail address, any case.
  virtual Result<std::optional<UserRecord>> FindContactByEmail(const std::string& address) = 0;
  virtual Result<std::optional<CustomerRecord>> FindCustomerByName(const std::string& name) = 0;
  virtual Result<std::optional<MailRecord>> FindMail(const std::string& message_id) = 0;
  // The ticket of the most recent stored mail with one of these Message-IDs; nullopt when
  // none has a ticket.
  virtual Result<std::optional<Id>> FindMailTicket(const std::vector<std::string>& message_ids) = 0;
  virtual Result<Id> InsertMail(const MailRecord& mail) = 0;  // Conflict: Message-ID known
  virtual Result<Id> InsertAttachment(const AttachmentRecord& attachment) = 0;
  virtual Result<std::vector<AttachmentRecord>> Attachments(Id ticket_id) = 0;  // no content
  virtual Result<std::optional<AttachmentRecord>> FindAttachment(Id id) = 0;    // with content
  virtual Result<Id> InsertQuarantine(const QuarantineRecord& mail) = 0;
  // Newest first, without the raw bytes.
  virtual Result<std::vector<QuarantineRecord>> ListQuarantine(int limit, int offset) = 0;
  virtual Result<std::optional<QuarantineRecord>> FindQuarantined(Id id) = 0;  // with raw
  // Chat and social messages (channel intake): by the source's message id, the ticket a
  // conversation of an organisation continues on (its latest message's), and a new row
  // (Conflict: the source's message id is known).
  virtual Result<std::optional<ChatMessageRecord>> FindChatMessage(const std::string& source,
                                                                   const std::string& external_id) = 0;
  virtual Result<std::optional<Id>> FindConversationTicket(const std::string& source,
                                                           const std::string& conversation,
                                                           Id customer_id) = 0;
  virtual Result<Id> InsertChatMessage(const ChatMessageRecord& message) = 0;
  // Another process changed `ticket_id`: the server's scheduler picks it up (see
  // ExternalWakeups). Rows older than `prune_before` are deleted on the way.
  virtual Result<void> SignalWakeup(Id ticket_id, Instant now, Instant prune_before) = 0;
  // The signals after `after_seq`, in order: (seq, ticket id).
  virtual Result<std::vector<std::pair<std::int64_t, Id>>> WakeupSignals(
      std::int64_t after_seq) = 0;
  // A ticket's current wake-up (nullopt: none or no such ticket).
  virtual Result<std::optional<Instant>> TicketWakeup(Id ticket_id) = 0;

  // Tickets whose scheduler wake-up is set (to rebuild the index at start).
  virtual Result<std::vector<Wakeup>> Wakeups() = 0;
  // Open tickets grouped by the given ticket columns (e.g. {"level", "priority"}).
  virtual Result<std::vector<CountRow>> CountOpenBy(const std::vector<std::string>& columns) = 0;

  // The live dashboard: open tickets holding their team by an escalation, grouped by
  // level and team (keys {level, team}); escalations waiting at a limit, grouped by the
  // limit (keys {scope, id}); how many `kind` events were recorded at or after `since`,
  // and the distinct tickets of the latest of them (newest first, at most `limit`).
  virtual Result<std::vector<CountRow>> CountOpenEscalationsBy() = 0;
  virtual Result<std::vector<CountRow>> CountQueuedEscalationsBy() = 0;
  virtual Result<std::int64_t> CountEventsSince(const std::string& kind, Instant since) = 0;
  virtual Result<std::vector<Id>> TicketsWithEventSince(const std::string& kind, Instant since,
                                                        int limit) = 0;

  // Saved views, per user. InsertSavedView: Conflict when the user has one of that name.
  virtual Result<Id> InsertSavedView(const SavedViewRecord& view) = 0;
  virtual Result<std::vector<SavedViewRecord>> SavedViews(Id user_id) = 0;  // by name
  // False when the user has no view of that id.
  virtual Result<bool> DeleteSavedView(Id user_id, Id id) = 0;

  // Runs `callback` after this transaction's commit (never when it rolls back).
  virtual void AfterCommit(std::function<void()> callback) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<void> Write(const std::function<Result<void>(StoreTx&)>& work) = 0;
  // Several independent writes, grouped into as few commits as the store can; each
  // succeeds or fails on its own. Results in the order of `works`.
  virtual std::vector<Result<void>> WriteAll(
      const std::vector<std::function<Result<void>(StoreTx&)>>& works) = 0;
  virtual Result<void> Read(const std::function<Result<void>(StoreTx&)>& work) = 0;
  // The schema version after migrations.
  virtual int SchemaVersion() const = 0;
};

}  // namespace esc::app
