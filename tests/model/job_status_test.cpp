#include "model/job_status.h"

#include <gtest/gtest.h>

namespace fleetjobs {
namespace {

TEST(JobStatusTest, TransitionTable) {
  EXPECT_TRUE(JobTransitionAllowed(JobStatus::kScheduled, JobStatus::kInProgress, JobTrigger::kStart));
  EXPECT_TRUE(JobTransitionAllowed(JobStatus::kInProgress, JobStatus::kCompleted, JobTrigger::kComplete));
  EXPECT_TRUE(JobTransitionAllowed(JobStatus::kInProgress, JobStatus::kCanceled, JobTrigger::kCancel));
  EXPECT_FALSE(JobTransitionAllowed(JobStatus::kCompleted, JobStatus::kCanceled, JobTrigger::kCancel));
  EXPECT_FALSE(JobTransitionAllowed(JobStatus::kCanceled, JobStatus::kCanceled, JobTrigger::kCancel));
  EXPECT_FALSE(
      JobTransitionAllowed(JobStatus::kInProgress, JobStatus::kDeletionInProgress, JobTrigger::kDelete));
  EXPECT_TRUE(
      JobTransitionAllowed(JobStatus::kInProgress, JobStatus::kDeletionInProgress, JobTrigger::kForceDelete));
  EXPECT_TRUE(
      JobTransitionAllowed(JobStatus::kCompleted, JobStatus::kDeletionInProgress, JobTrigger::kDelete));
  EXPECT_FALSE(JobTransitionAllowed(JobStatus::kDeletionInProgress, JobStatus::kDeletionInProgress,
                                    JobTrigger::kForceDelete));
  EXPECT_TRUE(IsJobFinished(JobStatus::kCompleted));
  EXPECT_TRUE(IsJobFinished(JobStatus::kCanceled));
  EXPECT_FALSE(IsJobFinished(JobStatus::kInProgress));
}

}  // namespace
}  // namespace fleetjobs
