// The inbound-mail part of SqliteTx: delivered mail by Message-ID, attachments,
// quarantine, and the wake-up signals another process leaves for the server's scheduler
// (migration 0006).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "storage/sqlite/row_binding.h"
#include "storage/sqlite/sqlite_tx.h"

namespace esc::storage {
namespace {

constexpr const char* kMailColumns =
    "id, message_id, ticket_id, message_row, kind, kind_reason, sender, subject, outcome, "
    "received_at";

app::MailRecord ReadMail(SQLite::Statement& s) {
  Reader r(s);
  app::MailRecord m;
  m.id = r.Int();
  m.message_id = r.Text();
  m.ticket_id = r.MaybeInt();
  m.message_row = r.MaybeInt();
  m.kind = r.Text();
  m.kind_reason = r.Text();
  m.sender = r.Text();
  m.subject = r.Text();
  m.outcome = r.Text();
  m.received_at = r.At();
  return m;
}

// Attachment columns; `content` selects the bytes too.
std::string AttachmentColumns(bool content) {
  return std::string("id, ticket_id, message_row, filename, content_type, size, created_at") +
         (content ? ", content" : "");
}

app::AttachmentRecord ReadAttachment(SQLite::Statement& s, bool content) {
  Reader r(s);
  app::AttachmentRecord a;
  a.id = r.Int();
  a.ticket_id = r.Int();
  a.message_row = r.MaybeInt();
  a.filename = r.Text();
  a.content_type = r.Text();
  a.size = r.Int();
  a.created_at = r.At();
  if (content) a.content = r.Text();
  return a;
}

std::string QuarantineColumns(bool raw) {
  return std::string("id, received_at, reason, detail, sender, size") + (raw ? ", raw" : "");
}

app::QuarantineRecord ReadQuarantine(SQLite::Statement& s, bool raw) {
  Reader r(s);
  app::QuarantineRecord q;
  q.id = r.Int();
  q.received_at = r.At();
  q.reason = r.Text();
  q.detail = r.Text();
  q.sender = r.Text();
  q.size = r.Int();
  if (raw) q.raw = r.Text();
  return q;
}

}  // namespace

Result<std::optional<app::MailRecord>> SqliteTx::FindMail(const std::string& message_id) {
  auto& s =
      c_.Prepare(fmt::format("SELECT {} FROM mail_messages WHERE message_id = ?", kMailColumns));
  Binder{s}(message_id);
  if (!s.executeStep()) return std::nullopt;
  return ReadMail(s);
}

Result<std::optional<Id>> SqliteTx::FindMailTicket(const std::vector<std::string>& message_ids) {
  if (message_ids.empty()) return std::nullopt;
  auto& s = c_.Prepare(
      "SELECT ticket_id FROM mail_messages WHERE ticket_id IS NOT NULL AND message_id IN "
      "(SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT 1");
  nlohmann::json ids = message_ids;
  Binder{s}(ids.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getInt64();
}

Result<Id> SqliteTx::InsertMail(const app::MailRecord& m) {
  auto& s = c_.Prepare(
      "INSERT INTO mail_messages(message_id, ticket_id, message_row, kind, kind_reason, sender, "
      "subject, outcome, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(m.message_id)(m.ticket_id)(m.message_row)(m.kind)(m.kind_reason)(m.sender)(m.subject)(
      m.outcome)(m.received_at);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<Id> SqliteTx::InsertAttachment(const app::AttachmentRecord& a) {
  auto& s = c_.Prepare(
      "INSERT INTO attachments(ticket_id, message_row, filename, content_type, size, content, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(a.ticket_id)(a.message_row)(a.filename)(a.content_type)(a.size)(
      Binder::Blob{a.content})(a.created_at);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::vector<app::AttachmentRecord>> SqliteTx::Attachments(Id ticket_id) {
  auto& s = c_.Prepare(fmt::format("SELECT {} FROM attachments WHERE ticket_id = ? ORDER BY id",
                                   AttachmentColumns(false)));
  Binder{s}(ticket_id);
  std::vector<app::AttachmentRecord> out;
  while (s.executeStep()) out.push_back(ReadAttachment(s, false));
  return out;
}

Result<std::optional<app::AttachmentRecord>> SqliteTx::FindAttachment(Id id) {
  auto& s =
      c_.Prepare(fmt::format("SELECT {} FROM attachments WHERE id = ?", AttachmentColumns(true)));
  Binder{s}(id);
  if (!s.executeStep()) return std::nullopt;
  return ReadAttachment(s, true);
}

Result<Id> SqliteTx::InsertQuarantine(const app::QuarantineRecord& q) {
  auto& s = c_.Prepare(
      "INSERT INTO quarantine(received_at, reason, detail, sender, size, raw) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  Binder{s}(q.received_at)(q.reason)(q.detail)(q.sender)(q.size)(Binder::Blob{q.raw});
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::vector<app::QuarantineRecord>> SqliteTx::ListQuarantine(int limit, int offset) {
  auto& s = c_.Prepare(fmt::format("SELECT {} FROM quarantine ORDER BY id DESC LIMIT ? OFFSET ?",
                                   QuarantineColumns(false)));
  Binder{s}(limit)(offset);
  std::vector<app::QuarantineRecord> out;
  while (s.executeStep()) out.push_back(ReadQuarantine(s, false));
  return out;
}

Result<std::optional<app::QuarantineRecord>> SqliteTx::FindQuarantined(Id id) {
  auto& s =
      c_.Prepare(fmt::format("SELECT {} FROM quarantine WHERE id = ?", QuarantineColumns(true)));
  Binder{s}(id);
  if (!s.executeStep()) return std::nullopt;
  return ReadQuarantine(s, true);
}

Result<void> SqliteTx::SignalWakeup(Id ticket_id, app::Instant now, app::Instant prune_before) {
  auto& prune = c_.Prepare("DELETE FROM wakeup_signals WHERE created_at < ?");
  Binder{prune}(prune_before);
  prune.exec();
  auto& s = c_.Prepare("INSERT INTO wakeup_signals(ticket_id, created_at) VALUES (?, ?)");
  Binder{s}(ticket_id)(now);
  s.exec();
  return {};
}

Result<std::vector<std::pair<std::int64_t, Id>>> SqliteTx::WakeupSignals(std::int64_t after_seq) {
  auto& s = c_.Prepare(
      "SELECT seq, ticket_id FROM wakeup_signals WHERE seq > ? ORDER BY seq LIMIT 10000");
  Binder{s}(after_seq);
  std::vector<std::pair<std::int64_t, Id>> out;
  while (s.executeStep()) out.emplace_back(s.getColumn(0).getInt64(), s.getColumn(1).getInt64());
  return out;
}

Result<std::optional<app::Instant>> SqliteTx::TicketWakeup(Id ticket_id) {
  auto& s = c_.Prepare("SELECT next_wakeup FROM tickets WHERE id = ?");
  Binder{s}(ticket_id);
  if (!s.executeStep()) return std::nullopt;
  return Reader(s).MaybeAt();
}

}  // namespace esc::storage
