// SqliteStore: the embedded Store backend (SQLite, WAL journal, synchronous=FULL).
//
// Writes: one writer connection. Transact runs BEGIN IMMEDIATE ... COMMIT on it, so writers are
// serialised (also across processes sharing the file, through SQLite's lock and the busy timeout)
// and, with synchronous=FULL, every Ok return is on disk.
// Group commit: concurrent Transact calls queue up; one of them (the leader) runs a batch of up to
// max_batch queued fns, in arrival order, in ONE SQLite transaction, each inside its own SAVEPOINT
// (a fn that fails is rolled back to its savepoint alone), then COMMITs once: one fsync makes the
// whole batch durable. Each caller returns only after that commit, with its own fn's result (or
// kUnavailable if the commit failed). Serialisable as before: the fns of a batch run one after the
// other and each sees the writes of those before it. fn runs on the leader's thread; an exception
// out of fn rolls back its savepoint and is rethrown on the caller's thread.
// Reads: a small pool of read-only connections; WAL lets them read a consistent snapshot (plain
// BEGIN) while a writer works. An in-memory database (":memory:") cannot be shared between
// connections, so there Read uses the writer connection under the same mutex.
// Read rejects every write through its StoreTxn with kInternal.
//
// Open applies pending schema migrations (sqlite_schema.h). Prepared statements are cached per
// connection. Ownership: the store owns its connections; a StoreTxn lives only inside fn.
//
// Thread safety: Transact and Read may be called from any thread, concurrently. Do not call
// Transact or Read from inside fn (the writer mutex is not re-entrant).
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace fleetjobs {

class SqliteConnection;

struct SqliteOptions {
  // FULL fsyncs the WAL on every commit (durable when Transact returns); false uses NORMAL.
  bool synchronous_full = true;
  // How long a statement waits for a lock held by another connection or process.
  int busy_timeout_ms = 5000;
  // Read-only connections for Read on a file database; 0 makes Read share the writer connection.
  int read_connections = 4;
  // Page cache of the writer connection in KiB; 0 keeps SQLite's default (about 2 MiB). Bulk loads
  // (import-things) raise it so a huge transaction does not spill its B-tree pages over and over.
  int writer_cache_kib = 0;
  // Most Transact calls committed together by one fsync (group commit); 1 commits each alone.
  int max_batch = 256;
};

class SqliteStore final : public Store {
 public:
  // `path` is a file (created if missing) or ":memory:" (a private database, gone when closed).
  // kUnavailable if the file cannot be opened, kInternal if the schema cannot be migrated (e.g. the
  // file was written by a newer fleetjobs).
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, SqliteOptions options = {});
  ~SqliteStore() override;

  Status Transact(const std::function<Status(StoreTxn&)>& fn) override;
  Status Read(const std::function<Status(StoreTxn&)>& fn) override;

 private:
  struct QueuedWrite;

  SqliteStore(std::unique_ptr<SqliteConnection> writer, int max_batch);

  // Runs fn inside BEGIN (or BEGIN IMMEDIATE) ... COMMIT on `conn`; rolls back on any failure.
  static Status RunTransaction(SqliteConnection& conn, bool read_only,
                               const std::function<Status(StoreTxn&)>& fn);
  // Runs every fn of `batch` in one transaction on the writer and sets each one's result.
  // REQUIRES: write_mu_ held.
  void RunBatch(const std::vector<QueuedWrite*>& batch);
  std::unique_ptr<SqliteConnection> AcquireReader();
  void ReleaseReader(std::unique_ptr<SqliteConnection> conn);

  std::mutex write_mu_;  // guards writer_: held by the leader while it runs a batch
  std::unique_ptr<SqliteConnection> writer_;
  const int max_batch_;

  std::mutex queue_mu_;  // guards queue_, leader_active_ and every QueuedWrite's flags
  std::deque<QueuedWrite*> queue_;
  bool leader_active_ = false;

  std::mutex read_mu_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
  bool has_readers_ = false;
};

}  // namespace fleetjobs
