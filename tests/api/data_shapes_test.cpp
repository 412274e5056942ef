#include "api/data_shapes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/json_writer.h"

namespace fleetjobs::api::data {
namespace {
namespace json = boost::json;

JobExecution MakeExecution() {
  JobExecution e;
  e.job_id = "j1";
  e.thing_name = "t1";
  e.execution_number = 1;
  e.status = ExecutionStatus::kQueued;
  e.queued_at = FromEpochMillis(1700000000999);
  e.last_updated_at = FromEpochMillis(1700000001000);
  e.version_number = 1;
  return e;
}

TEST(DataShapesTest, JobExecutionDataForm) {
  ExecutionView view{MakeExecution(), std::nullopt, std::string("{\"op\":\"reboot\"}")};
  view.execution.status_details = {{"step", "1"}};
  json::object o = EncodeJobExecution(view);
  EXPECT_EQ(o.at("thingName"), "t1");
  EXPECT_FALSE(o.contains("thingArn"));
  EXPECT_FALSE(o.contains("forceCanceled"));
  EXPECT_EQ(o.at("statusDetails").at("step"), "1");  // flat map
  EXPECT_EQ(o.at("status"), "QUEUED");
  EXPECT_TRUE(o.at("queuedAt").is_int64());
  EXPECT_EQ(o.at("queuedAt"), 1700000000);  // seconds, truncated
  EXPECT_EQ(o.at("lastUpdatedAt"), 1700000001);
  EXPECT_FALSE(o.contains("startedAt"));
  EXPECT_FALSE(o.contains("approximateSecondsBeforeTimedOut"));
  EXPECT_TRUE(o.at("jobDocument").is_string());
  EXPECT_EQ(o.at("jobDocument"), "{\"op\":\"reboot\"}");
  std::string text = WriteJson(o);
  EXPECT_NE(text.find("\"queuedAt\":1700000000,"), std::string::npos) << text;
}

TEST(DataShapesTest, JobExecutionWithoutDocumentAndWithTimer) {
  ExecutionView view{MakeExecution(), 30, std::nullopt};
  view.execution.started_at = FromEpochMillis(1700000005000);
  json::object o = EncodeJobExecution(view);
  EXPECT_FALSE(o.contains("jobDocument"));
  EXPECT_EQ(o.at("approximateSecondsBeforeTimedOut"), 30);
  EXPECT_EQ(o.at("startedAt"), 1700000005);
  EXPECT_TRUE(o.at("statusDetails").as_object().empty());
}

TEST(DataShapesTest, SummaryHasNoStatus) {
  json::object s = EncodeJobExecutionSummary(MakeExecution());
  EXPECT_EQ(s.at("jobId"), "j1");
  EXPECT_FALSE(s.contains("status"));
  EXPECT_FALSE(s.contains("retryAttempt"));
  EXPECT_EQ(s.at("versionNumber"), 1);
  EXPECT_EQ(s.at("executionNumber"), 1);
  EXPECT_TRUE(s.at("queuedAt").is_int64());
}

TEST(DataShapesTest, ExecutionState) {
  JobExecution e = MakeExecution();
  e.status = ExecutionStatus::kSucceeded;
  e.version_number = 4;
  json::object s = EncodeJobExecutionState(e);
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.at("status"), "SUCCEEDED");
  EXPECT_EQ(s.at("versionNumber"), 4);
}

}  // namespace
}  // namespace fleetjobs::api::data
