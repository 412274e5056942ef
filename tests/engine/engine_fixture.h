// EngineFixture: an in-memory SQLite store, a ManualClock and the job services, plus helpers that
// seed the registry straight through the store (so these tests do not depend on RegistryService).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "engine/device_service.h"
#include "engine/engine_context.h"
#include "engine/execution_service.h"
#include "engine/job_service.h"
#include "engine/template_service.h"
#include "store/sqlite/sqlite_store.h"

namespace fleetjobs::testing {

#define EXPECT_CODE(expr, want)                               \
  do {                                                        \
    auto _r = (expr);                                         \
    ASSERT_FALSE(_r.ok()) << "expected an error from " #expr; \
    EXPECT_EQ(_r.error().code, (want)) << _r.error().message; \
  } while (0)

#define ASSERT_OK(expr)                                          \
  do {                                                           \
    auto _r = (expr);                                            \
    ASSERT_TRUE(_r.ok()) << #expr << ": " << _r.error().message; \
  } while (0)

// 2023-11-14T22:13:20Z
inline constexpr int64_t kStartMillis = 1'700'000'000'000;

class EngineFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ctx_ = std::make_unique<EngineContext>(*store_, clock_, EngineOptions{});
    jobs_ = std::make_unique<JobService>(*ctx_);
    executions_ = std::make_unique<ExecutionService>(*ctx_);
    devices_ = std::make_unique<DeviceService>(*ctx_);
    templates_ = std::make_unique<TemplateService>(*ctx_);
  }

  Timestamp Now() const { return clock_.Now(); }
  void Advance(std::chrono::milliseconds by) { clock_.Advance(by); }

  std::string ThingArn(const std::string& name) const { return ctx_->arns.Thing(name); }
  std::string GroupArn(const std::string& name) const { return ctx_->arns.ThingGroup(name); }
  std::string JobArn(const std::string& id) const { return ctx_->arns.Job(id); }
  std::string TemplateArn(const std::string& id) const { return ctx_->arns.JobTemplate(id); }

  void AddThing(const std::string& name) {
    Thing t;
    t.thing_name = name;
    t.thing_id = "id-" + name;
    t.thing_arn = ThingArn(name);
    ASSERT_OK(store_->Transact([&](StoreTxn& txn) { return txn.InsertThing(t); }));
  }

  void AddThings(const std::string& prefix, int n) {
    for (int i = 0; i < n; ++i) AddThing(prefix + std::to_string(i));
  }

  void AddGroup(const std::string& name, std::optional<std::string> parent = std::nullopt) {
    ThingGroup g;
    g.group_name = name;
    g.group_id = "gid-" + name;
    g.group_arn = GroupArn(name);
    g.parent_group_name = std::move(parent);
    g.created_at = Now();
    ASSERT_OK(store_->Transact([&](StoreTxn& txn) { return txn.InsertThingGroup(g); }));
  }

  void Join(const std::string& group, const std::string& thing) {
    ASSERT_OK(store_->Transact([&](StoreTxn& txn) { return txn.AddMembership(group, thing); }));
  }

  static constexpr const char* kDoc = R"({"operation":"update"})";

  CreateJobRequest JobRequest(const std::string& id, std::vector<std::string> targets) {
    CreateJobRequest req;
    req.job_id = id;
    req.targets = std::move(targets);
    req.document = kDoc;
    return req;
  }

  Job MustCreate(const CreateJobRequest& req) {
    auto r = jobs_->CreateJob(req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : Job{};
  }

  Job GetJob(const std::string& id) {
    Job job;
    Status st = store_->Read([&](StoreTxn& txn) -> Status {
      FJ_ASSIGN_OR_RETURN(job, txn.GetJob(id));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
    return job;
  }

  bool JobExists(const std::string& id) {
    bool exists = false;
    Status st = store_->Read([&](StoreTxn& txn) -> Status {
      exists = txn.GetJob(id).ok();
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok());
    return exists;
  }

  JobExecution GetExec(const std::string& job_id, const std::string& thing,
                       std::optional<int64_t> number = std::nullopt) {
    JobExecution e;
    Status st = store_->Read([&](StoreTxn& txn) -> Status {
      FJ_ASSIGN_OR_RETURN(e, txn.GetExecution(job_id, thing, number));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
    return e;
  }

  std::vector<JobExecution> AllExecs(const std::string& job_id) {
    std::vector<JobExecution> out;
    Status st = store_->Read([&](StoreTxn& txn) -> Status {
      PageRequest page;
      page.limit = 1000;
      for (;;) {
        FJ_ASSIGN_OR_RETURN(Page<JobExecution> p, txn.ListExecutionsForJob(job_id, ExecutionFilter{}, page));
        for (auto& e : p.items) out.push_back(std::move(e));
        if (!p.next) break;
        page.after = *p.next;
      }
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok());
    return out;
  }

  std::map<std::string, std::string> Tags(const std::string& arn) {
    std::map<std::string, std::string> tags;
    Status st = store_->Read([&](StoreTxn& txn) -> Status {
      FJ_ASSIGN_OR_RETURN(tags, txn.GetTags(arn));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok());
    return tags;
  }

  // The job's counters must equal `want` exactly (unlisted statuses are 0).
  void ExpectCounts(const std::string& job_id,
                    std::initializer_list<std::pair<ExecutionStatus, int64_t>> want) {
    JobProcessDetails expected;
    for (const auto& [s, n] : want) expected[s] = n;
    Job job = GetJob(job_id);
    for (int i = 0; i < kExecutionStatusCount; ++i) {
      EXPECT_EQ(job.process_details.by_status[i], expected.by_status[i]) << "counter of status " << i;
    }
  }

  UpdateJobExecutionRequest Update(const std::string& thing, const std::string& job, ExecutionStatus s) {
    UpdateJobExecutionRequest req;
    req.thing_name = thing;
    req.job_id = job;
    req.status = s;
    return req;
  }

  ManualClock clock_{FromEpochMillis(kStartMillis)};
  std::unique_ptr<Store> store_;
  std::unique_ptr<EngineContext> ctx_;
  std::unique_ptr<JobService> jobs_;
  std::unique_ptr<ExecutionService> executions_;
  std::unique_ptr<DeviceService> devices_;
  std::unique_ptr<TemplateService> templates_;
};

}  // namespace fleetjobs::testing
