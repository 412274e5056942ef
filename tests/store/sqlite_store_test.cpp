// SQLite-specific behaviour: durability across reopen, migrations, WAL, locking, concurrency,
// error-code mapping and the cursor codec.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_cursor.h"
#include "store/sqlite/sqlite_schema.h"
#include "store_test_util.h"

namespace fleetjobs::store_testing {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with its contents at the end of the test.
class SqliteStoreFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "fleetjobs-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "fleetjobs.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<SqliteStore> OpenStore(SqliteOptions options = {}) {
    auto opened = SqliteStore::Open(path_, options);
    if (!opened.ok()) {
      ADD_FAILURE() << opened.error().message;
      return nullptr;
    }
    return std::move(opened).value();
  }

  // Runs one single-value query on a separate raw connection.
  std::string RawQuery(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    std::string out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(st, 0);
      if (text) out = reinterpret_cast<const char*>(text);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreFileTest, CommittedDataSurvivesReopen) {
  JobExecution exec = MakeExecution("j1", "t1", 2, ExecutionStatus::kInProgress, 10);
  exec.status_details = {{"k", "v"}};
  {
    auto store = OpenStore();
    ASSERT_NE(store, nullptr);
    FJ_ASSERT_OK(store->Transact([&](StoreTxn& txn) -> Status {
      FJ_RETURN_IF_ERROR(txn.InsertThing(MakeThing("t1")));
      FJ_RETURN_IF_ERROR(txn.InsertJob(MakeJob("j1")));
      FJ_RETURN_IF_ERROR(txn.InsertExecution(exec));
      return txn.PutSetting("clock", "123");
    }));
    // Rolled back: must not appear after reopen.
    Status st = store->Transact([](StoreTxn& txn) -> Status {
      FJ_RETURN_IF_ERROR(txn.PutSetting("clock", "999"));
      return MakeError(ErrorCode::kInternal, "abort");
    });
    EXPECT_FALSE(st.ok());
  }
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  FJ_EXPECT_OK(store->Read([&](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetThing("t1")).thing_id, "id-t1");
    EXPECT_EQ(Must(txn.GetJob("j1")).job_arn, MakeJob("j1").job_arn);
    ExpectSameExecution(Must(txn.GetExecution("j1", "t1", std::nullopt)), exec);
    EXPECT_EQ(Must(txn.GetSetting("clock")), "123");
    return Status::Ok();
  }));
}

TEST_F(SqliteStoreFileTest, ReopenDoesNotRerunMigrations) {
  {
    auto store = OpenStore();
    ASSERT_NE(store, nullptr);
    FJ_ASSERT_OK(store->Transact([](StoreTxn& txn) { return txn.PutSetting("k", "v"); }));
  }
  const std::string version = RawQuery("PRAGMA user_version");
  EXPECT_NE(version, "0");
  EXPECT_FALSE(version.empty());
  // Re-running migration 1 would fail on CREATE TABLE (or wipe data); neither may happen.
  for (int i = 0; i < 2; ++i) {
    auto store = OpenStore();
    ASSERT_NE(store, nullptr);
    FJ_EXPECT_OK(store->Read([](StoreTxn& txn) {
      EXPECT_EQ(Must(txn.GetSetting("k")), "v");
      return Status::Ok();
    }));
  }
  EXPECT_EQ(RawQuery("PRAGMA user_version"), version);
}

TEST_F(SqliteStoreFileTest, NewerSchemaIsRefused) {
  { ASSERT_NE(OpenStore(), nullptr); }
  RawQuery("PRAGMA user_version = 99");
  ASSERT_EQ(RawQuery("PRAGMA user_version"), "99");
  auto opened = SqliteStore::Open(path_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kInternal);
}

TEST_F(SqliteStoreFileTest, FileDatabaseUsesWal) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(RawQuery("PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStoreFileTest, UnopenablePathIsAnError) {
  auto opened = SqliteStore::Open((dir_ / "missing-dir" / "x.db").string());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
}

TEST_F(SqliteStoreFileTest, LockedDatabaseIsUnavailableAndReadersSeeTheOldSnapshot) {
  SqliteOptions no_wait;
  no_wait.busy_timeout_ms = 0;
  auto a = OpenStore(no_wait);
  auto b = OpenStore(no_wait);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  FJ_ASSERT_OK(a->Transact([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(txn.PutSetting("k", "from-a"));
    // b is another connection: its write transaction cannot start while a holds the lock...
    Status st = b->Transact([](StoreTxn& other) { return other.PutSetting("k", "from-b"); });
    EXPECT_FALSE(st.ok());
    if (!st.ok()) {
      EXPECT_EQ(st.error().code, ErrorCode::kUnavailable) << st.error().message;
    }
    // ...but in WAL mode it can still read the last committed state.
    FJ_EXPECT_OK(b->Read([](StoreTxn& other) {
      FJ_EXPECT_CODE(other.GetSetting("k"), ErrorCode::kNotFound);
      return Status::Ok();
    }));
    return Status::Ok();
  }));
  FJ_EXPECT_OK(b->Read([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetSetting("k")), "from-a");
    return Status::Ok();
  }));
  // b works again once a is done.
  FJ_EXPECT_OK(b->Transact([](StoreTxn& txn) { return txn.PutSetting("k", "from-b"); }));
}

TEST_F(SqliteStoreFileTest, ConcurrentTransactsKeepEveryIncrement) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  constexpr int kThreads = 4;
  constexpr int kIncrements = 25;
  auto increment = [&](StoreTxn& txn) -> Status {
    auto current = txn.GetSetting("counter");
    int value = 0;
    if (current.ok()) {
      value = std::stoi(*current);
    } else if (current.error().code != ErrorCode::kNotFound) {
      return current.take_error();
    }
    return txn.PutSetting("counter", std::to_string(value + 1));
  };
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        if (!store->Transact(increment).ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  FJ_EXPECT_OK(store->Read([&](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetSetting("counter")), std::to_string(kThreads * kIncrements));
    return Status::Ok();
  }));
}

TEST(SqliteStoreTest, ManyExecutionsInOneTransaction) {
  auto opened = SqliteStore::Open(":memory:");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& store = *opened.value();
  constexpr int kCount = 20000;
  FJ_ASSERT_OK(store.Transact([](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(txn.InsertJob(MakeJob("j1")));
    for (int i = 0; i < kCount; ++i) {
      FJ_RETURN_IF_ERROR(txn.InsertExecution(MakeExecution("j1", "thing-" + std::to_string(i))));
    }
    return Status::Ok();
  }));
  FJ_EXPECT_OK(store.Read([](StoreTxn& txn) {
    PageRequest page;
    page.limit = 1000;
    auto first = Must(txn.ListExecutionsForJob("j1", {}, page));
    EXPECT_EQ(first.items.size(), 1000u);
    EXPECT_TRUE(first.next.has_value());
    return Status::Ok();
  }));
}

// Every kind of row, with its optional members set, survives a close and reopen.
TEST_F(SqliteStoreFileTest, EveryKindOfRowSurvivesReopen) {
  Thing thing = MakeThing("t1");
  thing.thing_type_name = "sensor";
  thing.attributes = {{"a", "1"}};
  ThingGroup group = MakeGroup("g1");
  group.description = "d";
  Job job = MakeJob("j1", 5);
  job.document = R"({"x":1})";
  job.targets = {thing.thing_arn};
  job.rollout_config = RolloutConfig{10, ExponentialRolloutRate{1, 1.5, RateIncreaseCriteria{2, 3}}};
  job.scheduling_config = SchedulingConfig{"2030-01-01T00:00", std::nullopt, EndBehavior::kCancel,
                                           std::vector<MaintenanceWindow>{{"cron(0 0 * * ? *)", 30}}};
  job.process_details[ExecutionStatus::kQueued] = 1;
  JobExecution exec = MakeExecution("j1", "t1", 1, ExecutionStatus::kInProgress, 7);
  exec.step_deadline = At(99);
  JobTemplate tmpl = MakeTemplate("tpl");
  tmpl.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(1 1 * * ? *)", 60}};
  {
    auto store = OpenStore();
    ASSERT_NE(store, nullptr);
    FJ_ASSERT_OK(store->Transact([&](StoreTxn& txn) -> Status {
      FJ_RETURN_IF_ERROR(txn.InsertThing(thing));
      FJ_RETURN_IF_ERROR(txn.InsertThingGroup(group));
      FJ_RETURN_IF_ERROR(txn.AddMembership("g1", "t1"));
      FJ_RETURN_IF_ERROR(txn.InsertJob(job));
      FJ_RETURN_IF_ERROR(txn.InsertExecution(exec));
      FJ_RETURN_IF_ERROR(txn.InsertJobTemplate(tmpl));
      FJ_RETURN_IF_ERROR(txn.PutTags(job.job_arn, {{"k", "v"}}));
      return txn.PutSetting("s", "1");
    }));
  }
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  FJ_EXPECT_OK(store->Read([&](StoreTxn& txn) {
    ExpectSameThing(Must(txn.GetThing("t1")), thing);
    ExpectSameGroup(Must(txn.GetThingGroup("g1")), group);
    EXPECT_EQ(Must(txn.ListGroupsOfThing("t1")), std::vector<std::string>{"g1"});
    ExpectSameJob(Must(txn.GetJob("j1")), job);
    JobFilter by_target;
    by_target.target_arn = thing.thing_arn;
    EXPECT_EQ(Must(txn.ListJobs(by_target, {})).items.size(), 1u);
    ExpectSameExecution(Must(txn.GetExecution("j1", "t1", 1)), exec);
    ExpectSameTemplate(Must(txn.GetJobTemplate("tpl")), tmpl);
    EXPECT_EQ(Must(txn.GetTags(job.job_arn)), (std::map<std::string, std::string>{{"k", "v"}}));
    EXPECT_EQ(Must(txn.GetSetting("s")), "1");
    return Status::Ok();
  }));
}

TEST_F(SqliteStoreFileTest, SchemaVersionIsTheLatestMigration) {
  ASSERT_NE(OpenStore(), nullptr);
  EXPECT_EQ(RawQuery("PRAGMA user_version"), std::to_string(sqlite_schema::LatestVersion()));
  // Migration 1 created every table the statements use.
  for (const char* table : {"things", "thing_groups", "memberships", "jobs", "job_documents", "job_targets",
                            "executions", "job_templates", "tags", "settings"}) {
    EXPECT_EQ(RawQuery(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") +
                       table + "'"),
              "1")
        << table;
  }
}

// Migrate with made-up migration lists: only pending ones run, and a failing one leaves the
// database exactly at the previous version.
TEST_F(SqliteStoreFileTest, MigrateAppliesOnlyPendingMigrationsAndRollsBackAFailure) {
  auto opened = SqliteConnection::Open(path_, {});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  SqliteConnection& conn = *opened.value();
  const std::array<const char*, 1> v1 = {"CREATE TABLE a (x INTEGER)"};
  const std::array<const char*, 2> v2 = {"CREATE TABLE a (x INTEGER)", "CREATE TABLE b (x INTEGER)"};
  const std::array<const char*, 3> v3_broken = {"CREATE TABLE a (x INTEGER)", "CREATE TABLE b (x INTEGER)",
                                                "CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1)"};
  FJ_ASSERT_OK(sqlite_schema::Migrate(conn, v1));
  EXPECT_EQ(Must(sqlite_schema::CurrentVersion(conn)), 1);
  FJ_ASSERT_OK(sqlite_schema::Migrate(conn, v1));  // nothing pending: CREATE TABLE a does not run again
  FJ_ASSERT_OK(sqlite_schema::Migrate(conn, v2));
  EXPECT_EQ(Must(sqlite_schema::CurrentVersion(conn)), 2);

  Status broken = sqlite_schema::Migrate(conn, v3_broken);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::kInternal);
  EXPECT_NE(broken.error().message.find("migration 3"), std::string::npos) << broken.error().message;
  EXPECT_EQ(Must(sqlite_schema::CurrentVersion(conn)), 2);
  EXPECT_EQ(RawQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'c'"), "0");
  EXPECT_FALSE(conn.InTransaction());

  // Older code against a newer database.
  Status older = sqlite_schema::Migrate(conn, v1);
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Must(sqlite_schema::CurrentVersion(conn)), 2);
}

// Two stores on one file stand for two processes: BEGIN IMMEDIATE plus the busy timeout
// serialise their read-modify-write transactions, so no increment is lost.
TEST_F(SqliteStoreFileTest, TwoStoresOnOneFileKeepEveryIncrement) {
  auto a = OpenStore();
  auto b = OpenStore();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  constexpr int kIncrements = 40;
  auto increment = [](StoreTxn& txn) -> Status {
    auto current = txn.GetSetting("counter");
    int value = current.ok() ? std::stoi(*current) : 0;
    return txn.PutSetting("counter", std::to_string(value + 1));
  };
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (Store* s : {static_cast<Store*>(a.get()), static_cast<Store*>(b.get())}) {
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, s] {
        for (int i = 0; i < kIncrements; ++i) {
          if (!s->Transact(increment).ok()) failures.fetch_add(1);
        }
      });
    }
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  FJ_EXPECT_OK(b->Read([&](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetSetting("counter")), std::to_string(4 * kIncrements));
    return Status::Ok();
  }));
}

// Read runs on its own connection: it neither waits for an open write transaction of the same
// store nor sees its uncommitted writes.
TEST_F(SqliteStoreFileTest, ReadDoesNotWaitForTheWriterAndSeesTheLastCommit) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  FJ_ASSERT_OK(store->Transact([](StoreTxn& txn) { return txn.PutSetting("k", "committed"); }));
  FJ_ASSERT_OK(store->Transact([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(txn.PutSetting("k", "pending"));
    auto reader = std::async(std::launch::async, [&] {
      std::string seen;
      Status st = store->Read([&](StoreTxn& r) -> Status {
        FJ_ASSIGN_OR_RETURN(seen, r.GetSetting("k"));
        return Status::Ok();
      });
      return st.ok() ? seen : "error: " + st.error().message;
    });
    // A generous bound instead of a hang if Read were serialised behind this transaction.
    if (reader.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      ADD_FAILURE() << "Read waited for the open write transaction";
      std::abort();  // the future's destructor would block forever
    }
    EXPECT_EQ(reader.get(), "committed");
    return Status::Ok();
  }));
  FJ_EXPECT_OK(store->Read([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetSetting("k")), "pending");
    return Status::Ok();
  }));
}

// Many concurrent readers and writers on one store: every write is kept, every read succeeds
// and sees a value that only grows.
TEST_F(SqliteStoreFileTest, ConcurrentReadersAndWriters) {
  SqliteOptions options;
  options.read_connections = 2;  // fewer connections than reading threads: they queue
  auto store = OpenStore(options);
  ASSERT_NE(store, nullptr);
  FJ_ASSERT_OK(store->Transact([](StoreTxn& txn) { return txn.PutSetting("n", "0"); }));
  constexpr int kWriters = 3;
  constexpr int kWrites = 20;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      int last = 0;
      while (!done.load()) {
        int seen = -1;
        Status st = store->Read([&](StoreTxn& txn) -> Status {
          FJ_ASSIGN_OR_RETURN(std::string v, txn.GetSetting("n"));
          seen = std::stoi(v);
          return Status::Ok();
        });
        if (!st.ok() || seen < last) failures.fetch_add(1);
        last = seen;
      }
    });
  }
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < kWrites; ++i) {
        Status st = store->Transact([](StoreTxn& txn) -> Status {
          FJ_ASSIGN_OR_RETURN(std::string v, txn.GetSetting("n"));
          return txn.PutSetting("n", std::to_string(std::stoi(v) + 1));
        });
        if (!st.ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& th : writers) th.join();
  done.store(true);
  for (auto& th : readers) th.join();
  EXPECT_EQ(failures.load(), 0);
  FJ_EXPECT_OK(store->Read([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetSetting("n")), std::to_string(kWriters * kWrites));
    return Status::Ok();
  }));
}

// An exception thrown out of fn rolls the transaction back and leaves the store usable.
TEST_F(SqliteStoreFileTest, ExceptionFromFnRollsBackAndFreesTheConnection) {
  SqliteOptions options;
  options.read_connections = 1;
  auto store = OpenStore(options);
  ASSERT_NE(store, nullptr);
  EXPECT_THROW((void)store->Transact([](StoreTxn& txn) -> Status {
    (void)txn.PutSetting("k", "v");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_THROW((void)store->Read([](StoreTxn&) -> Status { throw std::runtime_error("boom"); }),
               std::runtime_error);
  FJ_EXPECT_OK(store->Transact([](StoreTxn& txn) -> Status {
    FJ_EXPECT_CODE(txn.GetSetting("k"), ErrorCode::kNotFound);
    return txn.PutSetting("k2", "v2");
  }));
  FJ_EXPECT_OK(store->Read([](StoreTxn& txn) {  // the single reader came back
    EXPECT_EQ(Must(txn.GetSetting("k2")), "v2");
    return Status::Ok();
  }));
}

// A row that no longer decodes is reported, never silently read as empty.
TEST_F(SqliteStoreFileTest, CorruptStoredRowIsInternal) {
  {
    auto store = OpenStore();
    ASSERT_NE(store, nullptr);
    FJ_ASSERT_OK(store->Transact([](StoreTxn& txn) -> Status {
      FJ_RETURN_IF_ERROR(txn.InsertThing(MakeThing("t1")));
      Job job = MakeJob("j1");
      job.abort_config = AbortConfig{};
      return txn.InsertJob(job);
    }));
  }
  RawQuery("UPDATE things SET attributes_json = 'not json'");
  RawQuery("UPDATE jobs SET abort_json = '{\"criteriaList\":7}'");
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  FJ_EXPECT_OK(store->Read([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.GetThing("t1"), ErrorCode::kInternal);
    FJ_EXPECT_CODE(txn.ListThings({}, {}), ErrorCode::kInternal);
    FJ_EXPECT_CODE(txn.GetJob("j1"), ErrorCode::kInternal);
    return Status::Ok();
  }));
}

TEST(SqliteStoreTest, ConcurrentTransactsOnAMemoryStore) {
  auto opened = SqliteStore::Open(":memory:");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = *opened.value();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        Status st = store.Transact([&](StoreTxn& txn) -> Status {
          auto current = txn.GetSetting("n");
          int value = current.ok() ? std::stoi(*current) : 0;
          FJ_RETURN_IF_ERROR(txn.InsertThing(MakeThing("t" + std::to_string(t) + "-" + std::to_string(i))));
          return txn.PutSetting("n", std::to_string(value + 1));
        });
        if (!st.ok()) failures.fetch_add(1);
        if (!store
                 .Read([](StoreTxn& txn) {
                   return txn.GetSetting("n").ok() ? Status::Ok()
                                                   : Status(MakeError(ErrorCode::kInternal, "no n"));
                 })
                 .ok()) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  FJ_EXPECT_OK(store.Read([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetSetting("n")), "200");
    PageRequest all;
    all.limit = 1000;
    EXPECT_EQ(Must(txn.ListThings({}, all)).items.size(), 200u);
    return Status::Ok();
  }));
}

TEST(SqliteStoreTest, ErrorCodesOfSqliteResults) {
  EXPECT_EQ(SqliteErrorCode(SQLITE_CONSTRAINT_PRIMARYKEY), ErrorCode::kAlreadyExists);
  EXPECT_EQ(SqliteErrorCode(SQLITE_CONSTRAINT_UNIQUE), ErrorCode::kAlreadyExists);
  EXPECT_EQ(SqliteErrorCode(SQLITE_CONSTRAINT_NOTNULL), ErrorCode::kInternal);
  EXPECT_EQ(SqliteErrorCode(SQLITE_CONSTRAINT_FOREIGNKEY), ErrorCode::kInternal);
  EXPECT_EQ(SqliteErrorCode(SQLITE_CONSTRAINT_CHECK), ErrorCode::kInternal);
  EXPECT_EQ(SqliteErrorCode(SQLITE_CONSTRAINT), ErrorCode::kInternal);
  EXPECT_EQ(SqliteErrorCode(SQLITE_BUSY), ErrorCode::kUnavailable);
  EXPECT_EQ(SqliteErrorCode(SQLITE_BUSY_SNAPSHOT), ErrorCode::kUnavailable);
  EXPECT_EQ(SqliteErrorCode(SQLITE_LOCKED), ErrorCode::kUnavailable);
  EXPECT_EQ(SqliteErrorCode(SQLITE_LOCKED_SHAREDCACHE), ErrorCode::kUnavailable);
  EXPECT_EQ(SqliteErrorCode(SQLITE_IOERR_FSYNC), ErrorCode::kInternal);
  EXPECT_EQ(SqliteErrorCode(SQLITE_CORRUPT), ErrorCode::kInternal);
  EXPECT_EQ(SqliteErrorCode(SQLITE_READONLY), ErrorCode::kInternal);
}

TEST(SqliteCursorTest, RoundTripsAnyText) {
  const std::vector<std::string> parts = {"", "a|b", "back\\slash", "\\|", "|", "\\", "new\nline", "plain"};
  for (const auto& x : parts) {
    for (const auto& y : parts) {
      auto decoded = sqlite_cursor::Decode(sqlite_cursor::Encode({x, y}), 2);
      ASSERT_TRUE(decoded.ok()) << x << " / " << y;
      EXPECT_EQ(*decoded, (std::vector<std::string>{x, y}));
    }
  }
  EXPECT_EQ(Must(sqlite_cursor::Decode(sqlite_cursor::Encode({"only"}), 1)),
            std::vector<std::string>{"only"});
}

TEST(SqliteCursorTest, MalformedCursorsAreInvalidRequest) {
  FJ_EXPECT_CODE(sqlite_cursor::Decode("a|b", 1), ErrorCode::kInvalidRequest);
  FJ_EXPECT_CODE(sqlite_cursor::Decode("a", 2), ErrorCode::kInvalidRequest);
  FJ_EXPECT_CODE(sqlite_cursor::Decode("a|b\\", 2), ErrorCode::kInvalidRequest);
  FJ_EXPECT_CODE(sqlite_cursor::ParseInt(""), ErrorCode::kInvalidRequest);
  FJ_EXPECT_CODE(sqlite_cursor::ParseInt("12x"), ErrorCode::kInvalidRequest);
  FJ_EXPECT_CODE(sqlite_cursor::ParseInt("99999999999999999999"), ErrorCode::kInvalidRequest);
  EXPECT_EQ(Must(sqlite_cursor::ParseInt("-42")), -42);
}

}  // namespace
}  // namespace fleetjobs::store_testing

namespace fleetjobs::store_testing {
namespace {

// Group commit: many concurrent writers, some of whose fns fail or throw. Each caller gets its own
// fn's result; failed fns leave nothing behind; every Ok write is there after a reopen.
TEST_F(SqliteStoreFileTest, GroupCommitKeepsEachCallersResultAndWrites) {
  constexpr int kThreads = 16;
  constexpr int kWrites = 40;
  std::atomic<int> wrong{0};
  {
    auto store = OpenStore();
    ASSERT_NE(store, nullptr);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kWrites; ++i) {
          const std::string key = "k" + std::to_string(t) + "-" + std::to_string(i);
          const int kind = (t + i) % 5;  // 0: fails after writing, 1: throws after writing, else Ok
          try {
            Status st = store->Transact([&](StoreTxn& txn) -> Status {
              FJ_RETURN_IF_ERROR(txn.PutSetting(key, "v"));
              if (kind == 0) return MakeError(ErrorCode::kConflict, "no " + key);
              if (kind == 1) throw std::runtime_error(key);
              return Status::Ok();
            });
            if (kind == 0 &&
                (st.ok() || st.error().code != ErrorCode::kConflict || st.error().message != "no " + key)) {
              ++wrong;
            }
            if (kind > 1 && !st.ok()) ++wrong;
            if (kind == 1) ++wrong;  // should have thrown
          } catch (const std::runtime_error& e) {
            if (kind != 1 || e.what() != key) ++wrong;
          }
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  EXPECT_EQ(wrong.load(), 0);
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  FJ_EXPECT_OK(store->Read([&](StoreTxn& txn) {
    for (int t = 0; t < kThreads; ++t) {
      for (int i = 0; i < kWrites; ++i) {
        const std::string key = "k" + std::to_string(t) + "-" + std::to_string(i);
        auto v = txn.GetSetting(key);
        EXPECT_EQ(v.ok(), (t + i) % 5 > 1) << key;
      }
    }
    return Status::Ok();
  }));
}

// A batch whose fns read what an earlier fn of the same batch wrote sees it (serial order).
TEST_F(SqliteStoreFileTest, GroupCommitIsSerializable) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  FJ_EXPECT_OK(store->Transact([](StoreTxn& txn) { return txn.PutSetting("n", "0"); }));
  constexpr int kThreads = 8;
  constexpr int kIncrements = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        Status st = store->Transact([](StoreTxn& txn) -> Status {
          FJ_ASSIGN_OR_RETURN(std::string n, txn.GetSetting("n"));
          return txn.PutSetting("n", std::to_string(std::stoi(n) + 1));
        });
        EXPECT_TRUE(st.ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  FJ_EXPECT_OK(store->Read([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetSetting("n")), std::to_string(kThreads * kIncrements));
    return Status::Ok();
  }));
}

}  // namespace
}  // namespace fleetjobs::store_testing
