#include "store/sqlite/sqlite_store.h"

#include <algorithm>

#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_schema.h"
#include "store/sqlite/sqlite_statements.h"
#include "store/sqlite/sqlite_txn.h"

namespace fleetjobs {
namespace {

// Rolls the open transaction back when a scope is left without Commit() (an error, or an
// exception out of fn), so the connection never goes back to the pool with a transaction open.
class TransactionScope {
 public:
  explicit TransactionScope(SqliteConnection& conn) : conn_(conn) {}
  ~TransactionScope() {
    if (!committed_ && conn_.InTransaction()) (void)conn_.Exec("ROLLBACK");
  }
  TransactionScope(const TransactionScope&) = delete;
  TransactionScope& operator=(const TransactionScope&) = delete;

  Status Commit() {
    // SQLite rolls back by itself on some failures (e.g. disk full); fn may not have noticed.
    if (!conn_.InTransaction()) {
      return MakeError(ErrorCode::kUnavailable, "the transaction was rolled back by SQLite");
    }
    Status st = conn_.Exec("COMMIT");
    if (!st.ok()) return MakeError(ErrorCode::kUnavailable, "commit failed: " + st.error().message);
    committed_ = true;
    return Status::Ok();
  }

 private:
  SqliteConnection& conn_;
  bool committed_ = false;
};

}  // namespace

// One Transact call waiting in the group-commit queue; lives on its caller's stack. Each has its
// own condition variable, so a finished batch wakes exactly its callers and the next leader, not
// every thread in the queue (with 64 writers a shared one cost a quarter of the CPU in futexes).
struct SqliteStore::QueuedWrite {
  const std::function<Status(StoreTxn&)>* fn = nullptr;
  Status result = Status::Ok();
  std::exception_ptr exception;
  bool done = false;  // result is final
  bool lead = false;  // this caller now runs the batches
  std::condition_variable cv;
};

SqliteStore::SqliteStore(std::unique_ptr<SqliteConnection> writer, int max_batch)
    : writer_(std::move(writer)), max_batch_(max_batch < 1 ? 1 : max_batch) {}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, SqliteOptions options) {
  SqliteConnection::Settings settings;
  settings.synchronous_full = options.synchronous_full;
  settings.busy_timeout_ms = options.busy_timeout_ms;
  settings.cache_kib = options.writer_cache_kib;
  FJ_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> writer, SqliteConnection::Open(path, settings));
  settings.cache_kib = 0;

  const bool in_memory = path == ":memory:" || path.empty();
  if (!in_memory) {
    // The journal mode is persistent in the file; readers opened below inherit it.
    FJ_ASSIGN_OR_RETURN(std::string mode, writer->QueryText("PRAGMA journal_mode=WAL"));
    if (mode != "wal") {
      return MakeError(ErrorCode::kUnavailable, "cannot put " + path + " in WAL mode (got " + mode + ")");
    }
  }
  FJ_RETURN_IF_ERROR(sqlite_schema::Migrate(*writer));

  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(writer), options.max_batch));
  if (!in_memory) {
    settings.query_only = true;
    for (int i = 0; i < options.read_connections; ++i) {
      FJ_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> reader, SqliteConnection::Open(path, settings));
      store->idle_readers_.push_back(std::move(reader));
    }
    store->has_readers_ = !store->idle_readers_.empty();
  }
  return store;
}

Status SqliteStore::RunTransaction(SqliteConnection& conn, bool read_only,
                                   const std::function<Status(StoreTxn&)>& fn) {
  Status begin = conn.Exec(read_only ? "BEGIN" : "BEGIN IMMEDIATE");
  if (!begin.ok()) {
    return MakeError(ErrorCode::kUnavailable, "cannot start a transaction: " + begin.error().message);
  }
  TransactionScope scope(conn);
  SqliteTxn txn(conn, read_only);
  FJ_RETURN_IF_ERROR(fn(txn));  // fn's error unchanged; the scope rolls back
  return scope.Commit();
}

Status SqliteStore::Transact(const std::function<Status(StoreTxn&)>& fn) {
  QueuedWrite self;
  self.fn = &fn;
  std::unique_lock<std::mutex> lock(queue_mu_);
  queue_.push_back(&self);
  if (leader_active_) {
    self.cv.wait(lock, [&] { return self.done || self.lead; });
  } else {
    leader_active_ = true;  // nobody leads, so the queue held nobody before this call
    self.lead = true;
  }
  if (!self.done) {
    // Leader, at the head of the queue: commit batches from the head until this call's own fn is
    // in one (the first batch, as it is at the head), then hand the lead to the next in line.
    std::vector<QueuedWrite*> batch;
    while (!self.done) {
      const size_t n = std::min(queue_.size(), static_cast<size_t>(max_batch_));
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      lock.unlock();
      {
        std::lock_guard<std::mutex> writer_lock(write_mu_);
        RunBatch(batch);
      }
      lock.lock();
      // Notified under queue_mu_: a waiter cannot see `done`, return and destroy its cv before.
      for (QueuedWrite* w : batch) {
        w->done = true;
        if (w != &self) w->cv.notify_one();
      }
    }
    if (queue_.empty()) {
      leader_active_ = false;
    } else {
      queue_.front()->lead = true;
      queue_.front()->cv.notify_one();
    }
  }
  lock.unlock();
  if (self.exception) std::rethrow_exception(self.exception);
  return self.result;
}

void SqliteStore::RunBatch(const std::vector<QueuedWrite*>& batch) {
  SqliteConnection& conn = *writer_;
  auto run_fn = [](QueuedWrite* w, SqliteTxn& txn) -> Status {
    try {
      return (*w->fn)(txn);
    } catch (...) {
      w->exception = std::current_exception();
      return MakeError(ErrorCode::kInternal, "exception in a transaction");
    }
  };
  if (batch.size() == 1) {  // alone: no savepoint needed
    QueuedWrite* w = batch.front();
    Status begin = conn.Exec("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      w->result = MakeError(ErrorCode::kUnavailable, "cannot start a transaction: " + begin.error().message);
      return;
    }
    TransactionScope scope(conn);
    SqliteTxn txn(conn, /*read_only=*/false);
    w->result = run_fn(w, txn);
    if (w->result.ok()) w->result = scope.Commit();
    return;
  }

  std::vector<QueuedWrite*> applied;  // fns whose writes are in the open transaction
  auto lose_applied = [&](const std::string& why) {
    for (QueuedWrite* a : applied) a->result = MakeError(ErrorCode::kUnavailable, why);
    applied.clear();
  };
  bool open = false;
  for (QueuedWrite* w : batch) {
    if (!open) {
      Status begin = conn.Exec("BEGIN IMMEDIATE");
      if (!begin.ok()) {
        w->result =
            MakeError(ErrorCode::kUnavailable, "cannot start a transaction: " + begin.error().message);
        continue;
      }
      open = true;
    }
    if (Status sp = conn.ExecCached(sql::kSavepoint); !sp.ok()) {
      w->result = MakeError(ErrorCode::kUnavailable, "cannot start a transaction: " + sp.error().message);
      continue;
    }
    SqliteTxn txn(conn, /*read_only=*/false);
    Status st = run_fn(w, txn);
    if (!conn.InTransaction()) {
      // SQLite rolled the whole transaction back by itself (e.g. disk full): the fns before this
      // one lost their writes too.
      w->result =
          st.ok() ? MakeError(ErrorCode::kUnavailable, "the transaction was rolled back by SQLite") : st;
      lose_applied("the transaction was rolled back by SQLite");
      open = false;
      continue;
    }
    if (st.ok()) {
      st = conn.ExecCached(sql::kReleaseSavepoint);
      if (st.ok()) {
        applied.push_back(w);
        continue;
      }
      st = MakeError(ErrorCode::kUnavailable, "cannot release a savepoint: " + st.error().message);
    }
    w->result = std::move(st);
    // fn's error unchanged; only its own writes go.
    Status undo = conn.ExecCached(sql::kRollbackToSavepoint);
    if (undo.ok()) undo = conn.ExecCached(sql::kReleaseSavepoint);
    if (!undo.ok()) {
      (void)conn.Exec("ROLLBACK");
      lose_applied("cannot roll back a savepoint: " + undo.error().message);
      open = false;
    }
  }
  if (!open) return;
  TransactionScope scope(conn);
  Status commit = scope.Commit();
  if (!commit.ok()) {
    lose_applied(commit.error().message);
    return;
  }
  for (QueuedWrite* a : applied) a->result = Status::Ok();
}

Status SqliteStore::Read(const std::function<Status(StoreTxn&)>& fn) {
  if (!has_readers_) {
    std::lock_guard<std::mutex> lock(write_mu_);
    return RunTransaction(*writer_, /*read_only=*/true, fn);
  }
  std::unique_ptr<SqliteConnection> reader = AcquireReader();
  struct GiveBack {  // also when fn throws, so the pool never shrinks
    SqliteStore* store;
    std::unique_ptr<SqliteConnection>* conn;
    ~GiveBack() { store->ReleaseReader(std::move(*conn)); }
  } give_back{this, &reader};
  return RunTransaction(*reader, /*read_only=*/true, fn);
}

std::unique_ptr<SqliteConnection> SqliteStore::AcquireReader() {
  std::unique_lock<std::mutex> lock(read_mu_);
  reader_free_.wait(lock, [&] { return !idle_readers_.empty(); });
  std::unique_ptr<SqliteConnection> conn = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return conn;
}

void SqliteStore::ReleaseReader(std::unique_ptr<SqliteConnection> conn) {
  {
    std::lock_guard<std::mutex> lock(read_mu_);
    idle_readers_.push_back(std::move(conn));
  }
  reader_free_.notify_one();
}

}  // namespace fleetjobs
