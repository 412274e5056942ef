// Rollout pacing, scheduling, maintenance windows, end behaviors and restarts on a virtual clock.
#include "engine/rollout.h"

#include <set>

#include "engine/schedule_time.h"
#include "timer_fixture.h"

namespace fleetjobs::testing {
namespace {

using S = ExecutionStatus;
using std::chrono::minutes;
using std::chrono::seconds;

class RolloutTest : public TimerFixture {
 protected:
  // A group "g" of n things t0..t{n-1}.
  void Fleet(int n) {
    AddGroup("g");
    for (int i = 0; i < n; ++i) {
      AddThing("t" + std::to_string(i));
      Join("g", "t" + std::to_string(i));
    }
  }
  int64_t Created(const std::string& job_id) { return static_cast<int64_t>(AllExecs(job_id).size()); }
};

TEST_F(RolloutTest, WithoutConfigEveryExecutionExistsAtCreation) {
  Fleet(50);
  Job job = MustCreate(JobRequest("j", {GroupArn("g")}));
  EXPECT_EQ(Created("j"), 50);
  EXPECT_TRUE(job.processing_targets.empty());
  EXPECT_FALSE(job.is_concurrent);
  EXPECT_EQ(timers_->size(), 0u);
}

TEST_F(RolloutTest, ConstantRateReleasesOneBatchPerMinute) {
  Fleet(25);
  auto req = JobRequest("j", {GroupArn("g")});
  RolloutConfig rollout;
  rollout.maximum_per_minute = 10;
  req.rollout_config = rollout;
  Job job = MustCreate(req);
  EXPECT_EQ(Created("j"), 10);
  EXPECT_EQ(job.processing_targets, std::vector<std::string>{GroupArn("g")});
  EXPECT_TRUE(job.is_concurrent);
  EXPECT_EQ(job.rollout.notified, 10);
  EXPECT_EQ(job.rollout.remaining, 15);
  Run(seconds(59));
  EXPECT_EQ(Created("j"), 10);
  Run(seconds(1));
  EXPECT_EQ(Created("j"), 20);
  Run(minutes(1));
  EXPECT_EQ(Created("j"), 25);
  job = GetJob("j");
  EXPECT_TRUE(job.processing_targets.empty());
  EXPECT_FALSE(job.is_concurrent);
  EXPECT_EQ(job.rollout.remaining, 0);
  ExpectCounts("j", {{S::kQueued, 25}});
  EXPECT_EQ(timers_->size(), 0u);
  // Things are released in target order and each exactly once.
  std::set<std::string> names;
  for (const JobExecution& e : AllExecs("j")) names.insert(e.thing_name);
  EXPECT_EQ(names.size(), 25u);
}

TEST_F(RolloutTest, SnapshotJobCompletesOnlyAfterTheLastBatch) {
  Fleet(4);
  auto req = JobRequest("j", {GroupArn("g")});
  RolloutConfig rollout;
  rollout.maximum_per_minute = 2;
  req.rollout_config = rollout;
  MustCreate(req);
  for (const JobExecution& e : AllExecs("j")) {
    ASSERT_OK(devices_->UpdateJobExecution(Update(e.thing_name, "j", S::kSucceeded)));
  }
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);  // two things still wait
  Run(minutes(1));
  for (const JobExecution& e : AllExecs("j")) {
    if (e.status == S::kQueued)
      ASSERT_OK(devices_->UpdateJobExecution(Update(e.thing_name, "j", S::kSucceeded)));
  }
  EXPECT_EQ(GetJob("j").status, JobStatus::kCompleted);
}

TEST_F(RolloutTest, ExponentialRateRampsOnNotifiedThings) {
  Fleet(40);
  auto req = JobRequest("j", {GroupArn("g")});
  RolloutConfig rollout;
  rollout.exponential_rate = ExponentialRolloutRate{2, 2.0, RateIncreaseCriteria{4, std::nullopt}};
  req.rollout_config = rollout;
  MustCreate(req);
  // A minute's rate is 2 x 2^floor(notified before it / 4): notified 0, 2, 4, 8, 16 give rates
  // 2, 2, 4, 8, 32; the fifth minute releases the last 24.
  std::vector<int64_t> totals{Created("j")};
  for (int m = 0; m < 4; ++m) {
    Run(minutes(1));
    totals.push_back(Created("j"));
  }
  EXPECT_EQ(totals, (std::vector<int64_t>{2, 4, 8, 16, 40}));
}

TEST_F(RolloutTest, SucceededThingsRaiseTheRateFromTheNextMinuteOnly) {
  Fleet(20);
  auto req = JobRequest("j", {GroupArn("g")});
  RolloutConfig rollout;
  rollout.exponential_rate = ExponentialRolloutRate{2, 2.0, RateIncreaseCriteria{std::nullopt, 2}};
  req.rollout_config = rollout;
  MustCreate(req);
  ASSERT_EQ(Created("j"), 2);
  for (const JobExecution& e : AllExecs("j")) {
    ASSERT_OK(devices_->UpdateJobExecution(Update(e.thing_name, "j", S::kSucceeded)));
  }
  // Two successes reach the threshold, but the running minute keeps the rate it began with.
  Run(std::chrono::milliseconds(0));
  Run(seconds(59));
  EXPECT_EQ(Created("j"), 2);
  Run(seconds(1));
  EXPECT_EQ(Created("j"), 6);  // 2 x 2^(2 succeeded / 2)
  Run(minutes(1));
  EXPECT_EQ(Created("j"), 10);  // nothing else succeeded: still 4 a minute
}

TEST_F(RolloutTest, CancelDropsWhatTheRolloutHasNotReached) {
  Fleet(10);
  auto req = JobRequest("j", {GroupArn("g")});
  RolloutConfig rollout;
  rollout.maximum_per_minute = 3;
  req.rollout_config = rollout;
  MustCreate(req);
  CancelJobRequest cancel;
  cancel.job_id = "j";
  ASSERT_OK(jobs_->CancelJob(cancel));
  Run(minutes(5));
  EXPECT_EQ(Created("j"), 3);
  ExpectCounts("j", {{S::kCanceled, 3}});
  Job job = GetJob("j");
  EXPECT_TRUE(job.processing_targets.empty());
  EXPECT_EQ(job.rollout.remaining, 0);
}

TEST_F(RolloutTest, ScheduledJobStartsAtStartTimeWithTheMembersOfThen) {
  Fleet(2);
  auto req = JobRequest("j", {GroupArn("g")});
  SchedulingConfig sc;
  sc.start_time = FormatScheduleTime(Now() + minutes(60));
  req.scheduling_config = sc;
  Job job = MustCreate(req);
  EXPECT_EQ(job.status, JobStatus::kScheduled);
  EXPECT_EQ(Created("j"), 0);
  AddThing("late");
  Join("g", "late");
  Run(minutes(59));
  EXPECT_EQ(GetJob("j").status, JobStatus::kScheduled);
  Run(minutes(1));
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);
  EXPECT_EQ(Created("j"), 3);
  ExpectCounts("j", {{S::kQueued, 3}});
}

TEST_F(RolloutTest, EndBehaviorStopRolloutDropsWaitingThings) {
  Fleet(10);
  auto req = JobRequest("j", {GroupArn("g")});
  RolloutConfig rollout;
  rollout.maximum_per_minute = 2;
  req.rollout_config = rollout;
  SchedulingConfig sc;
  sc.end_time = FormatScheduleTime(Now() + minutes(31) - seconds(ToEpochSeconds(Now()) % 60));
  req.scheduling_config = sc;
  MustCreate(req);
  Run(minutes(40));
  Job job = GetJob("j");
  EXPECT_EQ(Created("j"), 10);  // all released within 5 minutes, long before endTime
  EXPECT_EQ(job.status, JobStatus::kInProgress);
}

TEST_F(RolloutTest, EndBehaviorsAtEndTime) {
  for (EndBehavior behavior : {EndBehavior::kStopRollout, EndBehavior::kCancel, EndBehavior::kForceCancel}) {
    SCOPED_TRACE(static_cast<int>(behavior));
    const std::string id = "j" + std::to_string(static_cast<int>(behavior));
    const std::string thing_prefix = "x" + std::to_string(static_cast<int>(behavior)) + "-";
    AddGroup(id);
    for (int i = 0; i < 200; ++i) {
      AddThing(thing_prefix + std::to_string(i));
      Join(id, thing_prefix + std::to_string(i));
    }
    auto req = JobRequest(id, {GroupArn(id)});
    RolloutConfig rollout;
    rollout.maximum_per_minute = 5;
    req.rollout_config = rollout;
    SchedulingConfig sc;
    Timestamp end = std::chrono::floor<minutes>(Now()) + minutes(31);
    sc.end_time = FormatScheduleTime(end);
    sc.end_behavior = behavior;
    req.scheduling_config = sc;
    MustCreate(req);
    Start(thing_prefix + "0");
    Run(end - Now());
    Job job = GetJob(id);
    const int64_t created = Created(id);
    EXPECT_LT(created, 200);
    EXPECT_EQ(job.rollout.remaining, 0);
    EXPECT_TRUE(job.processing_targets.empty());
    if (behavior == EndBehavior::kStopRollout) {
      EXPECT_EQ(job.status, JobStatus::kInProgress);
      ExpectCounts(id, {{S::kQueued, created - 1}, {S::kInProgress, 1}});
    } else if (behavior == EndBehavior::kCancel) {
      EXPECT_EQ(job.status, JobStatus::kCanceled);
      EXPECT_EQ(job.reason_code, "SCHEDULED_END_TIME");
      ExpectCounts(id, {{S::kCanceled, created - 1}, {S::kInProgress, 1}});
    } else {
      EXPECT_EQ(job.status, JobStatus::kCanceled);
      EXPECT_TRUE(job.force_canceled);
      ExpectCounts(id, {{S::kCanceled, created}});
    }
    Run(minutes(10));
    EXPECT_EQ(Created(id), created);
  }
}

TEST_F(RolloutTest, MaintenanceWindowGatesTheRollout) {
  Fleet(3);
  // Windows open at minute 0 of every hour for 10 minutes.
  auto req = JobRequest("j", {GroupArn("g")});
  SchedulingConfig sc;
  sc.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 * * * ? *)", 10}};
  req.scheduling_config = sc;
  const Timestamp hour = std::chrono::ceil<std::chrono::hours>(Now());
  if (hour - Now() < minutes(50)) Run(hour - Now() + minutes(15));  // start outside a window
  MustCreate(req);
  EXPECT_EQ(Created("j"), 0);
  EXPECT_TRUE(GetJob("j").is_concurrent);
  const Timestamp opens = std::chrono::ceil<std::chrono::hours>(Now());
  Run(opens - Now() - seconds(1));
  EXPECT_EQ(Created("j"), 0);
  Run(seconds(1));
  EXPECT_EQ(Created("j"), 3);
}

TEST_F(RolloutTest, RestartRebuildsTimersAndNothingFiresTwice) {
  Fleet(6);
  auto req = JobRequest("j", {GroupArn("g")});
  RolloutConfig rollout;
  rollout.maximum_per_minute = 2;
  req.rollout_config = rollout;
  req.timeout_config = TimeoutConfig{3};
  MustCreate(req);
  Start("t0");
  // "Restart": a new timer service over the same store and clock, rebuilt from stored state.
  ctx_->listeners.clear();
  runner_ = std::make_unique<JobRunner>(*ctx_);
  timers_ = std::make_unique<TimerService>(*ctx_, *runner_);
  ctx_->listeners.push_back(timers_.get());
  vtime_ = std::make_unique<VirtualTime>(clock_, *store_, *timers_);
  ASSERT_OK(timers_->Recover());
  EXPECT_EQ(timers_->size(), 2u);  // t0's deadline and the job's next batch
  Run(minutes(1));
  EXPECT_EQ(Created("j"), 4);
  Run(minutes(2));
  EXPECT_EQ(Created("j"), 6);
  EXPECT_EQ(GetExec("j", "t0").status, S::kTimedOut);
  EXPECT_EQ(GetExec("j", "t0").version_number, 3);
  // Firing the same timers again (as a second replica would) changes nothing.
  ASSERT_OK(runner_->FireExecutionTimer("j", "t0", 1));
  ASSERT_OK(runner_->WakeJob("j"));
  EXPECT_EQ(GetExec("j", "t0").version_number, 3);
  EXPECT_EQ(Created("j"), 6);
  ExpectCounts("j", {{S::kTimedOut, 1}, {S::kQueued, 5}});
}

}  // namespace
}  // namespace fleetjobs::testing

namespace fleetjobs::testing {
namespace {

class OfferWindowTest : public TimerFixture {};

TEST_F(OfferWindowTest, QueuedExecutionsOfAClosedWindowAreNotOffered) {
  AddThing("t0");
  // "open" has an always-open window; "closed" one that opened and closed 30 minutes ago.
  auto open = JobRequest("open", {ThingArn("t0")});
  SchedulingConfig always;
  always.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(* * * * ? *)", 5}};
  open.scheduling_config = always;
  MustCreate(open);
  Advance(std::chrono::seconds(1));
  MustCreate(JobRequest("plain", {ThingArn("t0")}));
  // A job created inside its window keeps its QUEUED execution after the window closes, but the
  // device is offered it only while a window is open.
  const Timestamp hour = std::chrono::floor<std::chrono::hours>(Now()) + std::chrono::hours(1);
  Run(hour - Now());
  auto windowed = JobRequest("windowed", {ThingArn("t0")});
  SchedulingConfig hourly;
  hourly.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 * * * ? *)", 1}};
  windowed.scheduling_config = hourly;
  MustCreate(windowed);
  EXPECT_EQ(AllExecs("windowed").size(), 1u);
  auto pending = devices_->GetPendingJobExecutions("t0");
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->queued.size(), 3u);
  Run(std::chrono::minutes(1));  // the hourly window closed
  pending = devices_->GetPendingJobExecutions("t0");
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->queued.size(), 2u);
  EXPECT_EQ(pending->queued[0].job_id, "open");
  EXPECT_EQ(pending->queued[1].job_id, "plain");
  // The head is started; the windowed job's execution stays hidden until its window reopens.
  Start("t0");
  pending = devices_->GetPendingJobExecutions("t0");
  ASSERT_EQ(pending->in_progress.size(), 1u);
  EXPECT_EQ(pending->in_progress[0].job_id, "open");
  ASSERT_EQ(pending->queued.size(), 1u);
  EXPECT_EQ(pending->queued[0].job_id, "plain");
  Run(std::chrono::minutes(59));  // the next hour: offered again
  pending = devices_->GetPendingJobExecutions("t0");
  ASSERT_EQ(pending->queued.size(), 2u);
  EXPECT_EQ(pending->queued[1].job_id, "windowed");
}

}  // namespace
}  // namespace fleetjobs::testing
