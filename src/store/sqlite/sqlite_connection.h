// SqliteConnection: one sqlite3 handle plus its cache of prepared statements.
//
// Owned by SqliteStore (one writer connection, optionally a few reader connections). Not
// thread-safe: the store hands a connection to one thread at a time, so handles are opened with
// SQLITE_OPEN_NOMUTEX. Every SQLite result code is turned into an ErrorCode here
// (SqliteErrorCode) so nothing above this layer looks at SQLite codes or message text.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"

namespace fleetjobs {

// The ErrorCode of an (extended) SQLite result code: a primary-key or unique violation is
// kAlreadyExists, busy/locked is kUnavailable, anything else kInternal.
ErrorCode SqliteErrorCode(int extended_rc);

class SqliteConnection {
 public:
  struct Settings {
    bool synchronous_full = true;
    int busy_timeout_ms = 5000;
    bool query_only = false;  // reader connections refuse writes at the SQLite level too
    int cache_kib = 0;        // PRAGMA cache_size=-N when > 0
  };

  // Opens (creating if needed) the database at `path` and applies the per-connection pragmas
  // (busy timeout, synchronous, foreign keys, query_only). Journal mode is the store's business.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, const Settings& settings);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more statements without results (sqlite3_exec); errors mapped by SqliteErrorCode.
  Status Exec(const char* sql);
  // As Exec, through the cached prepared statement of `sql` (static storage, as for Prepare): for
  // the statements of every transaction (SAVEPOINT, RELEASE, ...), which Exec would parse each time.
  Status ExecCached(const char* sql);
  // Runs a statement returning one text value in its first column (e.g. PRAGMA journal_mode).
  Result<std::string> QueryText(const char* sql);

  // The cached prepared statement for `sql`, reset and unbound. `sql` must be a string with static
  // storage duration (the cache is keyed by its address): use the constants of sqlite_statements.h.
  Result<sqlite3_stmt*> Prepare(const char* sql);

  // The error for a failed call on this connection: code from the extended result code, message
  // prefixed with `context`.
  Error LastError(int rc, std::string_view context) const;

  // True while a transaction is open (SQLite may roll one back by itself on some errors).
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  int Changes() const { return sqlite3_changes(db_); }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace fleetjobs
