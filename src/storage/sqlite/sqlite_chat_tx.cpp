// The chat part of SqliteTx: chat and social messages taken in, by their source's message
// id, and the ticket a conversation continues on (migration 0009).
#include <fmt/format.h>

#include "storage/sqlite/row_binding.h"
#include "storage/sqlite/sqlite_tx.h"

namespace esc::storage {
namespace {

constexpr const char* kChatColumns =
    "id, source, external_id, conversation, customer_id, ticket_id, message_row, sender, "
    "outcome, received_at";

app::ChatMessageRecord ReadChat(SQLite::Statement& s) {
  Reader r(s);
  app::ChatMessageRecord m;
  m.id = r.Int();
  m.source = r.Text();
  m.external_id = r.Text();
  m.conversation = r.Text();
  m.customer_id = r.Int();
  m.ticket_id = r.Int();
  m.message_row = r.MaybeInt();
  m.sender = r.Text();
  m.outcome = r.Text();
  m.received_at = r.At();
  return m;
}

}  // namespace

Result<std::optional<app::ChatMessageRecord>> SqliteTx::FindChatMessage(
    const std::string& source, const std::string& external_id) {
  auto& s = c_.Prepare(fmt::format(
      "SELECT {} FROM chat_messages WHERE source = ? AND external_id = ?", kChatColumns));
  Binder{s}(source)(external_id);
  if (!s.executeStep()) return std::nullopt;
  return ReadChat(s);
}

Result<std::optional<Id>> SqliteTx::FindConversationTicket(const std::string& source,
                                                           const std::string& conversation,
                                                           Id customer_id) {
  auto& s = c_.Prepare(
      "SELECT ticket_id FROM chat_messages WHERE source = ? AND conversation = ? AND "
      "customer_id = ? ORDER BY id DESC LIMIT 1");
  Binder{s}(source)(conversation)(customer_id);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getInt64();
}

Result<Id> SqliteTx::InsertChatMessage(const app::ChatMessageRecord& m) {
  auto& s = c_.Prepare(
      "INSERT INTO chat_messages(source, external_id, conversation, customer_id, ticket_id, "
      "message_row, sender, outcome, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Binder{s}(m.source)(m.external_id)(m.conversation)(m.customer_id)(m.ticket_id)(m.message_row)(
      m.sender)(m.outcome)(m.received_at);
  s.exec();
  return c_.db().getLastInsertRowid();
}

}  // namespace esc::storage
