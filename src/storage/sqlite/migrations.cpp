#include "storage/sqlite/migrations.h"

#include <fmt/format.h>

namespace esc::storage {

core::Result<int> Migrate(Connection& connection) {
  auto& db = connection.db();
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  const auto& all = Migrations();
  const int latest = all.empty() ? 0 : all.back().version;
  if (current > latest) {
    return std::unexpected(core::Error::Invalid(fmt::format(
        "the database has schema version {}, newer than this escalator knows ({}); "
        "use a newer escalator",
        current, latest)));
  }
  for (const auto& migration : all) {
    if (migration.version <= current) continue;
    try {
      SQLite::Transaction tx(db);
      db.exec(std::string(migration.sql));
      db.exec(fmt::format("PRAGMA user_version = {}", migration.version));
      tx.commit();
    } catch (const SQLite::Exception& e) {
      return std::unexpected(core::Error::Unavailable(
          fmt::format("schema migration {} failed: {}", migration.version, e.what())));
    }
  }
  return latest > current ? latest : current;
}

}  // namespace esc::storage
