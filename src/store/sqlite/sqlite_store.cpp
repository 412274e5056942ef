#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/sqlite_schema.h"
#include "store/sqlite/sqlite_txn.h"

namespace fleetjobs {

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, SqliteOptions options) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return MakeError(ErrorCode::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (path != ":memory:") FJ_RETURN_IF_ERROR(store->Exec("PRAGMA journal_mode=WAL"));
  FJ_RETURN_IF_ERROR(
      store->Exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
  FJ_RETURN_IF_ERROR(store->Exec("PRAGMA foreign_keys=ON"));
  FJ_RETURN_IF_ERROR(sqlite_schema::Migrate(db));
  return store;
}

SqliteStore::~SqliteStore() {
  for (auto& [sql, st] : statements_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

Status SqliteStore::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    ErrorCode code =
        (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? ErrorCode::kUnavailable : ErrorCode::kInternal;
    return MakeError(code, std::string(sql) + ": " + msg);
  }
  return Status::Ok();
}

Result<sqlite3_stmt*> SqliteStore::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
    return MakeError(ErrorCode::kInternal, std::string("prepare failed: ") + sqlite3_errmsg(db_));
  }
  statements_.emplace(sql, st);
  return st;
}

Status SqliteStore::Run(const std::function<Status(StoreTxn&)>& fn, bool read_only) {
  std::lock_guard<std::mutex> lock(mu_);
  FJ_RETURN_IF_ERROR(Exec(read_only ? "BEGIN" : "BEGIN IMMEDIATE"));
  SqliteTxn txn(*this, read_only);
  Status st = fn(txn);
  if (!st.ok()) {
    (void)Exec("ROLLBACK");
    return st;
  }
  Status commit = Exec("COMMIT");
  if (!commit.ok()) {
    (void)Exec("ROLLBACK");
    return MakeError(ErrorCode::kUnavailable, "commit failed: " + commit.error().message);
  }
  return Status::Ok();
}

Status SqliteStore::Transact(const std::function<Status(StoreTxn&)>& fn) { return Run(fn, false); }

Status SqliteStore::Read(const std::function<Status(StoreTxn&)>& fn) { return Run(fn, true); }

}  // namespace fleetjobs
