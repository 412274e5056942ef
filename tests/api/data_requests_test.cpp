#include "api/data_requests.h"

#include <gtest/gtest.h>

#include "api_call_builder.h"

namespace fleetjobs::api {
namespace {
using testing::MakeCall;

TEST(DataRequestsTest, DescribeDefaultsToIncludingTheDocument) {
  auto req = DecodeDescribeDeviceExecution(
      MakeCall({{"thingName", "t1"}, {"jobId", "$next"}}, "", "", Plane::kData));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->job_id, "$next");
  EXPECT_TRUE(req->include_job_document);
  EXPECT_FALSE(req->execution_number);
  auto off = DecodeDescribeDeviceExecution(
      MakeCall({{"thingName", "t1"}, {"jobId", "j1"}}, "includeJobDocument=false&executionNumber=2"));
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->include_job_document);
  EXPECT_EQ(off->execution_number, 2);
  EXPECT_FALSE(
      DecodeDescribeDeviceExecution(MakeCall({{"thingName", "t1"}, {"jobId", "j1"}}, "includeJobDocument=1"))
          .ok());
}

TEST(DataRequestsTest, StartNext) {
  auto req = DecodeStartNext(
      MakeCall({{"thingName", "t1"}}, "", R"({"statusDetails": {"a": "b"}, "stepTimeoutInMinutes": 5})"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->thing_name, "t1");
  EXPECT_EQ(req->status_details->at("a"), "b");
  EXPECT_EQ(req->step_timeout_in_minutes, 5);
  auto empty = DecodeStartNext(MakeCall({{"thingName", "t1"}}, "", ""));
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->status_details);
  EXPECT_FALSE(empty->step_timeout_in_minutes);
}

TEST(DataRequestsTest, UpdateJobExecution) {
  auto req = DecodeUpdateJobExecution(
      MakeCall({{"thingName", "t1"}, {"jobId", "j1"}}, "",
               R"({"status": "SUCCEEDED", "statusDetails": {"k": "v"}, "stepTimeoutInMinutes": -1,
                   "expectedVersion": 2, "includeJobExecutionState": true, "includeJobDocument": true,
                   "executionNumber": 1, "clientToken": "ignored"})"));
  ASSERT_TRUE(req.ok()) << req.error().message;
  EXPECT_EQ(req->status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(req->status_details->at("k"), "v");
  EXPECT_EQ(req->step_timeout_in_minutes, -1);
  EXPECT_EQ(req->expected_version, 2);
  EXPECT_EQ(req->execution_number, 1);
  EXPECT_TRUE(req->include_job_execution_state);
  EXPECT_TRUE(req->include_job_document);

  auto defaults = DecodeUpdateJobExecution(
      MakeCall({{"thingName", "t1"}, {"jobId", "j1"}}, "", R"({"status": "IN_PROGRESS"})"));
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->include_job_execution_state);
  EXPECT_FALSE(defaults->include_job_document);

  EXPECT_EQ(
      DecodeUpdateJobExecution(MakeCall({{"thingName", "t1"}, {"jobId", "j1"}}, "", "{}")).error().message,
      "status is required");
  auto bad = DecodeUpdateJobExecution(
      MakeCall({{"thingName", "t1"}, {"jobId", "j1"}}, "", R"({"status": "SUCCESS"})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidRequest);
  auto bad_type = DecodeUpdateJobExecution(MakeCall({{"thingName", "t1"}, {"jobId", "j1"}}, "",
                                                    R"({"status": "FAILED", "includeJobDocument": "yes"})"));
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.error().message, "includeJobDocument must be a boolean");
}

}  // namespace
}  // namespace fleetjobs::api
