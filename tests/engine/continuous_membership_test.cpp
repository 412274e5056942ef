#include "engine/continuous_membership.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/execution_mutator.h"
#include "engine/registry_service.h"
#include "engine/schedule_time.h"
#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

using S = ExecutionStatus;
using std::chrono::hours;
using std::chrono::minutes;

// Keeps every committed ChangeSet.
class RecordingListener : public ChangeListener {
 public:
  void OnCommitted(const ChangeSet& changes) override { sets.push_back(changes); }
  std::vector<ChangeSet> sets;
};

class ContinuousMembershipTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    registry_ = std::make_unique<RegistryService>(*ctx_);
    ctx_->listeners.push_back(&listener_);
  }

  Status Add(const std::string& group, const std::string& thing) {
    MembershipRequest req;
    req.group_name = group;
    req.thing_name = thing;
    return registry_->AddThingToThingGroup(req);
  }

  Status Remove(const std::string& group, const std::string& thing) {
    MembershipRequest req;
    req.group_name = group;
    req.thing_name = thing;
    return registry_->RemoveThingFromThingGroup(req);
  }

  Status DeleteGroup(const std::string& group) { return registry_->DeleteThingGroup(group, std::nullopt); }

  // A CONTINUOUS job on the given group and thing targets.
  Job MustCreateContinuous(const std::string& id, const std::vector<std::string>& groups,
                           const std::vector<std::string>& things = {}) {
    std::vector<std::string> targets;
    for (const auto& g : groups) targets.push_back(GroupArn(g));
    for (const auto& t : things) targets.push_back(ThingArn(t));
    CreateJobRequest req = JobRequest(id, targets);
    req.target_selection = TargetSelection::kContinuous;
    return MustCreate(req);
  }

  void Device(const std::string& thing, const std::string& job, S status) {
    ASSERT_OK(devices_->UpdateJobExecution(Update(thing, job, status)));
  }

  // Queues execution `number` of (job, thing) as a retry would (retryAttempt `attempt`).
  void QueueRetry(const std::string& job_id, const std::string& thing, int64_t number, int64_t attempt) {
    ASSERT_OK(ctx_->Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
      FJ_ASSIGN_OR_RETURN(Job job, txn.GetJob(job_id));
      ExecutionMutator m(txn, Now(), std::move(job), changes);
      FJ_RETURN_IF_ERROR(m.Enqueue(thing, number, attempt));
      return m.Finish();
    }));
  }

  size_t ExecCount(const std::string& job_id) { return AllExecs(job_id).size(); }

  // The execution changes of the last committed ChangeSet.
  const std::vector<ExecutionRecordChange>& LastExecutionChanges() {
    static const std::vector<ExecutionRecordChange> kNone;
    return listener_.sets.empty() ? kNone : listener_.sets.back().executions;
  }

  RecordingListener listener_;
  std::unique_ptr<RegistryService> registry_;
};

// ---- joining ------------------------------------------------------------------------------------

TEST_F(ContinuousMembershipTest, ThingJoiningATargetGroupGetsAQueuedExecution) {
  AddThings("t", 2);
  AddGroup("g");
  Join("g", "t0");
  MustCreateContinuous("j", {"g"});
  ExpectCounts("j", {{S::kQueued, 1}});
  Advance(minutes(5));
  listener_.sets.clear();

  ASSERT_OK(Add("g", "t1"));
  JobExecution e = GetExec("j", "t1");
  EXPECT_EQ(e.execution_number, 1);
  EXPECT_EQ(e.status, S::kQueued);
  EXPECT_EQ(e.version_number, 1);
  EXPECT_EQ(e.retry_attempt, 0);
  EXPECT_EQ(e.queued_at, Now());
  ExpectCounts("j", {{S::kQueued, 2}});
  Job job = GetJob("j");
  EXPECT_EQ(job.status, JobStatus::kInProgress);
  EXPECT_EQ(job.last_updated_at, Now());

  // The ChangeSet holds the new execution and the job row.
  ASSERT_EQ(listener_.sets.size(), 1u);
  const ChangeSet& cs = listener_.sets[0];
  EXPECT_EQ(cs.at, Now());
  ASSERT_EQ(cs.executions.size(), 1u);
  EXPECT_EQ(cs.executions[0].job_id, "j");
  EXPECT_EQ(cs.executions[0].thing_name, "t1");
  EXPECT_EQ(cs.executions[0].execution_number, 1);
  EXPECT_FALSE(cs.executions[0].from.has_value());
  EXPECT_EQ(cs.executions[0].to, S::kQueued);
  EXPECT_EQ(cs.executions[0].version_number, 1);
  ASSERT_EQ(cs.jobs.size(), 1u);
  EXPECT_EQ(cs.jobs[0].job_id, "j");
  EXPECT_EQ(cs.jobs[0].from, JobStatus::kInProgress);
  EXPECT_EQ(cs.jobs[0].to, JobStatus::kInProgress);

  // Adding it again is idempotent: nothing new, nothing committed to listeners.
  ASSERT_OK(Add("g", "t1"));
  EXPECT_EQ(ExecCount("j"), 2u);
  EXPECT_EQ(listener_.sets.size(), 1u);
}

TEST_F(ContinuousMembershipTest, ThingJoiningADescendantGroupGetsAnExecution) {
  AddThing("t");
  AddGroup("root");
  AddGroup("mid", "root");
  AddGroup("leaf", "mid");
  AddGroup("other");
  MustCreateContinuous("on-root", {"root"});
  MustCreateContinuous("on-mid", {"mid"});
  MustCreateContinuous("on-leaf", {"leaf"});
  MustCreateContinuous("on-other", {"other"});
  for (const char* id : {"on-root", "on-mid", "on-leaf", "on-other"}) ExpectCounts(id, {});

  ASSERT_OK(Add("leaf", "t"));
  for (const char* id : {"on-root", "on-mid", "on-leaf"}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(GetExec(id, "t").status, S::kQueued);
    ExpectCounts(id, {{S::kQueued, 1}});
  }
  EXPECT_EQ(ExecCount("on-other"), 0u);
  ExpectCounts("on-other", {});
  // One ChangeSet, three executions and three job rows.
  ASSERT_FALSE(listener_.sets.empty());
  EXPECT_EQ(listener_.sets.back().executions.size(), 3u);
  EXPECT_EQ(listener_.sets.back().jobs.size(), 3u);
}

TEST_F(ContinuousMembershipTest, AJobTargetingAGroupAndItsAncestorQueuesOnce) {
  AddThing("t");
  AddGroup("root");
  AddGroup("child", "root");
  MustCreateContinuous("j", {"root", "child"});
  ASSERT_OK(Add("child", "t"));
  EXPECT_EQ(ExecCount("j"), 1u);
  ExpectCounts("j", {{S::kQueued, 1}});
}

TEST_F(ContinuousMembershipTest, SnapshotJobsIgnoreJoins) {
  AddThings("t", 2);
  AddGroup("g");
  Join("g", "t0");
  MustCreate(JobRequest("snap", {GroupArn("g")}));
  ExpectCounts("snap", {{S::kQueued, 1}});
  ASSERT_OK(Add("g", "t1"));
  EXPECT_EQ(ExecCount("snap"), 1u);
  ExpectCounts("snap", {{S::kQueued, 1}});
}

TEST_F(ContinuousMembershipTest, JoiningWhilePendingAddsNothing) {
  AddThing("t");
  AddGroup("a");
  AddGroup("b");
  // Pending through a direct thing target (QUEUED), then IN_PROGRESS through another group.
  MustCreateContinuous("j", {"a"}, {"t"});
  ASSERT_OK(Add("a", "t"));
  EXPECT_EQ(ExecCount("j"), 1u);
  ExpectCounts("j", {{S::kQueued, 1}});

  MustCreateContinuous("k", {"a", "b"});
  EXPECT_EQ(ExecCount("k"), 1u);
  Device("t", "k", S::kInProgress);
  ASSERT_OK(Add("b", "t"));
  EXPECT_EQ(ExecCount("k"), 1u);
  EXPECT_EQ(GetExec("k", "t").status, S::kInProgress);
  ExpectCounts("k", {{S::kInProgress, 1}});
}

TEST_F(ContinuousMembershipTest, RejoiningAfterFinishingGetsTheNextExecutionNumber) {
  AddThings("t", 2);
  AddGroup("g");
  Join("g", "t0");
  MustCreateContinuous("j", {"g"});
  ASSERT_OK(Add("g", "t1"));
  Device("t1", "j", S::kSucceeded);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kSucceeded, 1}});

  // Leaving with a finished execution changes nothing.
  ASSERT_OK(Remove("g", "t1"));
  EXPECT_EQ(GetExec("j", "t1").status, S::kSucceeded);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kSucceeded, 1}});

  Advance(minutes(1));
  ASSERT_OK(Add("g", "t1"));
  JobExecution e = GetExec("j", "t1");
  EXPECT_EQ(e.execution_number, 2);
  EXPECT_EQ(e.status, S::kQueued);
  EXPECT_EQ(e.version_number, 1);
  EXPECT_EQ(e.retry_attempt, 0);
  EXPECT_EQ(GetExec("j", "t1", 1).status, S::kSucceeded);
  ExpectCounts("j", {{S::kQueued, 2}, {S::kSucceeded, 1}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);  // continuous jobs never complete
}

TEST_F(ContinuousMembershipTest, ReentryResetsRetriesAndLeavingRemovesAQueuedRetry) {
  AddThing("t");
  AddGroup("g");
  MustCreateContinuous("j", {"g"});
  ASSERT_OK(Add("g", "t"));
  Device("t", "j", S::kFailed);
  QueueRetry("j", "t", 2, 1);  // what the retry component does after a FAILED execution
  ExpectCounts("j", {{S::kFailed, 1}, {S::kQueued, 1}});

  ASSERT_OK(Remove("g", "t"));
  EXPECT_EQ(GetExec("j", "t", 2).status, S::kRemoved);
  ExpectCounts("j", {{S::kFailed, 1}, {S::kRemoved, 1}});

  ASSERT_OK(Add("g", "t"));
  JobExecution e = GetExec("j", "t");
  EXPECT_EQ(e.execution_number, 3);
  EXPECT_EQ(e.retry_attempt, 0);
  EXPECT_EQ(e.status, S::kQueued);
  ExpectCounts("j", {{S::kFailed, 1}, {S::kRemoved, 1}, {S::kQueued, 1}});
}

TEST_F(ContinuousMembershipTest, NumberingFollowsTheHighestExistingExecution) {
  AddThing("t");
  AddGroup("g");
  MustCreateContinuous("j", {"g"});
  ASSERT_OK(Add("g", "t"));
  Device("t", "j", S::kFailed);
  QueueRetry("j", "t", 2, 1);
  Device("t", "j", S::kFailed);
  ASSERT_OK(Remove("g", "t"));
  ASSERT_OK(Add("g", "t"));
  EXPECT_EQ(GetExec("j", "t").execution_number, 3);
  ExpectCounts("j", {{S::kFailed, 2}, {S::kQueued, 1}});
}

TEST_F(ContinuousMembershipTest, NoExecutionsAfterTheEndTime) {
  AddThings("t", 2);
  AddGroup("g");
  CreateJobRequest req = JobRequest("j", {GroupArn("g")});
  req.target_selection = TargetSelection::kContinuous;
  req.scheduling_config.emplace();
  req.scheduling_config->end_time = FormatScheduleTime(Now() + hours(1));
  req.scheduling_config->end_behavior = EndBehavior::kStopRollout;
  MustCreate(req);

  ASSERT_OK(Add("g", "t0"));  // before the end time
  ExpectCounts("j", {{S::kQueued, 1}});
  Advance(hours(2));
  ASSERT_OK(Add("g", "t1"));
  EXPECT_EQ(ExecCount("j"), 1u);
  ExpectCounts("j", {{S::kQueued, 1}});
  // Departures still remove.
  ASSERT_OK(Remove("g", "t0"));
  ExpectCounts("j", {{S::kRemoved, 1}});
}

TEST_F(ContinuousMembershipTest, ScheduledJobsGetNoExecutionOnJoin) {
  AddThing("t");
  AddGroup("g");
  CreateJobRequest req = JobRequest("j", {GroupArn("g")});
  req.target_selection = TargetSelection::kContinuous;
  req.scheduling_config.emplace();
  req.scheduling_config->start_time = FormatScheduleTime(Now() + hours(1));
  Job job = MustCreate(req);
  ASSERT_EQ(job.status, JobStatus::kScheduled);
  ASSERT_OK(Add("g", "t"));
  EXPECT_EQ(ExecCount("j"), 0u);
  ExpectCounts("j", {});
}

// ---- leaving ------------------------------------------------------------------------------------

TEST_F(ContinuousMembershipTest, LeavingMakesThePendingExecutionRemoved) {
  AddThings("t", 3);
  AddGroup("g");
  for (const char* t : {"t0", "t1", "t2"}) Join("g", t);
  MustCreateContinuous("j", {"g"});
  Device("t1", "j", S::kInProgress);
  ExpectCounts("j", {{S::kQueued, 2}, {S::kInProgress, 1}});
  Advance(minutes(3));
  listener_.sets.clear();

  ASSERT_OK(Remove("g", "t0"));
  JobExecution e = GetExec("j", "t0");
  EXPECT_EQ(e.status, S::kRemoved);
  EXPECT_EQ(e.version_number, 2);
  EXPECT_EQ(e.last_updated_at, Now());
  ExpectCounts("j", {{S::kQueued, 1}, {S::kInProgress, 1}, {S::kRemoved, 1}});
  ASSERT_EQ(LastExecutionChanges().size(), 1u);
  EXPECT_EQ(LastExecutionChanges()[0].thing_name, "t0");
  EXPECT_EQ(LastExecutionChanges()[0].from, S::kQueued);
  EXPECT_EQ(LastExecutionChanges()[0].to, S::kRemoved);
  EXPECT_EQ(LastExecutionChanges()[0].version_number, 2);
  ASSERT_EQ(listener_.sets.back().jobs.size(), 1u);

  // An IN_PROGRESS execution is removed too.
  ASSERT_OK(Remove("g", "t1"));
  EXPECT_EQ(GetExec("j", "t1").status, S::kRemoved);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kRemoved, 2}});
  EXPECT_EQ(LastExecutionChanges()[0].from, S::kInProgress);
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);

  // The device can no longer update a REMOVED execution.
  EXPECT_CODE(devices_->UpdateJobExecution(Update("t1", "j", S::kSucceeded)),
              ErrorCode::kInvalidStateTransition);
}

TEST_F(ContinuousMembershipTest, LeavingADescendantGroupRemoves) {
  AddThing("t");
  AddGroup("root");
  AddGroup("leaf", "root");
  Join("leaf", "t");
  MustCreateContinuous("j", {"root"});
  ExpectCounts("j", {{S::kQueued, 1}});
  ASSERT_OK(Remove("leaf", "t"));
  EXPECT_EQ(GetExec("j", "t").status, S::kRemoved);
  ExpectCounts("j", {{S::kRemoved, 1}});
}

TEST_F(ContinuousMembershipTest, LeavingWhileStillReachedThroughAnotherTargetChangesNothing) {
  AddThing("t");
  AddGroup("a");
  AddGroup("b-root");
  AddGroup("b", "b-root");
  Join("a", "t");
  Join("b", "t");
  MustCreateContinuous("j", {"a", "b-root"});
  ExpectCounts("j", {{S::kQueued, 1}});
  listener_.sets.clear();

  ASSERT_OK(Remove("a", "t"));
  EXPECT_EQ(GetExec("j", "t").status, S::kQueued);
  EXPECT_EQ(GetExec("j", "t").version_number, 1);
  ExpectCounts("j", {{S::kQueued, 1}});
  EXPECT_TRUE(listener_.sets.empty()) << "nothing the listeners need to know";

  ASSERT_OK(Remove("b", "t"));
  EXPECT_EQ(GetExec("j", "t").status, S::kRemoved);
  ExpectCounts("j", {{S::kRemoved, 1}});
}

TEST_F(ContinuousMembershipTest, LeavingAGroupOfAJobThatTargetsTheThingDirectlyChangesNothing) {
  AddThing("t");
  AddGroup("g");
  Join("g", "t");
  MustCreateContinuous("j", {"g"}, {"t"});
  ExpectCounts("j", {{S::kQueued, 1}});
  ASSERT_OK(Remove("g", "t"));
  EXPECT_EQ(GetExec("j", "t").status, S::kQueued);
  ExpectCounts("j", {{S::kQueued, 1}});
}

TEST_F(ContinuousMembershipTest, RemovingANonMemberChangesNothing) {
  AddThing("t");
  AddGroup("g");
  AddGroup("h");
  Join("g", "t");
  MustCreateContinuous("j", {"g", "h"});
  ASSERT_OK(Remove("h", "t"));
  EXPECT_EQ(GetExec("j", "t").status, S::kQueued);
  ExpectCounts("j", {{S::kQueued, 1}});
}

TEST_F(ContinuousMembershipTest, LeavingAffectsOnlyJobsTargetingTheGroupChain) {
  AddThing("t");
  AddGroup("g");
  AddGroup("other");
  Join("g", "t");
  MustCreateContinuous("on-g", {"g"});
  MustCreateContinuous("direct", {}, {"t"});
  MustCreate(JobRequest("snap", {GroupArn("g")}));
  ASSERT_OK(Remove("g", "t"));
  ExpectCounts("on-g", {{S::kRemoved, 1}});
  ExpectCounts("direct", {{S::kQueued, 1}});
  ExpectCounts("snap", {{S::kQueued, 1}});  // SNAPSHOT membership is fixed at creation
}

TEST_F(ContinuousMembershipTest, CanceledAndCompletedJobsIgnoreMembershipChanges) {
  AddThings("t", 3);
  AddGroup("g");
  Join("g", "t0");
  Join("g", "t1");
  MustCreateContinuous("j", {"g"});
  Device("t0", "j", S::kInProgress);
  ASSERT_OK(jobs_->CancelJob(CancelJobRequest{"j", false, std::nullopt, std::nullopt}));
  ExpectCounts("j", {{S::kInProgress, 1}, {S::kCanceled, 1}});

  ASSERT_OK(Remove("g", "t0"));  // its IN_PROGRESS execution may still be finished by the device
  EXPECT_EQ(GetExec("j", "t0").status, S::kInProgress);
  ASSERT_OK(Add("g", "t2"));
  EXPECT_EQ(ExecCount("j"), 2u);
  ExpectCounts("j", {{S::kInProgress, 1}, {S::kCanceled, 1}});

  // A continuous job is never COMPLETED by the engine; one stored as such is left alone as well.
  MustCreateContinuous("k", {"g"});
  ExpectCounts("k", {{S::kQueued, 2}});
  ASSERT_OK(store_->Transact([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(Job k, txn.GetJob("k"));
    k.status = JobStatus::kCompleted;
    return txn.UpdateJob(k);
  }));
  ASSERT_OK(Remove("g", "t1"));
  ASSERT_OK(Add("g", "t0"));
  EXPECT_EQ(ExecCount("k"), 2u);
  EXPECT_EQ(GetExec("k", "t1").status, S::kQueued);
  ExpectCounts("k", {{S::kQueued, 2}});
}

// ---- group deletion -----------------------------------------------------------------------------

TEST_F(ContinuousMembershipTest, DeletingAGroupRemovesItsMembersExecutions) {
  AddThings("t", 4);
  AddGroup("root");
  AddGroup("g", "root");
  AddGroup("h");
  for (const char* t : {"t0", "t1", "t2"}) Join("g", t);
  Join("h", "t2");  // still reached through h
  Join("root", "t3");
  MustCreateContinuous("on-g", {"g", "h"});
  MustCreateContinuous("on-root", {"root"});
  MustCreateContinuous("direct", {}, {"t0"});
  Device("t1", "on-g", S::kSucceeded);
  ExpectCounts("on-g", {{S::kQueued, 2}, {S::kSucceeded, 1}});
  ExpectCounts("on-root", {{S::kQueued, 4}});
  listener_.sets.clear();

  ASSERT_OK(DeleteGroup("g"));
  EXPECT_EQ(GetExec("on-g", "t0").status, S::kRemoved);
  EXPECT_EQ(GetExec("on-g", "t1").status, S::kSucceeded);
  EXPECT_EQ(GetExec("on-g", "t2").status, S::kQueued);
  ExpectCounts("on-g", {{S::kQueued, 1}, {S::kSucceeded, 1}, {S::kRemoved, 1}});
  // The parent's job loses the deleted group's members, not the parent's own.
  EXPECT_EQ(GetExec("on-root", "t3").status, S::kQueued);
  ExpectCounts("on-root", {{S::kQueued, 1}, {S::kRemoved, 3}});
  ExpectCounts("direct", {{S::kQueued, 1}});
  // One transaction: one ChangeSet with the four REMOVED executions and two job rows.
  ASSERT_EQ(listener_.sets.size(), 1u);
  EXPECT_EQ(listener_.sets[0].executions.size(), 4u);
  EXPECT_EQ(listener_.sets[0].jobs.size(), 2u);

  // The job keeps the deleted group's ARN: a group created again under that name is its target.
  EXPECT_EQ(GetJob("on-g").targets, (std::vector<std::string>{GroupArn("g"), GroupArn("h")}));
  ASSERT_OK(registry_->CreateThingGroup(
      CreateThingGroupRequest{"g", std::nullopt, std::nullopt, std::nullopt, {}}));
  ASSERT_OK(Add("g", "t0"));
  EXPECT_EQ(GetExec("on-g", "t0").execution_number, 2);
  ExpectCounts("on-g", {{S::kQueued, 2}, {S::kSucceeded, 1}, {S::kRemoved, 1}});
}

TEST_F(ContinuousMembershipTest, DeletingAGroupNoJobTargetsWritesNothing) {
  AddThing("t");
  AddGroup("g");
  Join("g", "t");
  MustCreateContinuous("direct", {}, {"t"});
  listener_.sets.clear();
  ASSERT_OK(DeleteGroup("g"));
  ExpectCounts("direct", {{S::kQueued, 1}});
  EXPECT_TRUE(listener_.sets.empty());
}

TEST_F(ContinuousMembershipTest, AFailedRegistryChangeCreatesNothing) {
  AddThing("t");
  AddGroup("root");
  AddGroup("a", "root");
  AddGroup("b", "root");
  Join("a", "t");
  MustCreateContinuous("j", {"b"});
  listener_.sets.clear();
  // Same hierarchy: refused before anything is written.
  EXPECT_CODE(Add("b", "t"), ErrorCode::kInvalidRequest);
  EXPECT_EQ(ExecCount("j"), 0u);
  EXPECT_TRUE(listener_.sets.empty());
}

// ---- many members -------------------------------------------------------------------------------

TEST_F(ContinuousMembershipTest, GroupDeletionPagesThroughManyMembers) {
  constexpr int kThings = 2100;  // more than two store pages
  ASSERT_OK(store_->Transact([&](StoreTxn& txn) -> Status {
    ThingGroup g;
    g.group_name = "big";
    g.group_id = "gid-big";
    g.group_arn = GroupArn("big");
    FJ_RETURN_IF_ERROR(txn.InsertThingGroup(g));
    for (int i = 0; i < kThings; ++i) {
      Thing t;
      t.thing_name = "t" + std::to_string(i);
      t.thing_id = "id-" + t.thing_name;
      t.thing_arn = ThingArn(t.thing_name);
      FJ_RETURN_IF_ERROR(txn.InsertThing(t));
      FJ_RETURN_IF_ERROR(txn.AddMembership("big", t.thing_name));
    }
    return Status::Ok();
  }));
  MustCreateContinuous("j", {"big"});
  ExpectCounts("j", {{S::kQueued, kThings}});
  ASSERT_OK(DeleteGroup("big"));
  ExpectCounts("j", {{S::kRemoved, kThings}});
  ASSERT_EQ(listener_.sets.back().jobs.size(), 1u) << "one job row write for the whole deletion";
}

}  // namespace
}  // namespace fleetjobs::testing
