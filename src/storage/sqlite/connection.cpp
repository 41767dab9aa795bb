#include "storage/sqlite/connection.h"

namespace esc::storage {

Connection::Connection(const std::string& path, bool read_only, bool durable)
    : db_(path, read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
          5000) {
  if (!read_only) db_.exec("PRAGMA journal_mode=WAL");
  db_.exec(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  db_.exec("PRAGMA foreign_keys=ON");
  db_.exec("PRAGMA cache_size=-65536");  // 64 MiB of page cache
}

SQLite::Statement& Connection::Prepare(const std::string& sql) {
  auto& slot = statements_[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(db_, sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  return *slot;
}

void Connection::ResetStatements() {
  for (auto& [sql, statement] : statements_) statement->reset();
}

}  // namespace esc::storage
