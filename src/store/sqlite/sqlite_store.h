// SqliteStore: the embedded Store backend (SQLite in WAL mode, synchronous=FULL).
//
// One connection; Transact runs BEGIN IMMEDIATE ... COMMIT under a mutex, so writers are
// serialised and every Ok return is durable. Read uses the same connection (plain BEGIN) and
// rejects writes. Prepared statements are cached per statement text.
//
// Thread safety: Transact and Read may be called from any thread.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/store.h"

namespace fleetjobs {

struct SqliteOptions {
  bool synchronous_full = true;
  int busy_timeout_ms = 5000;
};

class SqliteStore final : public Store {
 public:
  // path may be ":memory:". Applies pending schema migrations.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, SqliteOptions options = {});
  ~SqliteStore() override;

  Status Transact(const std::function<Status(StoreTxn&)>& fn) override;
  Status Read(const std::function<Status(StoreTxn&)>& fn) override;

  // Used by SqliteTxn: a cached statement for `sql` (reset and unbound), or nullptr + error.
  Result<sqlite3_stmt*> Prepare(const char* sql);
  sqlite3* db() { return db_; }

 private:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  Status Exec(const char* sql);
  Status Run(const std::function<Status(StoreTxn&)>& fn, bool read_only);

  sqlite3* db_;
  std::mutex mu_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace fleetjobs
