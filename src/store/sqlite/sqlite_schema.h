// SqliteSchema: the numbered schema migrations of the SQLite backend.
//
// Migration N is the N-th entry of the list; PRAGMA user_version records how many have been
// applied. Append only: a released migration is never edited. Migrate applies every pending one
// in a single BEGIN IMMEDIATE transaction, reading user_version inside it, so two processes opening
// the same new file cannot both apply migration 1.
#pragma once

#include <span>

#include "common/result.h"
#include "store/sqlite/sqlite_connection.h"

namespace fleetjobs::sqlite_schema {

// The schema version this build writes (the number of built-in migrations).
int LatestVersion();

// Applies the pending built-in migrations. kInternal if the database is newer than this build.
Status Migrate(SqliteConnection& conn);

// Same with an explicit migration list (tests use it to exercise upgrades and failures).
Status Migrate(SqliteConnection& conn, std::span<const char* const> migrations);

// The database's user_version.
Result<int> CurrentVersion(SqliteConnection& conn);

}  // namespace fleetjobs::sqlite_schema
