// Numbered schema migrations of the SQLite backend, tracked with PRAGMA user_version.
#pragma once

#include <sqlite3.h>

#include "common/result.h"

namespace fleetjobs::sqlite_schema {

// Applies every migration newer than the database's user_version, in one transaction.
Status Migrate(sqlite3* db);

}  // namespace fleetjobs::sqlite_schema
