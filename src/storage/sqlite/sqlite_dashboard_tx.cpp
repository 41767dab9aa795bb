// The dashboard and saved-view part of SqliteTx: open escalations by level and team,
// escalations waiting at limits, recent events of a kind (breaches today), and each
// user's saved ticket-list queries (migration 0010).
#include <fmt/format.h>

#include "storage/sqlite/row_binding.h"
#include "storage/sqlite/sqlite_tx.h"

namespace esc::storage {
namespace {

std::vector<app::CountRow> CountRows(SQLite::Statement& s, int keys) {
  std::vector<app::CountRow> rows;
  while (s.executeStep()) {
    app::CountRow row;
    for (int i = 0; i < keys; ++i) row.keys.push_back(s.getColumn(i).getString());
    row.count = s.getColumn(keys).getInt64();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Result<std::vector<app::CountRow>> SqliteTx::CountOpenEscalationsBy() {
  auto& s = c_.Prepare(
      "SELECT level, team, count(*) FROM tickets WHERE open = 1 AND arrived_by_escalation = 1 "
      "GROUP BY level, team ORDER BY level, team");
  return CountRows(s, 2);
}

Result<std::vector<app::CountRow>> SqliteTx::CountQueuedEscalationsBy() {
  auto& s = c_.Prepare(
      "SELECT queued_limit_scope, queued_limit_id, count(*) FROM tickets "
      "WHERE open = 1 AND queued_limit_scope IS NOT NULL "
      "GROUP BY queued_limit_scope, queued_limit_id ORDER BY 1, 2");
  return CountRows(s, 2);
}

Result<std::int64_t> SqliteTx::CountEventsSince(const std::string& kind, app::Instant since) {
  auto& s = c_.Prepare("SELECT count(*) FROM ticket_events WHERE at >= ? AND kind = ?");
  Binder{s}(since)(kind);
  s.executeStep();
  return s.getColumn(0).getInt64();
}

Result<std::vector<Id>> SqliteTx::TicketsWithEventSince(const std::string& kind,
                                                        app::Instant since, int limit) {
  auto& s = c_.Prepare(
      "SELECT ticket_id FROM ticket_events WHERE at >= ? AND kind = ? "
      "GROUP BY ticket_id ORDER BY max(id) DESC LIMIT ?");
  Binder{s}(since)(kind)(limit);
  std::vector<Id> ids;
  while (s.executeStep()) ids.push_back(s.getColumn(0).getInt64());
  return ids;
}

Result<Id> SqliteTx::InsertSavedView(const app::SavedViewRecord& view) {
  auto& s = c_.Prepare(
      "INSERT INTO saved_views(user_id, name, query, created_at) VALUES (?, ?, ?, ?)");
  Binder{s}(view.user_id)(view.name)(view.query)(view.created_at);
  s.exec();
  return c_.db().getLastInsertRowid();
}

Result<std::vector<app::SavedViewRecord>> SqliteTx::SavedViews(Id user_id) {
  auto& s = c_.Prepare(
      "SELECT id, user_id, name, query, created_at FROM saved_views WHERE user_id = ? "
      "ORDER BY name, id");
  Binder{s}(user_id);
  std::vector<app::SavedViewRecord> views;
  while (s.executeStep()) {
    Reader r(s);
    app::SavedViewRecord v;
    v.id = r.Int();
    v.user_id = r.Int();
    v.name = r.Text();
    v.query = r.Text();
    v.created_at = r.At();
    views.push_back(std::move(v));
  }
  return views;
}

Result<bool> SqliteTx::DeleteSavedView(Id user_id, Id id) {
  auto& s = c_.Prepare("DELETE FROM saved_views WHERE id = ? AND user_id = ?");
  Binder{s}(id)(user_id);
  return s.exec() > 0;
}

}  // namespace esc::storage
