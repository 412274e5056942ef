// FaultyStore: the injected faults happen exactly once, where armed, and roll back like real ones.
#include "faulty_store.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "store_test_util.h"

namespace fleetjobs::store_testing {
namespace {

TEST(FaultyStoreTest, FailsTheNthTransactAndWritesNothing) {
  auto inner = SqliteStore::Open(":memory:");
  ASSERT_TRUE(inner.ok()) << inner.error().message;
  FaultyStore store(std::move(inner).value());
  store.FailTransactNumber(2);

  auto put = [&](const char* key) {
    return store.Transact([&](StoreTxn& txn) { return txn.PutSetting(key, "v"); });
  };
  FJ_EXPECT_OK(put("first"));
  Status second = put("second");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  FJ_EXPECT_OK(put("third"));
  EXPECT_EQ(store.injected_failures(), 1);

  Status read = store.Read([](StoreTxn& txn) {
    FJ_EXPECT_OK(txn.GetSetting("first"));
    FJ_EXPECT_CODE(txn.GetSetting("second"), ErrorCode::kNotFound);
    FJ_EXPECT_OK(txn.GetSetting("third"));
    return Status::Ok();
  });
  EXPECT_TRUE(read.ok());
}

TEST(FaultyStoreTest, FnErrorWinsOverTheInjectedFailure) {
  auto inner = SqliteStore::Open(":memory:");
  ASSERT_TRUE(inner.ok()) << inner.error().message;
  FaultyStore store(std::move(inner).value());
  store.FailTransactNumber(1);
  Status st = store.Transact([](StoreTxn&) { return Status(MakeError(ErrorCode::kConflict, "mine")); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store.injected_failures(), 0);
}

TEST(FaultyStoreTest, FailsTheNthWriteWithoutReachingTheInnerStore) {
  auto inner = SqliteStore::Open(":memory:");
  ASSERT_TRUE(inner.ok()) << inner.error().message;
  Store& sqlite = *inner.value();
  FaultyStore store(sqlite);  // borrowed
  store.FailWriteNumber(3);

  // Writes 1 and 2 succeed, write 3 fails; the caller returns the error, so all three roll back.
  Status st = store.Transact([](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(txn.InsertThing(MakeThing("t1")));
    EXPECT_TRUE(txn.GetThing("t1").ok());  // reads pass through and are not counted
    FJ_RETURN_IF_ERROR(txn.PutSetting("k", "v"));
    FJ_RETURN_IF_ERROR(txn.AddMembership("g", "t1"));
    ADD_FAILURE() << "the third write should have failed";
    return Status::Ok();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store.injected_failures(), 1);
  EXPECT_EQ(store.writes(), 3);

  // A caller may also carry on after the failed write; only that write is missing.
  FJ_EXPECT_OK(store.Transact([](StoreTxn& txn) -> Status {
    FJ_EXPECT_OK(txn.InsertThing(MakeThing("t2")));
    return Status::Ok();
  }));
  FJ_EXPECT_OK(sqlite.Read([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.GetThing("t1"), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.GetSetting("k"), ErrorCode::kNotFound);
    EXPECT_TRUE(Must(txn.ListGroupsOfThing("t1")).empty());
    FJ_EXPECT_OK(txn.GetThing("t2"));
    return Status::Ok();
  }));

  // Armed once: the fourth and later writes go through.
  FJ_EXPECT_OK(store.Transact([](StoreTxn& txn) { return txn.PutSetting("k", "v"); }));
  EXPECT_EQ(store.injected_failures(), 1);
}

TEST(FaultyStoreTest, EveryWriteMethodCountsAndNoReadDoes) {
  auto inner = SqliteStore::Open(":memory:");
  ASSERT_TRUE(inner.ok()) << inner.error().message;
  FaultyStore store(std::move(inner).value());
  store.FailWriteNumber(1000);  // count only
  FJ_ASSERT_OK(store.Transact([](StoreTxn& txn) -> Status {
    Job job = MakeJob("j1");
    FJ_RETURN_IF_ERROR(txn.InsertThing(MakeThing("t1")));
    FJ_RETURN_IF_ERROR(txn.UpdateThing(MakeThing("t1")));
    FJ_RETURN_IF_ERROR(txn.InsertThingGroup(MakeGroup("g1")));
    FJ_RETURN_IF_ERROR(txn.AddMembership("g1", "t1"));
    FJ_RETURN_IF_ERROR(txn.RemoveMembership("g1", "t1"));
    FJ_RETURN_IF_ERROR(txn.InsertJob(job));
    FJ_RETURN_IF_ERROR(txn.UpdateJob(job));
    FJ_RETURN_IF_ERROR(txn.InsertExecution(MakeExecution("j1", "t1")));
    FJ_RETURN_IF_ERROR(txn.UpdateExecution(MakeExecution("j1", "t1")));
    FJ_RETURN_IF_ERROR(txn.DeleteExecution("j1", "t1", 1));
    FJ_RETURN_IF_ERROR(txn.InsertJobTemplate(MakeTemplate("tpl")));
    FJ_RETURN_IF_ERROR(txn.DeleteJobTemplate("tpl"));
    FJ_RETURN_IF_ERROR(txn.PutTags("arn", {{"k", "v"}}));
    FJ_RETURN_IF_ERROR(txn.RemoveTags("arn", {"k"}));
    FJ_RETURN_IF_ERROR(txn.DeleteAllTags("arn"));
    FJ_RETURN_IF_ERROR(txn.PutSetting("k", "v"));
    FJ_RETURN_IF_ERROR(txn.DeleteJob("j1"));
    FJ_RETURN_IF_ERROR(txn.DeleteThingGroup("g1"));
    FJ_RETURN_IF_ERROR(txn.DeleteThing("t1"));
    // None of these count.
    (void)txn.GetSetting("k");
    (void)txn.ListThings({}, {});
    (void)txn.ListJobs({}, {});
    (void)txn.CountJobs(JobStatus::kInProgress);
    (void)txn.ListPendingExecutionsForThing("t1", 10);
    return Status::Ok();
  }));
  EXPECT_EQ(store.writes(), 19);
  EXPECT_EQ(store.injected_failures(), 0);
}

}  // namespace
}  // namespace fleetjobs::store_testing
