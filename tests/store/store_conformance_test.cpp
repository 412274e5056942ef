// Runs the Store conformance suite against SQLite: in memory, on a file (WAL, pool of read
// connections), on a file with Read sharing the writer connection, and behind a FaultyStore that
// injects nothing (the decorator must be transparent).
#include "store_conformance.h"

#include <memory>
#include <utility>

#include "faulty_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store_test_util.h"

namespace fleetjobs::store_testing {
namespace {

std::unique_ptr<Store> OpenSqlite(const std::string& path, SqliteOptions options = {}) {
  auto opened = SqliteStore::Open(path, options);
  if (!opened.ok()) {
    ADD_FAILURE() << opened.error().message;
    return nullptr;
  }
  return std::move(opened).value();
}

// A SQLite store on a file in its own temporary directory, deleted with the store.
class TempFileStore final : public Store {
 public:
  static std::unique_ptr<Store> Open(SqliteOptions options) {
    auto store = std::unique_ptr<TempFileStore>(new TempFileStore());
    if (!store->dir_.ok()) {
      ADD_FAILURE() << "cannot create a temporary directory";
      return nullptr;
    }
    store->inner_ = OpenSqlite(store->dir_.File("fleetjobs.db"), options);
    if (!store->inner_) return nullptr;
    return store;
  }

  Status Transact(const std::function<Status(StoreTxn&)>& fn) override { return inner_->Transact(fn); }
  Status Read(const std::function<Status(StoreTxn&)>& fn) override { return inner_->Read(fn); }

 private:
  TempFileStore() = default;
  TempDir dir_;                   // destroyed last,
  std::unique_ptr<Store> inner_;  // after the database is closed
};

SqliteOptions SharedConnection() {
  SqliteOptions o;
  o.read_connections = 0;
  o.synchronous_full = false;
  return o;
}

INSTANTIATE_TEST_SUITE_P(
    Backends, StoreConformanceTest,
    ::testing::Values(StoreFactory{"SqliteMemory", [] { return OpenSqlite(":memory:"); }},
                      StoreFactory{"SqliteFile", [] { return TempFileStore::Open(SqliteOptions{}); }},
                      StoreFactory{"SqliteFileSharedConnection",
                                   [] { return TempFileStore::Open(SharedConnection()); }},
                      StoreFactory{"FaultyStoreOverSqlite",
                                   []() -> std::unique_ptr<Store> {
                                     auto inner = OpenSqlite(":memory:");
                                     if (!inner) return nullptr;
                                     return std::make_unique<FaultyStore>(std::move(inner));
                                   }}),
    StoreFactoryName);

}  // namespace
}  // namespace fleetjobs::store_testing
