#include "storage/sqlite/connection.h"

#include <sqlite3.h>

namespace esc::storage {
namespace {

// Process-wide SQLite settings, made before its first use: no memory statistics (they
// take a global mutex on every allocation, which every connection's thread contends for).
// Once SQLite is initialised (a test that opened a database itself) this changes nothing.
int ConfigureSqliteOnce() {
  static const int result = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return result;
}

int OpenFlags(bool read_only) {
  ConfigureSqliteOnce();
  // No per-connection mutex: a connection is used by one thread at a time (the writer
  // thread, or the reader that took it from the pool).
  return SQLite::OPEN_NOMUTEX |
         (read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
}

}  // namespace

Connection::Connection(const std::string& path, bool read_only, bool durable)
    : db_(path, OpenFlags(read_only), 5000) {
  if (!read_only) db_.exec("PRAGMA journal_mode=WAL");
  db_.exec(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  db_.exec("PRAGMA foreign_keys=ON");
  db_.exec("PRAGMA cache_size=-65536");  // 64 MiB of page cache
  // The writer's grouped commit gives each Write a savepoint; their statement journals
  // stay in memory instead of spilling to a temporary file page by page.
  if (!read_only) db_.exec("PRAGMA temp_store=MEMORY");
  if (!read_only) db_.exec("PRAGMA wal_autocheckpoint=10000");
}

SQLite::Statement& Connection::Prepare(const std::string& sql) {
  auto& slot = statements_[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(db_, sql);
  } else {
    slot->tryReset();  // a failed last step was already reported by the call that ran it
    slot->clearBindings();
  }
  return *slot;
}

void Connection::ResetStatements() {
  // tryReset: reset() would throw the error of a statement's failed last step again.
  for (auto& [sql, statement] : statements_) statement->tryReset();
}

}  // namespace esc::storage
