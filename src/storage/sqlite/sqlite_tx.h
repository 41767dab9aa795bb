// The SQLite implementation of one StoreTx: every query and statement of the store, run
// on the connection of the transaction the store opened (see sqlite_store.h).
#pragma once

#include <functional>
#include <vector>

#include "app/service/store.h"
#include "storage/sqlite/connection.h"

namespace esc::storage {

using app::Id;
using app::Result;

class SqliteTx final : public app::StoreTx {
 public:
  explicit SqliteTx(Connection& connection) : c_(connection) {}

  Result<Id> InsertCustomer(const app::CustomerRecord& customer) override;
  Result<std::optional<app::CustomerRecord>> FindCustomer(Id id) override;
  Result<std::vector<app::CustomerRecord>> ListCustomers(int limit, int offset) override;
  Result<Id> InsertUser(const app::UserRecord& user) override;
  Result<void> UpdateUser(const app::UserRecord& user) override;
  Result<std::optional<app::UserRecord>> FindUser(Id id) override;
  Result<std::optional<std::string>> FindSecret(const std::string& name) override;
  Result<void> InsertSecret(const std::string& name, const std::string& value) override;
  Result<std::optional<app::UserRecord>> FindUserByName(const std::string& username) override;
  Result<std::vector<app::UserRecord>> ListUsers(std::optional<Id> customer_id, int limit,
                                                 int offset) override;
  Result<std::int64_t> CountUsers() override;

  Result<void> InsertSession(const app::SessionRecord& session) override;
  Result<std::optional<app::SessionRecord>> FindSession(const std::string& digest) override;
  Result<void> DeleteSession(const std::string& digest) override;
  Result<void> DeleteExpiredSessions(app::Instant now) override;
  Result<Id> InsertApiToken(const app::ApiTokenRecord& token) override;
  Result<std::optional<app::ApiTokenRecord>> FindApiToken(const std::string& digest) override;
  Result<std::vector<app::ApiTokenRecord>> ListApiTokens(std::optional<Id> user_id) override;
  Result<void> RevokeApiToken(Id id) override;

  Result<Id> InsertTicket(app::TicketRecord& ticket) override;
  Result<std::optional<app::TicketRecord>> FindTicket(Id id) override;
  Result<std::optional<app::TicketRecord>> FindTicketByKey(const std::string& key) override;
  Result<std::optional<app::TicketRecord>> FindByIdempotencyKey(Id requester,
                                                                const std::string& key) override;
  Result<void> UpdateTicket(const app::TicketRecord& ticket) override;
  Result<std::vector<app::TicketRecord>> ListTickets(const app::TicketFilter& filter) override;
  Result<std::int64_t> CountTickets(const app::TicketFilter& filter, std::int64_t at_most) override;
  Result<std::int64_t> CountOpenEscalations(const std::string& scope, const std::string& id,
                                            Id except) override;
  Result<std::optional<app::TicketRecord>> OldestQueued(const std::string& scope,
                                                        const std::string& id) override;
  Result<std::int64_t> NextQueueSequence() override;

  Result<Id> AppendEvent(const app::AuditEvent& event) override;
  Result<std::vector<app::AuditEvent>> Events(Id ticket_id) override;
  Result<Id> InsertMessage(const app::MessageRecord& message) override;
  Result<std::vector<app::MessageRecord>> Messages(Id ticket_id, bool include_internal) override;
  Result<Id> InsertEscalation(const app::EscalationRecord& escalation) override;
  Result<void> UpdateEscalation(const app::EscalationRecord& escalation) override;
  Result<std::vector<app::EscalationRecord>> Escalations(Id ticket_id) override;
  Result<void> InsertFired(const app::FiredRecord& fired) override;
  Result<std::vector<app::FiredRecord>> Fired(Id ticket_id) override;
  Result<Id> InsertLink(const app::LinkRecord& link) override;
  Result<std::vector<app::LinkRecord>> Links(Id ticket_id) override;
  Result<Id> InsertOutbox(const app::OutboxRecord& row) override;
  Result<std::vector<app::OutboxRecord>> Outbox(std::optional<Id> ticket_id,
                                                const std::string& state, int limit) override;
  Result<std::int64_t> CountOutbox(const std::string& state) override;
  Result<std::vector<app::OutboxRecord>> DueOutbox(app::Instant now, int limit) override;
  Result<std::optional<app::Instant>> NextOutboxSendAt() override;
  Result<std::optional<app::OutboxRecord>> FindOutbox(Id id) override;
  Result<std::vector<app::OutboxRecord>> OutboxPage(const std::string& state, int limit,
                                                    int offset) override;
  Result<void> UpdateOutboxDelivery(const app::OutboxRecord& row) override;
  Result<std::vector<app::OutboxRecord>> DigestCandidates(app::Instant now,
                                                          const std::vector<std::string>& channels,
                                                          int limit) override;
  Result<std::int64_t> CountAloneBefore(const app::OutboxRecord& row, app::Instant from,
                                        app::Instant to) override;
  Result<std::optional<Id>> FindOpenDigest(const std::string& recipient,
                                           const std::string& channel,
                                           app::Instant window_start) override;
  Result<void> MarkDigested(Id id, Id digest_id) override;
  Result<std::vector<app::OutboxRecord>> DigestedRows(Id digest_id) override;
  Result<std::optional<core::NotificationPreferences>> FindNotificationPreferences(
      Id user_id) override;
  Result<void> SaveNotificationPreferences(Id user_id, const core::NotificationPreferences& prefs,
                                           app::Instant at) override;
  Result<core::PreferencesByPerson> PreferencesOf(
      const std::vector<std::string>& usernames) override;

  // Inbound mail (sqlite_intake_tx.cpp).
  Result<std::optional<app::UserRecord>> FindContactByEmail(const std::string& address) override;
  Result<std::optional<app::CustomerRecord>> FindCustomerByName(const std::string& name) override;
  Result<std::optional<app::MailRecord>> FindMail(const std::string& message_id) override;
  Result<std::optional<Id>> FindMailTicket(const std::vector<std::string>& message_ids) override;
  Result<Id> InsertMail(const app::MailRecord& mail) override;
  Result<Id> InsertAttachment(const app::AttachmentRecord& attachment) override;
  Result<std::vector<app::AttachmentRecord>> Attachments(Id ticket_id) override;
  Result<std::optional<app::AttachmentRecord>> FindAttachment(Id id) override;
  Result<Id> InsertQuarantine(const app::QuarantineRecord& mail) override;
  Result<std::vector<app::QuarantineRecord>> ListQuarantine(int limit, int offset) override;
  Result<std::optional<app::QuarantineRecord>> FindQuarantined(Id id) override;
  Result<std::optional<app::ChatMessageRecord>> FindChatMessage(
      const std::string& source, const std::string& external_id) override;
  Result<std::optional<Id>> FindConversationTicket(const std::string& source,
                                                   const std::string& conversation,
                                                   Id customer_id) override;
  Result<Id> InsertChatMessage(const app::ChatMessageRecord& message) override;
  Result<void> SignalWakeup(Id ticket_id, app::Instant now, app::Instant prune_before) override;
  Result<std::vector<std::pair<std::int64_t, Id>>> WakeupSignals(std::int64_t after_seq) override;
  Result<std::optional<app::Instant>> TicketWakeup(Id ticket_id) override;

  Result<std::vector<app::Wakeup>> Wakeups() override;
  Result<std::vector<app::CountRow>> CountOpenBy(const std::vector<std::string>& columns) override;

  // sqlite_dashboard_tx.cpp
  Result<std::vector<app::CountRow>> CountOpenEscalationsBy() override;
  Result<std::vector<app::CountRow>> CountQueuedEscalationsBy() override;
  Result<std::int64_t> CountEventsSince(const std::string& kind, app::Instant since) override;
  Result<std::vector<Id>> TicketsWithEventSince(const std::string& kind, app::Instant since,
                                                int limit) override;
  Result<Id> InsertSavedView(const app::SavedViewRecord& view) override;
  Result<std::vector<app::SavedViewRecord>> SavedViews(Id user_id) override;
  Result<bool> DeleteSavedView(Id user_id, Id id) override;

  void AfterCommit(std::function<void()> callback) override {
    callbacks_.push_back(std::move(callback));
  }
  std::vector<std::function<void()>> TakeCallbacks() { return std::move(callbacks_); }
  // The tickets this transaction inserted, for the full-text index the store writes once
  // per commit (IndexTicketText).
  std::vector<Id> TakeNewTickets() { return std::move(new_tickets_); }

 private:
  Connection& c_;
  std::vector<std::function<void()>> callbacks_;
  std::vector<Id> new_tickets_;
};

}  // namespace esc::storage
