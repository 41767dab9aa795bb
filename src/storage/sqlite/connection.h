// One SQLite connection (SQLiteCpp) with the settings every Escalator connection needs
// (WAL, foreign keys, a busy timeout) and a cache of prepared statements: a statement is
// prepared once per connection and reset for each use.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace esc::storage {

class Connection {
 public:
  // `durable`: synchronous=FULL (a commit survives power loss) instead of NORMAL (it
  // survives a crash of the process). Throws SQLite::Exception when it cannot open.
  Connection(const std::string& path, bool read_only, bool durable);

  SQLite::Database& db() { return db_; }
  // The cached statement for `sql`, reset with its bindings cleared.
  SQLite::Statement& Prepare(const std::string& sql);
  // Resets every cached statement. A statement left mid-result keeps its read snapshot
  // (and blocks a commit): the store calls this before ending each transaction.
  void ResetStatements();

 private:
  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace esc::storage
