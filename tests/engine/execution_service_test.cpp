#include "engine/execution_service.h"

#include <gtest/gtest.h>

#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using S = ExecutionStatus;

class ExecutionServiceTest : public EngineFixture {
 protected:
  CancelJobExecutionRequest Cancel(const std::string& job, const std::string& thing, bool force = false) {
    CancelJobExecutionRequest req;
    req.job_id = job;
    req.thing_name = thing;
    req.force = force;
    return req;
  }
  DeleteJobExecutionRequest Delete(const std::string& job, const std::string& thing, int64_t number,
                                   bool force = false) {
    DeleteJobExecutionRequest req;
    req.job_id = job;
    req.thing_name = thing;
    req.execution_number = number;
    req.force = force;
    return req;
  }
};

TEST_F(ExecutionServiceTest, Describe) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.timeout_config = TimeoutConfig{2};
  MustCreate(req);
  auto queued = executions_->DescribeJobExecution("j", "t0", std::nullopt);
  ASSERT_TRUE(queued.ok()) << queued.error().message;
  EXPECT_EQ(queued->execution.status, S::kQueued);
  EXPECT_FALSE(queued->approximate_seconds_before_timed_out);
  EXPECT_FALSE(queued->job_document);  // the control plane never returns the document

  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kInProgress)));
  Advance(seconds(30));
  auto running = executions_->DescribeJobExecution("j", "t0", 1);
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->approximate_seconds_before_timed_out, 90);

  EXPECT_CODE(executions_->DescribeJobExecution("j", "t0", 2), ErrorCode::kNotFound);
  EXPECT_CODE(executions_->DescribeJobExecution("j", "ghost", std::nullopt), ErrorCode::kNotFound);
  EXPECT_CODE(executions_->DescribeJobExecution("$next", "t0", std::nullopt), ErrorCode::kInvalidRequest);
}

TEST_F(ExecutionServiceTest, ListForJobAndThing) {
  AddThings("t", 3);
  MustCreate(JobRequest("a", {ThingArn("t0"), ThingArn("t1"), ThingArn("t2")}));
  Advance(seconds(1));
  MustCreate(JobRequest("b", {ThingArn("t0")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t1", "a", S::kSucceeded)));

  auto all = executions_->ListJobExecutionsForJob("a", std::nullopt, PageRequest{});
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->items.size(), 3u);
  EXPECT_EQ(all->items[0].thing_name, "t0");  // ordered by thing name
  auto done = executions_->ListJobExecutionsForJob("a", S::kSucceeded, PageRequest{});
  ASSERT_TRUE(done.ok());
  ASSERT_EQ(done->items.size(), 1u);
  EXPECT_EQ(done->items[0].thing_name, "t1");
  EXPECT_CODE(executions_->ListJobExecutionsForJob("missing", std::nullopt, PageRequest{}),
              ErrorCode::kNotFound);
  EXPECT_CODE(executions_->ListJobExecutionsForJob("a", std::nullopt, PageRequest{"", 0}),
              ErrorCode::kInvalidRequest);

  auto for_thing = executions_->ListJobExecutionsForThing("t0", ExecutionFilter{}, PageRequest{});
  ASSERT_TRUE(for_thing.ok()) << for_thing.error().message;
  ASSERT_EQ(for_thing->items.size(), 2u);
  EXPECT_EQ(for_thing->items[0].job_id, "b");  // newest queued first
  ExecutionFilter only_a;
  only_a.job_id = "a";
  auto filtered = executions_->ListJobExecutionsForThing("t0", only_a, PageRequest{});
  ASSERT_TRUE(filtered.ok());
  ASSERT_EQ(filtered->items.size(), 1u);
  EXPECT_EQ(filtered->items[0].job_id, "a");
  auto unknown = executions_->ListJobExecutionsForThing("ghost", ExecutionFilter{}, PageRequest{});
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->items.empty());
  EXPECT_CODE(executions_->ListJobExecutionsForThing("t0", ExecutionFilter{}, PageRequest{"", 251}),
              ErrorCode::kInvalidRequest);
}

TEST_F(ExecutionServiceTest, CancelQueuedStoresDetails) {
  AddThings("t", 2);
  MustCreate(JobRequest("j", {ThingArn("t0"), ThingArn("t1")}));
  Advance(seconds(2));
  auto req = Cancel("j", "t0");
  req.expected_version = 1;
  req.status_details = StatusDetails{{"reason", "operator"}};
  ASSERT_OK(executions_->CancelJobExecution(req));
  JobExecution e = GetExec("j", "t0");
  EXPECT_EQ(e.status, S::kCanceled);
  EXPECT_EQ(e.version_number, 2);
  EXPECT_EQ(e.status_details, (StatusDetails{{"reason", "operator"}}));
  EXPECT_EQ(e.last_updated_at, Now());
  EXPECT_FALSE(e.force_canceled);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kCanceled, 1}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);

  // Terminal now.
  EXPECT_CODE(executions_->CancelJobExecution(Cancel("j", "t0", true)), ErrorCode::kInvalidStateTransition);

  // Canceling the last pending execution completes the SNAPSHOT job.
  ASSERT_OK(executions_->CancelJobExecution(Cancel("j", "t1")));
  ExpectCounts("j", {{S::kCanceled, 2}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kCompleted);
}

TEST_F(ExecutionServiceTest, CancelInProgressNeedsForce) {
  AddThing("t0");
  MustCreate(JobRequest("j", {ThingArn("t0")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kInProgress)));
  EXPECT_CODE(executions_->CancelJobExecution(Cancel("j", "t0")), ErrorCode::kInvalidStateTransition);
  auto stale = Cancel("j", "t0", true);
  stale.expected_version = 1;
  EXPECT_CODE(executions_->CancelJobExecution(stale), ErrorCode::kVersionMismatch);
  ExpectCounts("j", {{S::kInProgress, 1}});
  stale.expected_version = 2;
  ASSERT_OK(executions_->CancelJobExecution(stale));
  JobExecution e = GetExec("j", "t0");
  EXPECT_EQ(e.status, S::kCanceled);
  EXPECT_TRUE(e.force_canceled);
  EXPECT_EQ(e.version_number, 3);
  ExpectCounts("j", {{S::kCanceled, 1}});
  EXPECT_CODE(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)),
              ErrorCode::kInvalidStateTransition);
  EXPECT_CODE(executions_->CancelJobExecution(Cancel("j", "ghost")), ErrorCode::kNotFound);
  auto bad = Cancel("j", "t0");
  bad.status_details = StatusDetails{{"k", std::string(1025, 'v')}};
  EXPECT_CODE(executions_->CancelJobExecution(bad), ErrorCode::kInvalidRequest);
}

TEST_F(ExecutionServiceTest, DeleteTerminalOnlyUnlessForced) {
  AddThings("t", 3);
  MustCreate(JobRequest("j", {ThingArn("t0"), ThingArn("t1"), ThingArn("t2")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kFailed)));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t1", "j", S::kInProgress)));
  ExpectCounts("j", {{S::kFailed, 1}, {S::kInProgress, 1}, {S::kQueued, 1}});

  ASSERT_OK(executions_->DeleteJobExecution(Delete("j", "t0", 1)));
  EXPECT_CODE(executions_->DescribeJobExecution("j", "t0", std::nullopt), ErrorCode::kNotFound);
  ExpectCounts("j", {{S::kInProgress, 1}, {S::kQueued, 1}});
  EXPECT_CODE(executions_->DeleteJobExecution(Delete("j", "t0", 1)), ErrorCode::kNotFound);

  EXPECT_CODE(executions_->DeleteJobExecution(Delete("j", "t1", 1)), ErrorCode::kInvalidStateTransition);
  EXPECT_CODE(executions_->DeleteJobExecution(Delete("j", "t2", 1)), ErrorCode::kInvalidStateTransition);
  auto wrong_ns = Delete("j", "t1", 1, true);
  wrong_ns.namespace_id = "ns";
  EXPECT_CODE(executions_->DeleteJobExecution(wrong_ns), ErrorCode::kNotFound);
  ASSERT_OK(executions_->DeleteJobExecution(Delete("j", "t1", 1, true)));
  ExpectCounts("j", {{S::kQueued, 1}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);

  // Deleting the last pending execution (with force) leaves nothing pending: the job completes.
  ASSERT_OK(executions_->DeleteJobExecution(Delete("j", "t2", 1, true)));
  ExpectCounts("j", {});
  EXPECT_EQ(GetJob("j").status, JobStatus::kCompleted);
  EXPECT_CODE(executions_->DeleteJobExecution(Delete("j", "t2", 5)), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace fleetjobs::testing
