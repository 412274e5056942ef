// StoreConformanceTest: the behaviour every Store backend must show, written once against the
// Store interface. A backend instantiates it with a factory that returns a fresh, empty store:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            ::testing::Values(StoreFactory{"Sqlite", [] { return ...; }}),
//                            StoreFactoryName);
//
// Include this header from exactly one .cpp per test executable and backend.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "store/store.h"
#include "store_test_util.h"

namespace fleetjobs::store_testing {

// Listings are walked with every page size from 1 to kMaxLimit: more than the rows of any
// listing below, so every split, and the single page, is exercised.
inline constexpr int kMaxLimit = 8;

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<Store>()> make;
};

inline void PrintTo(const StoreFactory& f, std::ostream* os) { *os << f.name; }

inline std::string StoreFactoryName(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

class StoreConformanceTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr);
  }

  // Runs `body` in a read-write transaction that commits (assertions inside just return early).
  void InTxn(const std::function<void(StoreTxn&)>& body) {
    Status st = store_->Transact([&](StoreTxn& txn) {
      body(txn);
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  void Insert(const Thing& t) {
    InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.InsertThing(t)); });
  }
  void Insert(const ThingGroup& g) {
    InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.InsertThingGroup(g)); });
  }
  void Insert(const Job& j) {
    InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.InsertJob(j)); });
  }
  void Insert(const JobExecution& e) {
    InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.InsertExecution(e)); });
  }
  void Insert(const JobTemplate& t) {
    InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.InsertJobTemplate(t)); });
  }

  template <typename T>
  std::vector<T> Walk(int limit, const std::function<Result<Page<T>>(StoreTxn&, const PageRequest&)>& list) {
    return WalkPages<T>(*store_, limit, list);
  }

  std::unique_ptr<Store> store_;
};

// A job with every optional field set and every config fully populated.
inline Job FullJob(const std::string& id) {
  Job j = MakeJob(id, 1234);
  j.target_selection = TargetSelection::kContinuous;
  j.status = JobStatus::kCanceled;
  j.force_canceled = true;
  j.reason_code = "REASON";
  j.comment = "a comment";
  j.description = "a description with \"quotes\" and unicode \xC3\xA9";
  j.targets = {"arn:aws:iot:us-east-1:123456789012:thing/t1",
               "arn:aws:iot:us-east-1:123456789012:thinggroup/g1"};
  j.document = R"({"operation":"update","url":"${aws:iot:parameter:url}"})";
  j.document_source = "https://bucket.s3.amazonaws.com/doc.json";
  j.presigned_url_config = PresignedUrlConfig{"arn:aws:iam::123456789012:role/r", 3600};
  RolloutConfig rollout;
  rollout.maximum_per_minute = 100;
  rollout.exponential_rate = ExponentialRolloutRate{5, 1.5, RateIncreaseCriteria{10, 20}};
  j.rollout_config = rollout;
  j.abort_config = AbortConfig{{AbortCriterion{FailureType::kRejected, AbortAction::kCancel, 12.5, 7},
                                AbortCriterion{FailureType::kAll, AbortAction::kCancel, 50, 100}}};
  j.timeout_config = TimeoutConfig{30};
  j.retry_config =
      RetryConfig{{RetryCriterion{FailureType::kTimedOut, 3}, RetryCriterion{FailureType::kFailed, 1}}};
  SchedulingConfig sched;
  sched.start_time = "2030-01-01T00:00";
  sched.end_time = "2030-01-02T00:00";
  sched.end_behavior = EndBehavior::kForceCancel;
  sched.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 0 * * ? *)", 60}};
  j.scheduling_config = sched;
  j.namespace_id = "ns1";
  j.job_template_arn = "arn:aws:iot:us-east-1:123456789012:jobtemplate/tpl";
  j.document_parameters = {{"url", "https://x"}, {"empty", ""}};
  j.destination_package_versions = {"arn:aws:iot:us-east-1:123456789012:package/p/version/1"};
  j.last_updated_at = At(5678);
  j.completed_at = At(9999);
  for (int i = 0; i < kExecutionStatusCount; ++i) j.process_details.by_status[i] = 100 + i;
  for (int i = 0; i < kExecutionStatusCount; ++i) j.thing_details.by_status[i] = 200 + i;
  j.processing_targets = {"arn:aws:iot:us-east-1:123456789012:thinggroup/g1"};
  j.is_concurrent = true;
  j.row_version = 42;
  return j;
}

// ---- transactions ---------------------------------------------------------------------------

TEST_P(StoreConformanceTest, CommittedWritesAreVisibleToLaterTransactions) {
  Insert(MakeThing("t1"));
  Status read = store_->Read([](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(Thing t, txn.GetThing("t1"));
    EXPECT_EQ(t.thing_arn, MakeThing("t1").thing_arn);
    return Status::Ok();
  });
  EXPECT_TRUE(read.ok()) << read.error().message;
  InTxn([](StoreTxn& txn) { EXPECT_EQ(Must(txn.GetThing("t1")).thing_id, "id-t1"); });
}

TEST_P(StoreConformanceTest, ErrorFromFnRollsBackAndIsReturnedUnchanged) {
  Status st = store_->Transact([](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(txn.InsertThing(MakeThing("t1")));
    FJ_RETURN_IF_ERROR(txn.PutSetting("k", "v"));
    FJ_RETURN_IF_ERROR(txn.InsertJob(MakeJob("j1")));
    FJ_RETURN_IF_ERROR(txn.InsertExecution(MakeExecution("j1", "t1")));
    return MakeError(ErrorCode::kVersionMismatch, "boom");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kVersionMismatch);
  EXPECT_EQ(st.error().message, "boom");
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.GetThing("t1"), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.GetSetting("k"), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.GetJob("j1"), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.GetExecution("j1", "t1", std::nullopt), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, WritesAreVisibleInsideTheirTransaction) {
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_OK(txn.InsertThing(MakeThing("t1")));
    FJ_EXPECT_OK(txn.InsertJob(MakeJob("j1")));
    FJ_EXPECT_OK(txn.InsertExecution(MakeExecution("j1", "t1")));
    FJ_EXPECT_OK(txn.PutTags("arn:a", {{"k", "v"}}));
    EXPECT_EQ(Must(txn.GetThing("t1")).thing_name, "t1");
    EXPECT_EQ(Must(txn.ListJobs({}, {})).items.size(), 1u);
    EXPECT_EQ(Must(txn.ListPendingExecutionsForThing("t1", 10)).size(), 1u);
    EXPECT_EQ(Must(txn.GetTags("arn:a")).size(), 1u);
    FJ_EXPECT_OK(txn.DeleteThing("t1"));
    FJ_EXPECT_CODE(txn.GetThing("t1"), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, StoreErrorReturnedByFnRollsBackEarlierWrites) {
  Insert(MakeThing("dup"));
  Status st = store_->Transact([](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(txn.InsertThing(MakeThing("t1")));
    FJ_RETURN_IF_ERROR(txn.PutSetting("k", "v"));
    FJ_RETURN_IF_ERROR(txn.InsertThing(MakeThing("dup")));
    return Status::Ok();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kAlreadyExists);
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.GetThing("t1"), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.GetSetting("k"), ErrorCode::kNotFound);
    FJ_EXPECT_OK(txn.GetThing("dup"));
  });
}

TEST_P(StoreConformanceTest, FailedStatementInsideFnDoesNotPoisonTheTransaction) {
  Insert(MakeThing("t1"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.InsertThing(MakeThing("t1")), ErrorCode::kAlreadyExists);
    FJ_EXPECT_OK(txn.InsertThing(MakeThing("t2")));
  });
  InTxn([](StoreTxn& txn) { FJ_EXPECT_OK(txn.GetThing("t2")); });
}

TEST_P(StoreConformanceTest, ReadReturnsFnErrorUnchanged) {
  Status st = store_->Read([](StoreTxn&) { return Status(MakeError(ErrorCode::kConflict, "nope")); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(st.error().message, "nope");
}

TEST_P(StoreConformanceTest, ReadRejectsEveryWrite) {
  Insert(MakeThing("t1"));
  Insert(MakeGroup("g1"));
  Insert(MakeJob("j1"));
  Insert(MakeExecution("j1", "t1"));
  Insert(MakeTemplate("tpl"));
  const std::vector<std::pair<const char*, std::function<Status(StoreTxn&)>>> writes = {
      {"InsertThing", [](StoreTxn& t) { return t.InsertThing(MakeThing("t2")); }},
      {"UpdateThing", [](StoreTxn& t) { return t.UpdateThing(MakeThing("t1")); }},
      {"DeleteThing", [](StoreTxn& t) { return t.DeleteThing("t1"); }},
      {"InsertThingGroup", [](StoreTxn& t) { return t.InsertThingGroup(MakeGroup("g2")); }},
      {"DeleteThingGroup", [](StoreTxn& t) { return t.DeleteThingGroup("g1"); }},
      {"AddMembership", [](StoreTxn& t) { return t.AddMembership("g1", "t1"); }},
      {"RemoveMembership", [](StoreTxn& t) { return t.RemoveMembership("g1", "t1"); }},
      {"InsertJob", [](StoreTxn& t) { return t.InsertJob(MakeJob("j2")); }},
      {"UpdateJob", [](StoreTxn& t) { return t.UpdateJob(MakeJob("j1")); }},
      {"DeleteJob", [](StoreTxn& t) { return t.DeleteJob("j1"); }},
      {"InsertExecution", [](StoreTxn& t) { return t.InsertExecution(MakeExecution("j1", "t1", 2)); }},
      {"UpdateExecution", [](StoreTxn& t) { return t.UpdateExecution(MakeExecution("j1", "t1")); }},
      {"DeleteExecution", [](StoreTxn& t) { return t.DeleteExecution("j1", "t1", 1); }},
      {"InsertJobTemplate", [](StoreTxn& t) { return t.InsertJobTemplate(MakeTemplate("tpl2")); }},
      {"DeleteJobTemplate", [](StoreTxn& t) { return t.DeleteJobTemplate("tpl"); }},
      {"PutTags",
       [](StoreTxn& t) {
         return t.PutTags("arn:x", {{"k", "v"}});
       }},
      {"RemoveTags", [](StoreTxn& t) { return t.RemoveTags("arn:x", {"k"}); }},
      {"DeleteAllTags", [](StoreTxn& t) { return t.DeleteAllTags("arn:x"); }},
      {"PutSetting", [](StoreTxn& t) { return t.PutSetting("k", "v"); }},
  };
  for (const auto& [name, write] : writes) {
    const auto& call = write;  // structured bindings cannot be captured before clang 16
    Status st = store_->Read([&](StoreTxn& txn) { return call(txn); });
    ASSERT_FALSE(st.ok()) << name << " succeeded inside Read";
    EXPECT_EQ(st.error().code, ErrorCode::kInternal) << name;
  }
  // Nothing changed.
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_OK(txn.GetThing("t1"));
    FJ_EXPECT_CODE(txn.GetThing("t2"), ErrorCode::kNotFound);
    FJ_EXPECT_OK(txn.GetThingGroup("g1"));
    EXPECT_TRUE(Must(txn.ListGroupsOfThing("t1")).empty());
    FJ_EXPECT_OK(txn.GetJob("j1"));
    FJ_EXPECT_CODE(txn.GetExecution("j1", "t1", 2), ErrorCode::kNotFound);
    FJ_EXPECT_OK(txn.GetExecution("j1", "t1", 1));
    FJ_EXPECT_OK(txn.GetJobTemplate("tpl"));
    EXPECT_TRUE(Must(txn.GetTags("arn:x")).empty());
    FJ_EXPECT_CODE(txn.GetSetting("k"), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, ReadCanReadEverything) {
  Insert(MakeThing("t1"));
  Status st = store_->Read([](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(Thing t, txn.GetThing("t1"));
    EXPECT_EQ(t.thing_name, "t1");
    FJ_ASSIGN_OR_RETURN(auto page, txn.ListThings({}, {}));
    EXPECT_EQ(page.items.size(), 1u);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.error().message;
}

// ---- things ---------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, ThingRoundTripWithEveryField) {
  Thing t = MakeThing("t1");
  t.thing_type_name = "sensor";
  t.billing_group_name = "bg";
  t.attributes = {{"a", "1"}, {"b", ""}, {"quote\"key", "v\"al"}};
  t.version = 7;
  Insert(t);
  InTxn([&](StoreTxn& txn) { ExpectSameThing(Must(txn.GetThing("t1")), t); });
}

TEST_P(StoreConformanceTest, ThingRoundTripWithAbsentOptionals) {
  Thing t = MakeThing("t1");
  Insert(t);
  InTxn([&](StoreTxn& txn) {
    Thing got = Must(txn.GetThing("t1"));
    ExpectSameThing(got, t);
    EXPECT_FALSE(got.thing_type_name.has_value());
    EXPECT_FALSE(got.billing_group_name.has_value());
    EXPECT_TRUE(got.attributes.empty());
  });
}

TEST_P(StoreConformanceTest, ThingErrors) {
  Insert(MakeThing("t1"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.InsertThing(MakeThing("t1")), ErrorCode::kAlreadyExists);
    auto missing = txn.GetThing("nope");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().message, "Thing nope does not exist");
    FJ_EXPECT_CODE(txn.UpdateThing(MakeThing("nope")), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.DeleteThing("nope"), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, UpdateThingRewritesEveryField) {
  Thing t = MakeThing("t1");
  t.thing_type_name = "old";
  t.attributes = {{"a", "1"}};
  Insert(t);
  Thing u = t;
  u.thing_id = "new-id";
  u.thing_arn = "new-arn";
  u.thing_type_name.reset();
  u.billing_group_name = "bg";
  u.attributes = {{"b", "2"}};
  u.version = 2;
  InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.UpdateThing(u)); });
  InTxn([&](StoreTxn& txn) { ExpectSameThing(Must(txn.GetThing("t1")), u); });
}

TEST_P(StoreConformanceTest, DeleteThingDropsMembershipsButNotExecutions) {
  Insert(MakeThing("t1"));
  Insert(MakeGroup("g1"));
  Insert(MakeJob("j1"));
  Insert(MakeExecution("j1", "t1"));
  InTxn([](StoreTxn& txn) { FJ_EXPECT_OK(txn.AddMembership("g1", "t1")); });
  InTxn([](StoreTxn& txn) { FJ_EXPECT_OK(txn.DeleteThing("t1")); });
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.GetThing("t1"), ErrorCode::kNotFound);
    EXPECT_TRUE(Must(txn.ListGroupsOfThing("t1")).empty());
    EXPECT_TRUE(Must(txn.ListThingsInGroup("g1", {})).items.empty());
    FJ_EXPECT_OK(txn.GetExecution("j1", "t1", 1));
  });
  // The name is free again and starts with no memberships.
  Insert(MakeThing("t1"));
  InTxn([](StoreTxn& txn) { EXPECT_TRUE(Must(txn.ListGroupsOfThing("t1")).empty()); });
}

TEST_P(StoreConformanceTest, ListThingsPagesInNameOrder) {
  for (const char* n : {"d", "b", "e", "a", "c"}) Insert(MakeThing(n));
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    auto all = Walk<Thing>(limit, [](StoreTxn& txn, const PageRequest& p) { return txn.ListThings({}, p); });
    EXPECT_EQ(Keys(all, [](const Thing& t) { return t.thing_name; }),
              (std::vector<std::string>{"a", "b", "c", "d", "e"}))
        << "limit " << limit;
  }
}

TEST_P(StoreConformanceTest, ListThingsFilters) {
  auto add = [&](const std::string& name, std::optional<std::string> type, Attributes attrs) {
    Thing t = MakeThing(name);
    t.thing_type_name = std::move(type);
    t.attributes = std::move(attrs);
    Insert(t);
  };
  add("t1", "sensor", {{"color", "red"}, {"size", "10"}});
  add("t2", "camera", {{"color", "reddish"}});
  add("t3", "sensor", {{"color", "blue"}});
  add("t4", std::nullopt, {{"size", "10"}});
  add("t5", "sensor", {{"color", "red"}});
  add("t6", std::nullopt, {});

  auto names = [&](ThingFilter f, int limit) {
    auto all = Walk<Thing>(limit, [&](StoreTxn& txn, const PageRequest& p) { return txn.ListThings(f, p); });
    return Keys(all, [](const Thing& t) { return t.thing_name; });
  };
  using V = std::vector<std::string>;
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    ThingFilter by_type;
    by_type.thing_type_name = "sensor";
    EXPECT_EQ(names(by_type, limit), (V{"t1", "t3", "t5"}));

    ThingFilter exact;
    exact.attribute_name = "color";
    exact.attribute_value = "red";
    EXPECT_EQ(names(exact, limit), (V{"t1", "t5"}));

    ThingFilter prefix = exact;
    prefix.use_prefix_attribute_value = true;
    EXPECT_EQ(names(prefix, limit), (V{"t1", "t2", "t5"}));

    ThingFilter has_attr;
    has_attr.attribute_name = "size";
    EXPECT_EQ(names(has_attr, limit), (V{"t1", "t4"}));

    ThingFilter combined = prefix;
    combined.thing_type_name = "sensor";
    EXPECT_EQ(names(combined, limit), (V{"t1", "t5"}));

    ThingFilter none;
    none.attribute_name = "color";
    none.attribute_value = "green";
    EXPECT_EQ(names(none, limit), V{});
  }
}

// ---- thing groups ---------------------------------------------------------------------------

TEST_P(StoreConformanceTest, ThingGroupRoundTrip) {
  ThingGroup full = MakeGroup("child", "parent");
  full.description = "desc";
  full.attributes = {{"k", "v"}};
  full.version = 3;
  full.created_at = At(777);
  ThingGroup bare = MakeGroup("parent");
  Insert(bare);
  Insert(full);
  InTxn([&](StoreTxn& txn) {
    ExpectSameGroup(Must(txn.GetThingGroup("child")), full);
    ThingGroup got = Must(txn.GetThingGroup("parent"));
    ExpectSameGroup(got, bare);
    EXPECT_FALSE(got.parent_group_name.has_value());
    EXPECT_FALSE(got.description.has_value());
  });
}

TEST_P(StoreConformanceTest, ThingGroupErrors) {
  Insert(MakeGroup("g1"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.InsertThingGroup(MakeGroup("g1")), ErrorCode::kAlreadyExists);
    auto missing = txn.GetThingGroup("nope");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().message, "Thing group nope does not exist");
    FJ_EXPECT_CODE(txn.DeleteThingGroup("nope"), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, DeleteThingGroupDropsItsMemberships) {
  Insert(MakeGroup("g1"));
  Insert(MakeGroup("g2"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_OK(txn.AddMembership("g1", "t1"));
    FJ_EXPECT_OK(txn.AddMembership("g2", "t1"));
  });
  InTxn([](StoreTxn& txn) { FJ_EXPECT_OK(txn.DeleteThingGroup("g1")); });
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.GetThingGroup("g1"), ErrorCode::kNotFound);
    EXPECT_EQ(Must(txn.ListGroupsOfThing("t1")), std::vector<std::string>{"g2"});
    EXPECT_TRUE(Must(txn.ListThingsInGroup("g1", {})).items.empty());
  });
}

TEST_P(StoreConformanceTest, ListThingGroupsPagesAndFilters) {
  Insert(MakeGroup("root-b"));
  Insert(MakeGroup("root-a"));
  Insert(MakeGroup("a-child2", "root-a"));
  Insert(MakeGroup("a-child1", "root-a"));
  Insert(MakeGroup("b-child", "root-b"));
  Insert(MakeGroup("grandchild", "a-child1"));
  auto names = [&](ThingGroupFilter f, int limit) {
    auto all = Walk<ThingGroup>(
        limit, [&](StoreTxn& txn, const PageRequest& p) { return txn.ListThingGroups(f, p); });
    return Keys(all, [](const ThingGroup& g) { return g.group_name; });
  };
  using V = std::vector<std::string>;
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    EXPECT_EQ(names({}, limit), (V{"a-child1", "a-child2", "b-child", "grandchild", "root-a", "root-b"}));
    ThingGroupFilter parent;
    parent.parent_group = "root-a";
    EXPECT_EQ(names(parent, limit), (V{"a-child1", "a-child2"}));
    ThingGroupFilter prefix;
    prefix.name_prefix = "root-";
    EXPECT_EQ(names(prefix, limit), (V{"root-a", "root-b"}));
    ThingGroupFilter roots;
    roots.root_only = true;
    EXPECT_EQ(names(roots, limit), (V{"root-a", "root-b"}));
    ThingGroupFilter parent_prefix;
    parent_prefix.parent_group = "root-a";
    parent_prefix.name_prefix = "a-child2";
    EXPECT_EQ(names(parent_prefix, limit), (V{"a-child2"}));
  }
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.ListChildGroupNames("root-a")), (V{"a-child1", "a-child2"}));
    EXPECT_EQ(Must(txn.ListChildGroupNames("a-child1")), (V{"grandchild"}));
    EXPECT_TRUE(Must(txn.ListChildGroupNames("grandchild")).empty());
    EXPECT_TRUE(Must(txn.ListChildGroupNames("nope")).empty());
  });
}

// ---- memberships ----------------------------------------------------------------------------

TEST_P(StoreConformanceTest, MembershipsAreIdempotentAndListed) {
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_OK(txn.AddMembership("g2", "t1"));
    FJ_EXPECT_OK(txn.AddMembership("g1", "t1"));
    FJ_EXPECT_OK(txn.AddMembership("g1", "t1"));
    FJ_EXPECT_OK(txn.AddMembership("g1", "t2"));
    FJ_EXPECT_OK(txn.RemoveMembership("g3", "t1"));
  });
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.ListGroupsOfThing("t1")), (std::vector<std::string>{"g1", "g2"}));
    EXPECT_EQ(Must(txn.ListGroupsOfThing("t2")), (std::vector<std::string>{"g1"}));
    EXPECT_TRUE(Must(txn.ListGroupsOfThing("t3")).empty());
    FJ_EXPECT_OK(txn.RemoveMembership("g1", "t1"));
    FJ_EXPECT_OK(txn.RemoveMembership("g1", "t1"));
  });
  InTxn(
      [](StoreTxn& txn) { EXPECT_EQ(Must(txn.ListGroupsOfThing("t1")), (std::vector<std::string>{"g2"})); });
}

TEST_P(StoreConformanceTest, ListThingsInGroupPagesInNameOrder) {
  InTxn([](StoreTxn& txn) {
    for (const char* n : {"t3", "t5", "t1", "t4", "t2"}) FJ_EXPECT_OK(txn.AddMembership("g", n));
    FJ_EXPECT_OK(txn.AddMembership("other", "t0"));
  });
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    auto all = Walk<std::string>(
        limit, [](StoreTxn& txn, const PageRequest& p) { return txn.ListThingsInGroup("g", p); });
    EXPECT_EQ(all, (std::vector<std::string>{"t1", "t2", "t3", "t4", "t5"})) << "limit " << limit;
  }
}

// ---- jobs -----------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, JobRoundTripWithEveryField) {
  Job j = FullJob("j1");
  Insert(j);
  InTxn([&](StoreTxn& txn) { ExpectSameJob(Must(txn.GetJob("j1")), j); });
}

TEST_P(StoreConformanceTest, JobRoundTripWithAbsentOptionals) {
  Job j = MakeJob("j1");
  Insert(j);
  InTxn([&](StoreTxn& txn) {
    Job got = Must(txn.GetJob("j1"));
    ExpectSameJob(got, j);
    EXPECT_FALSE(got.reason_code || got.comment || got.description || got.document || got.document_source);
    EXPECT_FALSE(got.presigned_url_config || got.rollout_config || got.abort_config || got.timeout_config ||
                 got.retry_config || got.scheduling_config);
    EXPECT_FALSE(got.namespace_id || got.job_template_arn || got.completed_at);
    EXPECT_TRUE(got.targets.empty());
  });
}

TEST_P(StoreConformanceTest, JobEmptyConfigsStayPresent) {
  Job j = MakeJob("j1");
  j.presigned_url_config = PresignedUrlConfig{};
  j.rollout_config = RolloutConfig{};
  j.abort_config = AbortConfig{};
  j.timeout_config = TimeoutConfig{};
  j.retry_config = RetryConfig{};
  SchedulingConfig sched;
  sched.maintenance_windows = std::vector<MaintenanceWindow>{};
  j.scheduling_config = sched;
  j.reason_code = "";
  j.comment = "";
  j.description = "";
  j.document = "";
  j.namespace_id = "";
  Insert(j);
  Job k = MakeJob("j2");
  k.scheduling_config = SchedulingConfig{};
  k.rollout_config = RolloutConfig{std::nullopt, ExponentialRolloutRate{1, 2, RateIncreaseCriteria{}}};
  Insert(k);
  InTxn([&](StoreTxn& txn) {
    ExpectSameJob(Must(txn.GetJob("j1")), j);
    ExpectSameJob(Must(txn.GetJob("j2")), k);
  });
}

TEST_P(StoreConformanceTest, JobSchedulingConfigAlone) {
  Job full = FullJob("j1");
  Insert(full);
  Insert(MakeJob("j2"));
  InTxn([&](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetJobSchedulingConfig("j1")), full.scheduling_config);
    EXPECT_EQ(Must(txn.GetJobSchedulingConfig("j2")), std::nullopt);
    FJ_EXPECT_CODE(txn.GetJobSchedulingConfig("nope"), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, JobErrors) {
  Insert(MakeJob("j1"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.InsertJob(MakeJob("j1")), ErrorCode::kAlreadyExists);
    auto missing = txn.GetJob("nope");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().message, "Job nope does not exist");
    FJ_EXPECT_CODE(txn.UpdateJob(MakeJob("nope")), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.DeleteJob("nope"), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, UpdateJobRewritesTheWholeRow) {
  Job j = MakeJob("j1");
  Insert(j);
  Job full = FullJob("j1");
  InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.UpdateJob(full)); });
  InTxn([&](StoreTxn& txn) { ExpectSameJob(Must(txn.GetJob("j1")), full); });
  // And back: optionals that become absent are cleared.
  InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.UpdateJob(j)); });
  InTxn([&](StoreTxn& txn) {
    Job got = Must(txn.GetJob("j1"));
    ExpectSameJob(got, j);
    EXPECT_FALSE(got.document.has_value());
    EXPECT_FALSE(got.abort_config.has_value());
    EXPECT_FALSE(got.completed_at.has_value());
    EXPECT_FALSE(got.namespace_id.has_value());
    EXPECT_TRUE(got.process_details == JobProcessDetails{});
  });
}

TEST_P(StoreConformanceTest, UpdateJobKeepsOrChangesTheDocument) {
  Job j = MakeJob("j1");
  j.document = R"({"v":1})";
  Insert(j);
  // A counters-only update keeps the document...
  j.process_details[ExecutionStatus::kQueued] = 5;
  j.row_version = 1;
  InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.UpdateJob(j)); });
  InTxn([&](StoreTxn& txn) { ExpectSameJob(Must(txn.GetJob("j1")), j); });
  // ...a new one replaces it, an empty one is kept as empty, none removes it, and it can come back.
  for (std::optional<std::string> doc :
       {std::optional<std::string>(R"({"v":2})"), std::optional<std::string>(""),
        std::optional<std::string>(), std::optional<std::string>(R"({"v":3})")}) {
    j.document = doc;
    j.row_version += 1;
    InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.UpdateJob(j)); });
    InTxn([&](StoreTxn& txn) { ExpectSameJob(Must(txn.GetJob("j1")), j); });
  }
  InTxn([&](StoreTxn& txn) {
    auto listed = Must(txn.ListJobs({}, {}));
    ASSERT_EQ(listed.items.size(), 1u);
    ExpectSameJob(listed.items[0], j);
  });
}

TEST_P(StoreConformanceTest, RolloutQueueIsFifoPerJobAndDiesWithTheJob) {
  Insert(MakeJob("j1"));
  Insert(MakeJob("j2"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_OK(txn.AppendRolloutThings("j1", {"t3", "t1", "t2"}));
    FJ_EXPECT_OK(txn.AppendRolloutThings("j2", {"x"}));
    FJ_EXPECT_OK(txn.AppendRolloutThings("j1", {"t0"}));
  });
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.TakeRolloutThings("j1", 2)), (std::vector<std::string>{"t3", "t1"}));
  });
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.TakeRolloutThings("j1", 10)), (std::vector<std::string>{"t2", "t0"}));
    EXPECT_TRUE(Must(txn.TakeRolloutThings("j1", 10)).empty());
    // Appending after the queue emptied keeps the order.
    FJ_EXPECT_OK(txn.AppendRolloutThings("j1", {"a", "b"}));
    EXPECT_EQ(Must(txn.TakeRolloutThings("j1", 1)), (std::vector<std::string>{"a"}));
    FJ_EXPECT_OK(txn.ClearRolloutThings("j1"));
    EXPECT_TRUE(Must(txn.TakeRolloutThings("j1", 10)).empty());
    FJ_EXPECT_OK(txn.DeleteJob("j2"));
    EXPECT_TRUE(Must(txn.TakeRolloutThings("j2", 10)).empty());
  });
}

TEST_P(StoreConformanceTest, RolloutProgressRoundTrips) {
  Job j = MakeJob("j1");
  j.rollout.notified = 7;
  j.rollout.remaining = 93;
  j.rollout.minute_start = At(60000);
  j.rollout.released_in_minute = 3;
  j.rollout.minute_rate = 12;
  Insert(j);
  InTxn([&](StoreTxn& txn) { EXPECT_EQ(Must(txn.GetJob("j1")).rollout, j.rollout); });
  j.rollout.minute_start.reset();
  j.rollout.remaining = 0;
  InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.UpdateJob(j)); });
  InTxn([&](StoreTxn& txn) { EXPECT_EQ(Must(txn.GetJob("j1")).rollout, j.rollout); });
}

TEST_P(StoreConformanceTest, ListTimedExecutionsPagesThroughRunningTimersOnly) {
  Insert(MakeJob("j1"));
  Insert(MakeJob("j2"));
  JobExecution a = MakeExecution("j1", "t1", 1, ExecutionStatus::kInProgress);
  a.in_progress_deadline = At(5000);
  JobExecution b = MakeExecution("j1", "t2", 1, ExecutionStatus::kInProgress);
  b.step_deadline = At(7000);
  JobExecution c = MakeExecution("j2", "t1", 1, ExecutionStatus::kInProgress);
  c.in_progress_deadline = At(9000);
  c.step_deadline = At(8000);
  Insert(a);
  Insert(b);
  Insert(c);
  Insert(MakeExecution("j1", "t3", 1, ExecutionStatus::kInProgress));  // no timer
  Insert(MakeExecution("j2", "t2", 1));
  std::vector<std::string> seen;
  PageRequest page;
  page.limit = 2;
  for (;;) {
    Page<JobExecution> p;
    InTxn([&](StoreTxn& txn) { p = Must(txn.ListTimedExecutions(page)); });
    for (const JobExecution& e : p.items) seen.push_back(e.job_id + "/" + e.thing_name);
    if (!p.next) break;
    page.after = *p.next;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"j1/t1", "j1/t2", "j2/t1"}));
}

TEST_P(StoreConformanceTest, DeleteJobRemovesItsExecutionsAndTargets) {
  const std::string arn = "arn:aws:iot:us-east-1:123456789012:thing/t1";
  Job j = MakeJob("j1");
  j.targets = {arn};
  Insert(j);
  Insert(MakeJob("j2"));
  Insert(MakeExecution("j1", "t1", 1));
  Insert(MakeExecution("j1", "t1", 2));
  Insert(MakeExecution("j1", "t2", 1));
  Insert(MakeExecution("j2", "t1", 1));
  InTxn([](StoreTxn& txn) { FJ_EXPECT_OK(txn.DeleteJob("j1")); });
  InTxn([&](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.GetJob("j1"), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.GetExecution("j1", "t1", std::nullopt), ErrorCode::kNotFound);
    EXPECT_TRUE(Must(txn.ListExecutionsForJob("j1", {}, {})).items.empty());
    auto for_thing = Must(txn.ListExecutionsForThing("t1", {}, {}));
    ASSERT_EQ(for_thing.items.size(), 1u);
    EXPECT_EQ(for_thing.items[0].job_id, "j2");
    JobFilter by_target;
    by_target.target_arn = arn;
    EXPECT_TRUE(Must(txn.ListJobs(by_target, {})).items.empty());
  });
  // Re-creating the id starts clean.
  Insert(MakeJob("j1"));
  InTxn([&](StoreTxn& txn) {
    EXPECT_TRUE(Must(txn.ListExecutionsForJob("j1", {}, {})).items.empty());
    JobFilter by_target;
    by_target.target_arn = arn;
    EXPECT_TRUE(Must(txn.ListJobs(by_target, {})).items.empty());
  });
}

TEST_P(StoreConformanceTest, ListJobsNewestFirstThenJobId) {
  // created_at ties are broken by job id ascending.
  Insert(MakeJob("c", 100));
  Insert(MakeJob("a", 300));
  Insert(MakeJob("e", 200));
  Insert(MakeJob("b", 200));
  Insert(MakeJob("d", 100));
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    auto all = Walk<Job>(limit, [](StoreTxn& txn, const PageRequest& p) { return txn.ListJobs({}, p); });
    EXPECT_EQ(Keys(all, [](const Job& j) { return j.job_id; }),
              (std::vector<std::string>{"a", "b", "e", "c", "d"}))
        << "limit " << limit;
  }
}

TEST_P(StoreConformanceTest, ListJobsFilters) {
  const std::string t1 = "arn:aws:iot:us-east-1:123456789012:thing/t1";
  const std::string g1 = "arn:aws:iot:us-east-1:123456789012:thinggroup/g1";
  auto add = [&](const std::string& id, int64_t created, JobStatus status, TargetSelection sel,
                 std::optional<std::string> ns, std::vector<std::string> targets) {
    Job j = MakeJob(id, created);
    j.status = status;
    j.target_selection = sel;
    j.namespace_id = std::move(ns);
    j.targets = std::move(targets);
    Insert(j);
  };
  add("j1", 10, JobStatus::kInProgress, TargetSelection::kSnapshot, std::nullopt, {t1});
  add("j2", 20, JobStatus::kCompleted, TargetSelection::kContinuous, "ns", {g1});
  add("j3", 30, JobStatus::kInProgress, TargetSelection::kContinuous, "ns", {t1, g1});
  add("j4", 40, JobStatus::kCanceled, TargetSelection::kSnapshot, "other", {});
  add("j5", 50, JobStatus::kInProgress, TargetSelection::kSnapshot, "ns", {g1});
  // A target added later through UpdateJob is found too.
  InTxn([&](StoreTxn& txn) {
    Job j4 = Must(txn.GetJob("j4"));
    j4.targets.push_back(t1);
    FJ_EXPECT_OK(txn.UpdateJob(j4));
  });

  auto ids = [&](JobFilter f, int limit) {
    auto all = Walk<Job>(limit, [&](StoreTxn& txn, const PageRequest& p) { return txn.ListJobs(f, p); });
    return Keys(all, [](const Job& j) { return j.job_id; });
  };
  using V = std::vector<std::string>;
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    JobFilter status;
    status.status = JobStatus::kInProgress;
    EXPECT_EQ(ids(status, limit), (V{"j5", "j3", "j1"}));
    JobFilter sel;
    sel.target_selection = TargetSelection::kContinuous;
    EXPECT_EQ(ids(sel, limit), (V{"j3", "j2"}));
    JobFilter ns;
    ns.namespace_id = "ns";
    EXPECT_EQ(ids(ns, limit), (V{"j5", "j3", "j2"}));
    JobFilter target;
    target.target_arn = t1;
    EXPECT_EQ(ids(target, limit), (V{"j4", "j3", "j1"}));
    JobFilter combined;
    combined.target_arn = g1;
    combined.status = JobStatus::kInProgress;
    combined.namespace_id = "ns";
    EXPECT_EQ(ids(combined, limit), (V{"j5", "j3"}));
    JobFilter nothing;
    nothing.target_arn = "arn:none";
    EXPECT_EQ(ids(nothing, limit), V{});
  }
}

TEST_P(StoreConformanceTest, UpdateJobReplacesTheTargetSet) {
  const std::string t1 = "arn:aws:iot:us-east-1:123456789012:thing/t1";
  const std::string t2 = "arn:aws:iot:us-east-1:123456789012:thing/t2";
  Job j = MakeJob("j1");
  j.targets = {t1};
  Insert(j);
  j.targets = {t2};
  InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.UpdateJob(j)); });
  InTxn([&](StoreTxn& txn) {
    JobFilter f1;
    f1.target_arn = t1;
    EXPECT_TRUE(Must(txn.ListJobs(f1, {})).items.empty());
    JobFilter f2;
    f2.target_arn = t2;
    EXPECT_EQ(Must(txn.ListJobs(f2, {})).items.size(), 1u);
    EXPECT_EQ(Must(txn.GetJob("j1")).targets, std::vector<std::string>{t2});
  });
}

// Keyset pagination: rows inserted before the cursor position after a page was read neither
// shift later pages (no duplicates) nor appear in them; rows after it do appear.
TEST_P(StoreConformanceTest, PagesAreStableWhenRowsAreInsertedBetweenCalls) {
  for (int i = 0; i < 4; ++i) Insert(MakeJob("j" + std::to_string(i), 100 - i));  // j0 newest
  PageRequest req;
  req.limit = 2;
  Page<Job> first;
  InTxn([&](StoreTxn& txn) { first = Must(txn.ListJobs({}, req)); });
  ASSERT_EQ(Keys(first.items, [](const Job& j) { return j.job_id; }), (std::vector<std::string>{"j0", "j1"}));
  ASSERT_TRUE(first.next.has_value());
  Insert(MakeJob("newer", 1000));
  Insert(MakeJob("older", 0));
  req.after = *first.next;
  Page<Job> rest;
  InTxn([&](StoreTxn& txn) {
    req.limit = 10;
    rest = Must(txn.ListJobs({}, req));
  });
  EXPECT_EQ(Keys(rest.items, [](const Job& j) { return j.job_id; }),
            (std::vector<std::string>{"j2", "j3", "older"}));
  EXPECT_FALSE(rest.next.has_value());
}

// The same for a name-keyed listing, including deleting the row a cursor points at.
TEST_P(StoreConformanceTest, ThingPagesAreStableWhenRowsComeAndGo) {
  for (const char* n : {"b", "d", "f", "h"}) Insert(MakeThing(n));
  PageRequest req;
  req.limit = 2;
  Page<Thing> first;
  InTxn([&](StoreTxn& txn) { first = Must(txn.ListThings({}, req)); });
  ASSERT_EQ(Keys(first.items, [](const Thing& t) { return t.thing_name; }),
            (std::vector<std::string>{"b", "d"}));
  ASSERT_TRUE(first.next.has_value());
  Insert(MakeThing("a"));
  Insert(MakeThing("c"));
  Insert(MakeThing("e"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_OK(txn.DeleteThing("d"));  // the cursor's own row
    FJ_EXPECT_OK(txn.DeleteThing("f"));
  });
  req.after = *first.next;
  req.limit = 10;
  Page<Thing> rest;
  InTxn([&](StoreTxn& txn) { rest = Must(txn.ListThings({}, req)); });
  EXPECT_EQ(Keys(rest.items, [](const Thing& t) { return t.thing_name; }),
            (std::vector<std::string>{"e", "h"}));
  EXPECT_FALSE(rest.next.has_value());
}

TEST_P(StoreConformanceTest, ExecutionPagesAreStableWhenRowsAreInserted) {
  for (int i = 0; i < 4; ++i)
    Insert(MakeExecution("j" + std::to_string(i), "t1", 1, ExecutionStatus::kQueued, 100 - i));
  PageRequest req;
  req.limit = 2;
  Page<JobExecution> first;
  InTxn([&](StoreTxn& txn) { first = Must(txn.ListExecutionsForThing("t1", {}, req)); });
  ASSERT_EQ(Keys(first.items, [](const JobExecution& e) { return e.job_id; }),
            (std::vector<std::string>{"j0", "j1"}));
  ASSERT_TRUE(first.next.has_value());
  Insert(MakeExecution("newest", "t1", 1, ExecutionStatus::kQueued, 1000));
  Insert(MakeExecution("j1", "t1", 2, ExecutionStatus::kQueued, 99));  // ties with j1#1, sorts after it
  Insert(MakeExecution("oldest", "t1", 1, ExecutionStatus::kQueued, 0));
  req.after = *first.next;
  req.limit = 10;
  Page<JobExecution> rest;
  InTxn([&](StoreTxn& txn) { rest = Must(txn.ListExecutionsForThing("t1", {}, req)); });
  EXPECT_EQ(Keys(rest.items,
                 [](const JobExecution& e) { return e.job_id + "#" + std::to_string(e.execution_number); }),
            (std::vector<std::string>{"j1#2", "j2#1", "j3#1", "oldest#1"}));
  EXPECT_FALSE(rest.next.has_value());
}

TEST_P(StoreConformanceTest, CountJobsByStatus) {
  auto add = [&](const std::string& id, JobStatus s) {
    Job j = MakeJob(id);
    j.status = s;
    Insert(j);
  };
  add("a", JobStatus::kInProgress);
  add("b", JobStatus::kInProgress);
  add("c", JobStatus::kScheduled);
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.CountJobs(JobStatus::kInProgress)), 2);
    EXPECT_EQ(Must(txn.CountJobs(JobStatus::kScheduled)), 1);
    EXPECT_EQ(Must(txn.CountJobs(JobStatus::kCompleted)), 0);
  });
}

// ---- executions -----------------------------------------------------------------------------

TEST_P(StoreConformanceTest, ExecutionRoundTripWithEveryField) {
  JobExecution e = MakeExecution("j1", "t1", 3, ExecutionStatus::kInProgress, 100);
  e.force_canceled = true;
  e.status_details = {{"progress", "50%"}, {"empty", ""}};
  e.started_at = At(150);
  e.last_updated_at = At(200);
  e.version_number = 9;
  e.retry_attempt = 2;
  e.in_progress_deadline = At(100000);
  e.step_deadline = At(50000);
  e.namespace_id = "ns";
  Insert(e);
  InTxn([&](StoreTxn& txn) { ExpectSameExecution(Must(txn.GetExecution("j1", "t1", 3)), e); });
}

TEST_P(StoreConformanceTest, ExecutionRoundTripWithAbsentOptionals) {
  JobExecution e = MakeExecution("j1", "t1");
  Insert(e);
  InTxn([&](StoreTxn& txn) {
    JobExecution got = Must(txn.GetExecution("j1", "t1", 1));
    ExpectSameExecution(got, e);
    EXPECT_FALSE(got.started_at || got.in_progress_deadline || got.step_deadline || got.namespace_id);
    EXPECT_TRUE(got.status_details.empty());
  });
}

TEST_P(StoreConformanceTest, ExecutionErrors) {
  Insert(MakeExecution("j1", "t1"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.InsertExecution(MakeExecution("j1", "t1")), ErrorCode::kAlreadyExists);
    auto missing = txn.GetExecution("j1", "t2", std::nullopt);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().message, "Job execution of job j1 on thing t2 does not exist");
    FJ_EXPECT_CODE(txn.GetExecution("j1", "t1", 2), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.UpdateExecution(MakeExecution("j1", "t1", 2)), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.DeleteExecution("j1", "t1", 2), ErrorCode::kNotFound);
    FJ_EXPECT_CODE(txn.DeleteExecution("j2", "t1", 1), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, GetExecutionWithoutNumberReturnsTheHighest) {
  Insert(MakeExecution("j1", "t1", 1, ExecutionStatus::kFailed));
  Insert(MakeExecution("j1", "t1", 3, ExecutionStatus::kQueued));
  Insert(MakeExecution("j1", "t1", 2, ExecutionStatus::kTimedOut));
  Insert(MakeExecution("j1", "t2", 7));
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetExecution("j1", "t1", std::nullopt)).execution_number, 3);
    EXPECT_EQ(Must(txn.GetExecution("j1", "t1", 2)).status, ExecutionStatus::kTimedOut);
    EXPECT_EQ(Must(txn.GetExecution("j1", "t2", std::nullopt)).execution_number, 7);
  });
}

TEST_P(StoreConformanceTest, UpdateAndDeleteExecution) {
  JobExecution e = MakeExecution("j1", "t1");
  e.status_details = {{"a", "b"}};
  e.started_at = At(5);
  Insert(e);
  JobExecution u = e;
  u.status = ExecutionStatus::kSucceeded;
  u.status_details.clear();
  u.started_at.reset();
  u.step_deadline = At(10);
  u.version_number = 2;
  u.last_updated_at = At(20);
  InTxn([&](StoreTxn& txn) { FJ_EXPECT_OK(txn.UpdateExecution(u)); });
  InTxn([&](StoreTxn& txn) { ExpectSameExecution(Must(txn.GetExecution("j1", "t1", 1)), u); });
  InTxn([](StoreTxn& txn) { FJ_EXPECT_OK(txn.DeleteExecution("j1", "t1", 1)); });
  InTxn([](StoreTxn& txn) { FJ_EXPECT_CODE(txn.GetExecution("j1", "t1", 1), ErrorCode::kNotFound); });
}

TEST_P(StoreConformanceTest, ListExecutionsForJobOrderPagesAndFilters) {
  Insert(MakeExecution("j1", "t2", 1, ExecutionStatus::kSucceeded));
  Insert(MakeExecution("j1", "t1", 2, ExecutionStatus::kQueued));
  Insert(MakeExecution("j1", "t1", 1, ExecutionStatus::kFailed));
  Insert(MakeExecution("j1", "t3", 1, ExecutionStatus::kQueued));
  Insert(MakeExecution("j1", "t10", 1, ExecutionStatus::kFailed));
  Insert(MakeExecution("j2", "t1", 1, ExecutionStatus::kQueued));
  auto keys = [&](ExecutionFilter f, int limit) {
    auto all = Walk<JobExecution>(
        limit, [&](StoreTxn& txn, const PageRequest& p) { return txn.ListExecutionsForJob("j1", f, p); });
    return Keys(
        all, [](const JobExecution& e) { return e.thing_name + "#" + std::to_string(e.execution_number); });
  };
  using V = std::vector<std::string>;
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    EXPECT_EQ(keys({}, limit), (V{"t1#1", "t1#2", "t10#1", "t2#1", "t3#1"})) << "limit " << limit;
    ExecutionFilter queued;
    queued.status = ExecutionStatus::kQueued;
    EXPECT_EQ(keys(queued, limit), (V{"t1#2", "t3#1"}));
    ExecutionFilter latest;
    latest.latest_only = true;
    EXPECT_EQ(keys(latest, limit), (V{"t1#2", "t10#1", "t2#1", "t3#1"}));
    ExecutionFilter failed_latest;
    failed_latest.status = ExecutionStatus::kFailed;
    failed_latest.latest_only = true;
    // t1's latest is #2 (QUEUED): its failed #1 is not the latest.
    EXPECT_EQ(keys(failed_latest, limit), (V{"t10#1"}));
  }
}

TEST_P(StoreConformanceTest, ListExecutionsForThingOrderPagesAndFilters) {
  auto add = [&](const std::string& job, int64_t number, ExecutionStatus s, int64_t queued,
                 std::optional<std::string> ns) {
    JobExecution e = MakeExecution(job, "t1", number, s, queued);
    e.namespace_id = std::move(ns);
    Insert(e);
  };
  add("ja", 1, ExecutionStatus::kFailed, 100, std::nullopt);
  add("ja", 2, ExecutionStatus::kQueued, 300, std::nullopt);
  add("jb", 1, ExecutionStatus::kQueued, 300, "ns");
  add("jc", 1, ExecutionStatus::kSucceeded, 200, "ns");
  add("jd", 1, ExecutionStatus::kInProgress, 50, "ns");
  add("jb", 2, ExecutionStatus::kQueued, 300, "ns");
  Insert(MakeExecution("ja", "t2", 1));
  auto keys = [&](ExecutionFilter f, int limit) {
    auto all = Walk<JobExecution>(
        limit, [&](StoreTxn& txn, const PageRequest& p) { return txn.ListExecutionsForThing("t1", f, p); });
    return Keys(all,
                [](const JobExecution& e) { return e.job_id + "#" + std::to_string(e.execution_number); });
  };
  using V = std::vector<std::string>;
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    EXPECT_EQ(keys({}, limit), (V{"ja#2", "jb#1", "jb#2", "jc#1", "ja#1", "jd#1"})) << "limit " << limit;
    ExecutionFilter queued;
    queued.status = ExecutionStatus::kQueued;
    EXPECT_EQ(keys(queued, limit), (V{"ja#2", "jb#1", "jb#2"}));
    ExecutionFilter ns;
    ns.namespace_id = "ns";
    EXPECT_EQ(keys(ns, limit), (V{"jb#1", "jb#2", "jc#1", "jd#1"}));
    ExecutionFilter job;
    job.job_id = "ja";
    EXPECT_EQ(keys(job, limit), (V{"ja#2", "ja#1"}));
    ExecutionFilter latest;
    latest.latest_only = true;
    EXPECT_EQ(keys(latest, limit), (V{"ja#2", "jb#2", "jc#1", "jd#1"}));
    ExecutionFilter combined;
    combined.latest_only = true;
    combined.namespace_id = "ns";
    combined.status = ExecutionStatus::kQueued;
    EXPECT_EQ(keys(combined, limit), (V{"jb#2"}));
  }
}

TEST_P(StoreConformanceTest, ListPendingExecutionsForThing) {
  Insert(MakeExecution("jq2", "t1", 1, ExecutionStatus::kQueued, 200));
  Insert(MakeExecution("jq1", "t1", 1, ExecutionStatus::kQueued, 100));
  Insert(MakeExecution("jq0", "t1", 1, ExecutionStatus::kQueued, 200));
  Insert(MakeExecution("jp", "t1", 1, ExecutionStatus::kInProgress, 300));
  Insert(MakeExecution("jdone", "t1", 1, ExecutionStatus::kSucceeded, 10));
  Insert(MakeExecution("jfail", "t1", 1, ExecutionStatus::kFailed, 10));
  Insert(MakeExecution("jcan", "t1", 1, ExecutionStatus::kCanceled, 10));
  Insert(MakeExecution("jother", "t2", 1, ExecutionStatus::kQueued, 1));
  InTxn([](StoreTxn& txn) {
    auto all = Must(txn.ListPendingExecutionsForThing("t1", 100));
    EXPECT_EQ(Keys(all, [](const JobExecution& e) { return e.job_id; }),
              (std::vector<std::string>{"jp", "jq1", "jq0", "jq2"}));
    auto two = Must(txn.ListPendingExecutionsForThing("t1", 2));
    EXPECT_EQ(Keys(two, [](const JobExecution& e) { return e.job_id; }),
              (std::vector<std::string>{"jp", "jq1"}));
    auto one = Must(txn.ListPendingExecutionsForThing("t1", 1));
    ASSERT_EQ(one.size(), 1u);
    ExpectSameExecution(one[0], MakeExecution("jp", "t1", 1, ExecutionStatus::kInProgress, 300));
    EXPECT_TRUE(Must(txn.ListPendingExecutionsForThing("t3", 10)).empty());
  });
}

// ---- job templates --------------------------------------------------------------------------

TEST_P(StoreConformanceTest, JobTemplateRoundTrip) {
  Job source = FullJob("unused");
  JobTemplate full = MakeTemplate("full");
  full.document = source.document;
  full.document_source = source.document_source;
  full.presigned_url_config = source.presigned_url_config;
  full.rollout_config = source.rollout_config;
  full.abort_config = source.abort_config;
  full.timeout_config = source.timeout_config;
  full.retry_config = source.retry_config;
  full.maintenance_windows =
      std::vector<MaintenanceWindow>{{"cron(0 1 * * ? *)", 30}, {"cron(0 2 ? * MON *)", 45}};
  full.destination_package_versions = {"p1", "p2"};
  full.created_at = At(4242);
  JobTemplate bare = MakeTemplate("bare");
  bare.description = "";
  JobTemplate empty = MakeTemplate("empty");
  empty.presigned_url_config = PresignedUrlConfig{};
  empty.rollout_config = RolloutConfig{};
  empty.abort_config = AbortConfig{};
  empty.timeout_config = TimeoutConfig{};
  empty.retry_config = RetryConfig{};
  empty.maintenance_windows = std::vector<MaintenanceWindow>{};
  Insert(full);
  Insert(bare);
  Insert(empty);
  InTxn([&](StoreTxn& txn) {
    ExpectSameTemplate(Must(txn.GetJobTemplate("full")), full);
    JobTemplate got = Must(txn.GetJobTemplate("bare"));
    ExpectSameTemplate(got, bare);
    EXPECT_FALSE(got.document || got.document_source || got.presigned_url_config || got.rollout_config ||
                 got.abort_config || got.timeout_config || got.retry_config || got.maintenance_windows);
    ExpectSameTemplate(Must(txn.GetJobTemplate("empty")), empty);
  });
}

TEST_P(StoreConformanceTest, JobTemplateErrorsAndDelete) {
  Insert(MakeTemplate("t"));
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.InsertJobTemplate(MakeTemplate("t")), ErrorCode::kAlreadyExists);
    auto missing = txn.GetJobTemplate("x");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().message, "Job template x does not exist");
    FJ_EXPECT_CODE(txn.DeleteJobTemplate("x"), ErrorCode::kNotFound);
    FJ_EXPECT_OK(txn.DeleteJobTemplate("t"));
    FJ_EXPECT_CODE(txn.GetJobTemplate("t"), ErrorCode::kNotFound);
  });
}

TEST_P(StoreConformanceTest, ListJobTemplatesPagesInIdOrder) {
  for (const char* id : {"t4", "t2", "t5", "t1", "t3"}) Insert(MakeTemplate(id));
  for (int limit = 1; limit <= kMaxLimit; ++limit) {
    auto all =
        Walk<JobTemplate>(limit, [](StoreTxn& txn, const PageRequest& p) { return txn.ListJobTemplates(p); });
    EXPECT_EQ(Keys(all, [](const JobTemplate& t) { return t.template_id; }),
              (std::vector<std::string>{"t1", "t2", "t3", "t4", "t5"}))
        << "limit " << limit;
  }
}

// ---- tags and settings ----------------------------------------------------------------------

TEST_P(StoreConformanceTest, TagsMergeRemoveAndDelete) {
  using M = std::map<std::string, std::string>;
  InTxn([](StoreTxn& txn) {
    EXPECT_TRUE(Must(txn.GetTags("arn:a")).empty());
    FJ_EXPECT_OK(txn.PutTags("arn:a", {{"k1", "v1"}, {"k2", "v2"}}));
    FJ_EXPECT_OK(txn.PutTags("arn:b", {{"k1", "other"}}));
  });
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_OK(txn.PutTags("arn:a", {{"k2", "v2b"}, {"k3", ""}}));
    FJ_EXPECT_OK(txn.PutTags("arn:a", {}));
  });
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetTags("arn:a")), (M{{"k1", "v1"}, {"k2", "v2b"}, {"k3", ""}}));
    FJ_EXPECT_OK(txn.RemoveTags("arn:a", {"k1", "missing"}));
    FJ_EXPECT_OK(txn.RemoveTags("arn:none", {"k1"}));
  });
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetTags("arn:a")), (M{{"k2", "v2b"}, {"k3", ""}}));
    EXPECT_EQ(Must(txn.GetTags("arn:b")), (M{{"k1", "other"}}));
    FJ_EXPECT_OK(txn.DeleteAllTags("arn:a"));
    FJ_EXPECT_OK(txn.DeleteAllTags("arn:none"));
  });
  InTxn([](StoreTxn& txn) {
    EXPECT_TRUE(Must(txn.GetTags("arn:a")).empty());
    EXPECT_EQ(Must(txn.GetTags("arn:b")), (M{{"k1", "other"}}));
  });
}

TEST_P(StoreConformanceTest, Settings) {
  InTxn([](StoreTxn& txn) {
    FJ_EXPECT_CODE(txn.GetSetting("k"), ErrorCode::kNotFound);
    FJ_EXPECT_OK(txn.PutSetting("k", "v1"));
    EXPECT_EQ(Must(txn.GetSetting("k")), "v1");
    FJ_EXPECT_OK(txn.PutSetting("k", "v2"));
    FJ_EXPECT_OK(txn.PutSetting("empty", ""));
  });
  InTxn([](StoreTxn& txn) {
    EXPECT_EQ(Must(txn.GetSetting("k")), "v2");
    EXPECT_EQ(Must(txn.GetSetting("empty")), "");
  });
}

// ---- cursors --------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, KeysWithCursorSeparatorsPageCorrectly) {
  // Names the API would reject still must not break the cursor encoding.
  // Byte order: '\n' < '\\' < '|'.
  const std::vector<std::string> names = {"a", "a\n", "a\nb", "a\\", "a\\n", "a\\|", "a|", "a|b", "a||", "b"};
  for (const auto& n : names) {
    Insert(MakeJob(n, 0));
    Insert(MakeExecution("j", n, 1));
  }
  for (int limit : {1, 2}) {
    auto jobs = Walk<Job>(limit, [](StoreTxn& txn, const PageRequest& p) { return txn.ListJobs({}, p); });
    EXPECT_EQ(Keys(jobs, [](const Job& j) { return j.job_id; }), names);
    auto execs = Walk<JobExecution>(
        limit, [](StoreTxn& txn, const PageRequest& p) { return txn.ListExecutionsForJob("j", {}, p); });
    EXPECT_EQ(Keys(execs, [](const JobExecution& e) { return e.thing_name; }), names);
  }
}

TEST_P(StoreConformanceTest, GarbageCursorIsAnError) {
  Insert(MakeJob("j1"));
  Insert(MakeExecution("j1", "t1"));
  InTxn([](StoreTxn& txn) {
    PageRequest bad;
    bad.after = "\x01garbage";
    EXPECT_FALSE(txn.ListJobs({}, bad).ok());
    EXPECT_FALSE(txn.ListExecutionsForThing("t1", {}, bad).ok());
    EXPECT_FALSE(txn.ListExecutionsForJob("j1", {}, bad).ok());
  });
}

}  // namespace fleetjobs::store_testing
