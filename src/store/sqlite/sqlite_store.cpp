#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_schema.h"
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

SqliteStore::SqliteStore(std::unique_ptr<SqliteConnection> writer) : writer_(std::move(writer)) {}

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

  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(writer)));
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
  std::lock_guard<std::mutex> lock(write_mu_);
  return RunTransaction(*writer_, /*read_only=*/false, fn);
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
