// The engine's timed behaviour end to end on a virtual clock: timeouts, retries, abort,
// scheduling, end behaviors and restarts (JobRunner, TimerService, VirtualTime).
#include "engine/job_runner.h"

#include "engine/schedule_time.h"
#include "timer_fixture.h"

namespace fleetjobs::testing {
namespace {

using S = ExecutionStatus;
using std::chrono::minutes;
using std::chrono::seconds;

class JobRunnerTest : public TimerFixture {};

TEST_F(JobRunnerTest, InProgressTimeoutFiresAtItsDeadline) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.timeout_config = TimeoutConfig{10};
  MustCreate(req);
  Start("t0");
  Run(minutes(10) - seconds(1));
  EXPECT_EQ(GetExec("j", "t0").status, S::kInProgress);
  auto view = executions_->DescribeJobExecution("j", "t0", std::nullopt);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->approximate_seconds_before_timed_out, 1);
  Run(seconds(1));
  JobExecution e = GetExec("j", "t0");
  EXPECT_EQ(e.status, S::kTimedOut);
  EXPECT_EQ(e.version_number, 3);
  EXPECT_EQ(e.last_updated_at, Now());
  ExpectCounts("j", {{S::kTimedOut, 1}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kCompleted);
  EXPECT_EQ(timers_->size(), 0u);
}

TEST_F(JobRunnerTest, StepTimerReplacesIsCanceledAndIsBoundedByInProgressDeadline) {
  AddThings("t", 3);
  auto req = JobRequest("j", {ThingArn("t0"), ThingArn("t1"), ThingArn("t2")});
  req.timeout_config = TimeoutConfig{30};
  MustCreate(req);
  Start("t0", 5);
  Start("t1", 5);
  Start("t2", 60);  // bounded by the 30-minute in-progress deadline
  Run(minutes(3));
  auto progress = Update("t0", "j", S::kInProgress);
  progress.step_timeout_in_minutes = 10;  // replaces: now due at 13 min
  ASSERT_OK(devices_->UpdateJobExecution(progress));
  auto cancel_step = Update("t1", "j", S::kInProgress);
  cancel_step.step_timeout_in_minutes = -1;  // only the in-progress timer remains: 30 min
  ASSERT_OK(devices_->UpdateJobExecution(cancel_step));
  Run(minutes(9));  // 12 min
  EXPECT_EQ(GetExec("j", "t0").status, S::kInProgress);
  Run(minutes(1));  // 13 min
  EXPECT_EQ(GetExec("j", "t0").status, S::kTimedOut);
  EXPECT_EQ(GetExec("j", "t1").status, S::kInProgress);
  EXPECT_EQ(GetExec("j", "t2").status, S::kInProgress);
  Run(minutes(17));  // 30 min
  EXPECT_EQ(GetExec("j", "t1").status, S::kTimedOut);
  EXPECT_EQ(GetExec("j", "t2").status, S::kTimedOut);
  ExpectCounts("j", {{S::kTimedOut, 3}});
}

TEST_F(JobRunnerTest, FinishingBeforeTheDeadlineDisarmsTheTimer) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.timeout_config = TimeoutConfig{1};
  MustCreate(req);
  Start("t0");
  EXPECT_EQ(timers_->size(), 1u);
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)));
  EXPECT_EQ(timers_->size(), 0u);
  Run(minutes(5));
  EXPECT_EQ(GetExec("j", "t0").status, S::kSucceeded);
}

TEST_F(JobRunnerTest, TimedOutExecutionIsRetriedWithinItsBudget) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.timeout_config = TimeoutConfig{1};
  req.retry_config = RetryConfig{{{FailureType::kTimedOut, 1}}};
  MustCreate(req);
  Start("t0");
  Run(minutes(1));
  JobExecution retry = GetExec("j", "t0");
  EXPECT_EQ(retry.execution_number, 2);
  EXPECT_EQ(retry.retry_attempt, 1);
  EXPECT_EQ(retry.status, S::kQueued);
  EXPECT_EQ(GetExec("j", "t0", 1).status, S::kTimedOut);
  ExpectCounts("j", {{S::kTimedOut, 1}, {S::kQueued, 1}});
  Start("t0");
  Run(minutes(1));
  EXPECT_EQ(GetExec("j", "t0", 2).status, S::kTimedOut);
  EXPECT_EQ(AllExecs("j").size(), 2u);  // budget spent
  ExpectCounts("j", {{S::kTimedOut, 2}});
  Job job = GetJob("j");
  EXPECT_EQ(job.status, JobStatus::kCompleted);
  EXPECT_EQ(job.thing_details[S::kTimedOut], 1);  // one thing, counted once
}

TEST_F(JobRunnerTest, FailedRetriesStopWhenTheBudgetIsSpent) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.retry_config = RetryConfig{{{FailureType::kFailed, 2}}};
  MustCreate(req);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    Start("t0");
    auto fail = Update("t0", "j", S::kFailed);
    ASSERT_OK(devices_->UpdateJobExecution(fail));
  }
  std::vector<JobExecution> all = AllExecs("j");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].retry_attempt, 2);
  ExpectCounts("j", {{S::kFailed, 3}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kCompleted);
}

TEST_F(JobRunnerTest, RejectedAndCanceledJobsAreNotRetried) {
  AddThings("t", 2);
  auto req = JobRequest("j", {ThingArn("t0"), ThingArn("t1")});
  req.retry_config = RetryConfig{{{FailureType::kAll, 5}}};
  MustCreate(req);
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kRejected)));
  Start("t1");
  CancelJobRequest cancel;
  cancel.job_id = "j";
  ASSERT_OK(jobs_->CancelJob(cancel));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t1", "j", S::kFailed)));
  EXPECT_EQ(AllExecs("j").size(), 2u);
  ExpectCounts("j", {{S::kRejected, 1}, {S::kFailed, 1}});
}

TEST_F(JobRunnerTest, AbortCancelsQueuedExecutionsAndKeepsRunningOnes) {
  AddThings("t", 10);
  std::vector<std::string> targets;
  for (int i = 0; i < 10; ++i) targets.push_back(ThingArn("t" + std::to_string(i)));
  auto req = JobRequest("j", targets);
  req.abort_config = AbortConfig{{{FailureType::kFailed, AbortAction::kCancel, 50, 4}}};
  MustCreate(req);
  Start("t9");
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t1", "j", S::kFailed)));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t2", "j", S::kFailed)));
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);  // 3 executed < 4
  // 2 of 4 executed failed: 50% reaches the (inclusive) threshold in this very update.
  ASSERT_OK(devices_->UpdateJobExecution(Update("t3", "j", S::kSucceeded)));
  Job job = GetJob("j");
  ASSERT_EQ(job.status, JobStatus::kCanceled);
  EXPECT_EQ(job.reason_code, "ABORT_CRITERIA_MET");
  EXPECT_EQ(
      job.comment,
      "Canceled by abortConfig: 2 of 4 executed things (50%) ended FAILED; threshold 50% after at least 4");
  EXPECT_FALSE(job.force_canceled);
  EXPECT_EQ(job.completed_at, Now());
  ExpectCounts("j", {{S::kSucceeded, 2}, {S::kFailed, 2}, {S::kCanceled, 5}, {S::kInProgress, 1}});
  // The running device may still finish; nothing new starts.
  ASSERT_OK(devices_->UpdateJobExecution(Update("t9", "j", S::kSucceeded)));
  EXPECT_EQ(GetJob("j").status, JobStatus::kCanceled);
  auto next = devices_->StartNextPendingJobExecution(StartNextRequest{"t4", std::nullopt, std::nullopt});
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
}

TEST_F(JobRunnerTest, AbortCountsThingsNotRetries) {
  AddThings("t", 4);
  auto req = JobRequest("j", {ThingArn("t0"), ThingArn("t1"), ThingArn("t2"), ThingArn("t3")});
  req.retry_config = RetryConfig{{{FailureType::kFailed, 1}}};
  req.abort_config = AbortConfig{{{FailureType::kFailed, AbortAction::kCancel, 50, 2}}};
  MustCreate(req);
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)));
  // t1 fails, but its retry is queued: t1 is not a failed thing yet.
  ASSERT_OK(devices_->UpdateJobExecution(Update("t1", "j", S::kFailed)));
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);
  ExpectCounts("j", {{S::kSucceeded, 1}, {S::kFailed, 1}, {S::kQueued, 3}});
  // Its retry fails too: 1 of 2 executed things failed = 50%.
  auto again = Update("t1", "j", S::kFailed);
  ASSERT_OK(devices_->UpdateJobExecution(again));
  EXPECT_EQ(GetJob("j").status, JobStatus::kCanceled);
}

}  // namespace
}  // namespace fleetjobs::testing
