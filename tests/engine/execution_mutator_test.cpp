#include "engine/execution_mutator.h"

#include <gtest/gtest.h>

#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

using std::chrono::seconds;
using S = ExecutionStatus;
using A = ExecutionActor;

class ExecutionMutatorTest : public EngineFixture {
 protected:
  // Applies one change to the latest execution of (job, thing) in its own transaction.
  Status ApplyOne(const std::string& job_id, const std::string& thing, const ExecutionChange& change) {
    return store_->Transact([&](StoreTxn& txn) -> Status {
      FJ_ASSIGN_OR_RETURN(Job job, txn.GetJob(job_id));
      FJ_ASSIGN_OR_RETURN(JobExecution e, txn.GetExecution(job_id, thing, std::nullopt));
      ChangeSet changes;
      ExecutionMutator m(txn, Now(), std::move(job), changes);
      FJ_RETURN_IF_ERROR(m.Apply(e, change));
      return m.Finish();
    });
  }
  ExecutionChange Change(S to, A actor) {
    ExecutionChange c;
    c.to = to;
    c.actor = actor;
    return c;
  }
};

TEST_F(ExecutionMutatorTest, EveryChangeBumpsVersionAndCounters) {
  AddThings("t", 2);
  MustCreate(JobRequest("j", {ThingArn("t0"), ThingArn("t1")}));
  int64_t version = 1;
  for (S to : {S::kInProgress, S::kInProgress, S::kInProgress}) {
    Advance(seconds(1));
    ASSERT_OK(ApplyOne("j", "t0", Change(to, A::kDevice)));
    JobExecution e = GetExec("j", "t0");
    EXPECT_EQ(e.version_number, ++version);
    EXPECT_EQ(e.last_updated_at, Now());
    ExpectCounts("j", {{S::kQueued, 1}, {S::kInProgress, 1}});
  }
  Advance(seconds(1));
  ASSERT_OK(ApplyOne("j", "t0", Change(S::kTimedOut, A::kService)));
  EXPECT_EQ(GetExec("j", "t0").version_number, version + 1);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kTimedOut, 1}});
  ASSERT_OK(ApplyOne("j", "t1", Change(S::kRemoved, A::kService)));
  ExpectCounts("j", {{S::kTimedOut, 1}, {S::kRemoved, 1}});
  Job job = GetJob("j");
  EXPECT_EQ(job.status, JobStatus::kCompleted);
  EXPECT_EQ(job.completed_at, Now());
}

TEST_F(ExecutionMutatorTest, TableIsEnforcedBeforeVersion) {
  AddThing("t0");
  MustCreate(JobRequest("j", {ThingArn("t0")}));
  // A device cannot cancel, an operator without force cannot cancel a running execution.
  EXPECT_CODE(ApplyOne("j", "t0", Change(S::kCanceled, A::kDevice)), ErrorCode::kInvalidStateTransition);
  EXPECT_CODE(ApplyOne("j", "t0", Change(S::kTimedOut, A::kService)), ErrorCode::kInvalidStateTransition);
  ASSERT_OK(ApplyOne("j", "t0", Change(S::kInProgress, A::kDevice)));
  EXPECT_CODE(ApplyOne("j", "t0", Change(S::kCanceled, A::kOperator)), ErrorCode::kInvalidStateTransition);
  auto versioned = Change(S::kSucceeded, A::kDevice);
  versioned.expected_version = 1;
  EXPECT_CODE(ApplyOne("j", "t0", versioned), ErrorCode::kVersionMismatch);
  versioned.expected_version = 2;
  ASSERT_OK(ApplyOne("j", "t0", versioned));
  // Terminal: the state error wins over a version mismatch.
  versioned.expected_version = 1;
  EXPECT_CODE(ApplyOne("j", "t0", versioned), ErrorCode::kInvalidStateTransition);
  EXPECT_CODE(ApplyOne("j", "t0", Change(S::kRemoved, A::kService)), ErrorCode::kInvalidStateTransition);
  ExpectCounts("j", {{S::kSucceeded, 1}});
}

TEST_F(ExecutionMutatorTest, FinishWithoutChangesWritesNothing) {
  AddThing("t0");
  MustCreate(JobRequest("j", {ThingArn("t0")}));
  Timestamp before = GetJob("j").last_updated_at;
  Advance(seconds(5));
  ASSERT_OK(store_->Transact([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(Job job, txn.GetJob("j"));
    ChangeSet changes;
    ExecutionMutator m(txn, Now(), std::move(job), changes);
    return m.Finish();
  }));
  EXPECT_EQ(GetJob("j").last_updated_at, before);
  // A progress report changes no counter, so the job row is not rewritten either.
  ASSERT_OK(ApplyOne("j", "t0", Change(S::kInProgress, A::kDevice)));
  Timestamp started = GetJob("j").last_updated_at;
  EXPECT_EQ(started, Now());
  Advance(seconds(5));
  ASSERT_OK(ApplyOne("j", "t0", Change(S::kInProgress, A::kDevice)));
  EXPECT_EQ(GetJob("j").last_updated_at, started);
}

TEST_F(ExecutionMutatorTest, EnqueueAndDelete) {
  AddThings("t", 2);
  auto req = JobRequest("j", {ThingArn("t0")});
  req.target_selection = TargetSelection::kContinuous;
  req.namespace_id = "ns";
  MustCreate(req);
  Advance(seconds(1));
  ASSERT_OK(store_->Transact([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(Job job, txn.GetJob("j"));
    ChangeSet changes;
    ExecutionMutator m(txn, Now(), std::move(job), changes);
    FJ_RETURN_IF_ERROR(m.Enqueue("t1", 1));
    FJ_RETURN_IF_ERROR(m.Enqueue("t0", 2, 1));
    return m.Finish();
  }));
  JobExecution e = GetExec("j", "t0", 2);
  EXPECT_EQ(e.status, S::kQueued);
  EXPECT_EQ(e.version_number, 1);
  EXPECT_EQ(e.retry_attempt, 1);
  EXPECT_EQ(e.queued_at, Now());
  EXPECT_EQ(e.namespace_id, "ns");
  ExpectCounts("j", {{S::kQueued, 3}});
  EXPECT_EQ(GetJob("j").last_updated_at, Now());
  ASSERT_OK(store_->Transact([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(Job job, txn.GetJob("j"));
    FJ_ASSIGN_OR_RETURN(JobExecution x, txn.GetExecution("j", "t1", 1));
    ChangeSet changes;
    ExecutionMutator m(txn, Now(), std::move(job), changes);
    FJ_RETURN_IF_ERROR(m.Delete(x));
    return m.Finish();
  }));
  ExpectCounts("j", {{S::kQueued, 2}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);
}

TEST_F(ExecutionMutatorTest, CompleteIfDoneFollowsTheTable) {
  Job job;
  job.status = JobStatus::kInProgress;
  Timestamp now = Now();
  EXPECT_TRUE(ExecutionMutator::CompleteIfDone(job, now));
  EXPECT_EQ(job.status, JobStatus::kCompleted);
  EXPECT_EQ(job.completed_at, now);
  Job pending;
  pending.process_details[S::kInProgress] = 1;
  EXPECT_FALSE(ExecutionMutator::CompleteIfDone(pending, now));
  Job rolling;
  rolling.processing_targets = {"arn"};
  EXPECT_FALSE(ExecutionMutator::CompleteIfDone(rolling, now));
  Job continuous;
  continuous.target_selection = TargetSelection::kContinuous;
  EXPECT_FALSE(ExecutionMutator::CompleteIfDone(continuous, now));
  Job canceled;
  canceled.status = JobStatus::kCanceled;
  EXPECT_FALSE(ExecutionMutator::CompleteIfDone(canceled, now));
}

TEST_F(ExecutionMutatorTest, MarkThingExecutionsRemoved) {
  AddThings("t", 2);
  MustCreate(JobRequest("a", {ThingArn("t0"), ThingArn("t1")}));
  MustCreate(JobRequest("b", {ThingArn("t0")}));
  auto cont = JobRequest("c", {ThingArn("t0")});
  cont.target_selection = TargetSelection::kContinuous;
  MustCreate(cont);
  MustCreate(JobRequest("d", {ThingArn("t0")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "b", S::kInProgress)));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "d", S::kSucceeded)));
  Advance(seconds(1));

  ASSERT_OK(ctx_->Commit([&](StoreTxn& txn, ChangeSet& changes) {
    return MarkThingExecutionsRemoved(*ctx_, txn, changes, "t0");
  }));
  EXPECT_EQ(GetExec("a", "t0").status, S::kRemoved);
  EXPECT_EQ(GetExec("a", "t0").version_number, 2);
  EXPECT_EQ(GetExec("b", "t0").status, S::kRemoved);
  EXPECT_EQ(GetExec("c", "t0").status, S::kRemoved);
  EXPECT_EQ(GetExec("d", "t0").status, S::kSucceeded);
  ExpectCounts("a", {{S::kQueued, 1}, {S::kRemoved, 1}});
  ExpectCounts("b", {{S::kRemoved, 1}});
  ExpectCounts("c", {{S::kRemoved, 1}});
  ExpectCounts("d", {{S::kSucceeded, 1}});
  EXPECT_EQ(GetJob("a").status, JobStatus::kInProgress);
  EXPECT_EQ(GetJob("b").status, JobStatus::kCompleted);
  EXPECT_EQ(GetJob("c").status, JobStatus::kInProgress);
  EXPECT_FALSE(GetExec("b", "t0").in_progress_deadline);

  // Nothing pending: a no-op.
  ASSERT_OK(ctx_->Commit([&](StoreTxn& txn, ChangeSet& changes) {
    return MarkThingExecutionsRemoved(*ctx_, txn, changes, "t0");
  }));
  ASSERT_OK(ctx_->Commit([&](StoreTxn& txn, ChangeSet& changes) {
    return MarkThingExecutionsRemoved(*ctx_, txn, changes, "ghost");
  }));
}

}  // namespace
}  // namespace fleetjobs::testing
