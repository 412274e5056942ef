#include "engine/execution_timers.h"

#include <gtest/gtest.h>

namespace fleetjobs {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kNow = FromEpochMillis(1'700'000'000'000);

TEST(ExecutionTimersTest, InProgressTimerFromJobTimeout) {
  Job job;
  JobExecution e;
  e.status = ExecutionStatus::kInProgress;
  StartInProgressTimer(job, kNow, e);
  EXPECT_FALSE(e.in_progress_deadline);
  EXPECT_FALSE(ApproximateSecondsBeforeTimedOut(e, kNow));
  job.timeout_config = TimeoutConfig{10};
  StartInProgressTimer(job, kNow, e);
  ASSERT_TRUE(e.in_progress_deadline);
  EXPECT_EQ(*e.in_progress_deadline, kNow + minutes(10));
  EXPECT_EQ(ApproximateSecondsBeforeTimedOut(e, kNow), 600);
  EXPECT_EQ(ApproximateSecondsBeforeTimedOut(e, kNow + seconds(90)), 510);
  EXPECT_EQ(ApproximateSecondsBeforeTimedOut(e, kNow + minutes(11)), 0);
}

TEST(ExecutionTimersTest, StepTimerIsBoundedAndClearable) {
  Job job;
  job.timeout_config = TimeoutConfig{10};
  JobExecution e;
  e.status = ExecutionStatus::kInProgress;
  StartInProgressTimer(job, kNow, e);
  ApplyStepTimeout(3, kNow, e);
  EXPECT_EQ(*e.step_deadline, kNow + minutes(3));
  EXPECT_EQ(ApproximateSecondsBeforeTimedOut(e, kNow), 180);
  ApplyStepTimeout(30, kNow + minutes(2), e);  // would end after the in-progress deadline
  EXPECT_EQ(*e.step_deadline, kNow + minutes(10));
  ApplyStepTimeout(-1, kNow, e);
  EXPECT_FALSE(e.step_deadline);
  EXPECT_EQ(ApproximateSecondsBeforeTimedOut(e, kNow), 600);

  JobExecution no_timeout;
  no_timeout.status = ExecutionStatus::kInProgress;
  ApplyStepTimeout(5, kNow, no_timeout);
  EXPECT_EQ(ApproximateSecondsBeforeTimedOut(no_timeout, kNow), 300);
}

TEST(ExecutionTimersTest, TerminalHasNoTimer) {
  JobExecution e;
  e.status = ExecutionStatus::kSucceeded;
  e.in_progress_deadline = kNow + minutes(5);
  EXPECT_FALSE(ApproximateSecondsBeforeTimedOut(e, kNow));
  ExecutionView v = MakeExecutionView(e, kNow, std::string("{}"));
  EXPECT_FALSE(v.approximate_seconds_before_timed_out);
  EXPECT_EQ(v.job_document, "{}");
  ClearTimers(e);
  EXPECT_FALSE(e.in_progress_deadline);
}

}  // namespace
}  // namespace fleetjobs
