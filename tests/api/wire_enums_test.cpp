#include "api/wire_enums.h"

#include <gtest/gtest.h>

namespace fleetjobs::api {
namespace {

TEST(WireEnumsTest, JobStatusRoundTrips) {
  for (JobStatus s : {JobStatus::kInProgress, JobStatus::kCanceled, JobStatus::kCompleted,
                      JobStatus::kDeletionInProgress, JobStatus::kScheduled}) {
    EXPECT_EQ(*ParseJobStatus(JobStatusName(s), "status"), s);
  }
  EXPECT_EQ(JobStatusName(JobStatus::kDeletionInProgress), "DELETION_IN_PROGRESS");
}

TEST(WireEnumsTest, ExecutionStatusRoundTrips) {
  const char* names[] = {"QUEUED",    "IN_PROGRESS", "SUCCEEDED", "FAILED",
                         "TIMED_OUT", "REJECTED",    "REMOVED",   "CANCELED"};
  for (int i = 0; i < kExecutionStatusCount; ++i) {
    auto s = static_cast<ExecutionStatus>(i);
    EXPECT_EQ(ExecutionStatusName(s), names[i]);
    EXPECT_EQ(*ParseExecutionStatus(names[i], "status"), s);
  }
}

TEST(WireEnumsTest, TargetSelection) {
  EXPECT_EQ(TargetSelectionName(TargetSelection::kSnapshot), "SNAPSHOT");
  EXPECT_EQ(*ParseTargetSelection("CONTINUOUS", "targetSelection"), TargetSelection::kContinuous);
}

TEST(WireEnumsTest, UnknownSpellingsAreInvalidRequest) {
  for (std::string_view bad : {"SUCCESS", "FAILURE", "queued", ""}) {
    auto r = ParseExecutionStatus(bad, "status");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(r.error().message.rfind("status must be one of QUEUED, IN_PROGRESS", 0), 0u)
        << r.error().message;
  }
  EXPECT_FALSE(ParseTargetSelection("snapshot", "targetSelection").ok());
  EXPECT_FALSE(ParseJobStatus("SUCCEEDED", "status").ok());
}

}  // namespace
}  // namespace fleetjobs::api
