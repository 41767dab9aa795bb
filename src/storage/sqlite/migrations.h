// Versioned schema migrations for the SQLite store: each is a SQL script applied once, in
// order, inside one transaction with the bump of PRAGMA user_version. A database newer
// than this binary is refused rather than guessed at.
#pragma once

#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/sqlite/connection.h"

namespace esc::storage {

struct Migration {
  int version;
  std::string_view sql;
};

// The migrations this binary knows, in version order (generated from migrations/*.sql).
const std::vector<Migration>& Migrations();

// Applies what `connection`'s database lacks; returns the resulting schema version.
// Errors: Unavailable (a script failed: nothing of it is applied) or Invalid (the database
// has a newer schema than this binary).
core::Result<int> Migrate(Connection& connection);

}  // namespace esc::storage
