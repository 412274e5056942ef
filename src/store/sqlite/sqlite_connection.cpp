#include "store/sqlite/sqlite_connection.h"

#include <mutex>

namespace fleetjobs {

ErrorCode SqliteErrorCode(int extended_rc) {
  switch (extended_rc) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
      return ErrorCode::kAlreadyExists;
    default:
      break;
  }
  switch (extended_rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 const Settings& settings) {
  // Before SQLite initialises (the first open in the process): no global allocation statistics,
  // whose mutex every malloc would otherwise take (a few % of a bulk insert). A no-op afterwards.
  static std::once_flag configured;
  std::call_once(configured, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return MakeError(ErrorCode::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, settings.busy_timeout_ms);
  FJ_RETURN_IF_ERROR(
      conn->Exec(settings.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
  FJ_RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys=ON"));
  if (settings.query_only) FJ_RETURN_IF_ERROR(conn->Exec("PRAGMA query_only=ON"));
  if (settings.cache_kib > 0) {
    std::string pragma = "PRAGMA cache_size=-" + std::to_string(settings.cache_kib);
    FJ_RETURN_IF_ERROR(conn->Exec(pragma.c_str()));
  }
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, st] : statements_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

Error SqliteConnection::LastError(int rc, std::string_view context) const {
  std::string msg(context);
  msg.append(": ").append(sqlite3_errmsg(db_));
  return MakeError(SqliteErrorCode(rc), std::move(msg));
}

Status SqliteConnection::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return MakeError(SqliteErrorCode(rc), std::string(sql) + ": " + msg);
}

Status SqliteConnection::ExecCached(const char* sql) {
  FJ_ASSIGN_OR_RETURN(sqlite3_stmt * st, Prepare(sql));
  int rc = sqlite3_step(st);
  while (rc == SQLITE_ROW) rc = sqlite3_step(st);
  Status out = rc == SQLITE_DONE ? Status::Ok() : Status(LastError(rc, sql));
  sqlite3_reset(st);
  return out;
}

Result<std::string> SqliteConnection::QueryText(const char* sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql, -1, &st, nullptr);
  if (rc != SQLITE_OK) return LastError(rc, sql);
  std::string out;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(st, 0);
    if (text != nullptr) out = reinterpret_cast<const char*>(text);
  } else if (rc != SQLITE_DONE) {
    Error e = LastError(rc, sql);
    sqlite3_finalize(st);
    return e;
  }
  sqlite3_finalize(st);
  return out;
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr);
  // A statement that does not prepare is a bug in sqlite_statements.h (kInternal) or a busy schema.
  if (rc != SQLITE_OK) return LastError(rc, "prepare failed");
  statements_.emplace(sql, st);
  return st;
}

}  // namespace fleetjobs
