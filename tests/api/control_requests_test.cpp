#include "api/control_requests.h"

#include <gtest/gtest.h>

#include "api/pagination.h"
#include "api_call_builder.h"

namespace fleetjobs::api {
namespace {
using testing::MakeCall;

// The body Debian boto3 sends for create_job (sigv4-capture.jsonl).
constexpr std::string_view kCreateJobBody =
    R"({"targets": ["arn:aws:iot:us-east-1:123456789012:thing/t1"], "document": "{\"op\": \"reboot\"}",
        "description": "d1", "targetSelection": "SNAPSHOT",
        "jobExecutionsRolloutConfig": {"maximumPerMinute": 10, "exponentialRate": {"baseRatePerMinute": 2,
          "incrementFactor": 1.5, "rateIncreaseCriteria": {"numberOfNotifiedThings": 5}}},
        "abortConfig": {"criteriaList": [{"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 50.0,
          "minNumberOfExecutedThings": 3}]},
        "timeoutConfig": {"inProgressTimeoutInMinutes": 10}, "tags": [{"Key": "k", "Value": "v"}],
        "jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "FAILED", "numberOfRetries": 2}]},
        "documentParameters": {"p": "v"}, "unknownMember": 1})";

TEST(ControlRequestsTest, CreateJobFull) {
  auto req = DecodeCreateJob(MakeCall({{"jobId", "j1"}}, "", kCreateJobBody));
  ASSERT_TRUE(req.ok()) << req.error().message;
  EXPECT_EQ(req->job_id, "j1");
  EXPECT_EQ(req->targets.size(), 1u);
  EXPECT_EQ(req->document, "{\"op\": \"reboot\"}");
  EXPECT_EQ(req->description, "d1");
  EXPECT_EQ(req->target_selection, TargetSelection::kSnapshot);
  ASSERT_TRUE(req->rollout_config);
  EXPECT_EQ(req->rollout_config->maximum_per_minute, 10);
  ASSERT_TRUE(req->abort_config);
  EXPECT_EQ(req->abort_config->criteria_list.at(0).min_number_of_executed_things, 3);
  EXPECT_EQ(req->timeout_config->in_progress_timeout_in_minutes, 10);
  EXPECT_EQ(req->retry_config->criteria_list.at(0).number_of_retries, 2);
  EXPECT_EQ(req->tags.at("k"), "v");
  EXPECT_EQ(req->document_parameters->at("p"), "v");
  EXPECT_FALSE(req->scheduling_config);
  EXPECT_FALSE(req->job_template_arn);
}

TEST(ControlRequestsTest, CreateJobErrors) {
  struct Case {
    std::string_view body;
    std::string_view message_start;
  };
  const Case cases[] = {
      {R"({})", "targets is required"},
      {R"({"targets": "arn"})", "targets must be a list"},
      {R"({"targets": [], "document": {"a": 1}})", "document must be a string"},
      {R"({"targets": [], "targetSelection": "SOMETIMES"})", "targetSelection must be one of"},
      {R"({"targets": [], "timeoutConfig": {"inProgressTimeoutInMinutes": "5"}})",
       "timeoutConfig.inProgressTimeoutInMinutes must be"},
      {R"({"targets": [], "tags": [{"Value": "x"}]})", "tags[0].Key is required"},
      {R"({"targets": [)", "Could not parse request body into json"},
  };
  for (const Case& c : cases) {
    auto req = DecodeCreateJob(MakeCall({{"jobId", "j1"}}, "", c.body));
    ASSERT_FALSE(req.ok()) << c.body;
    EXPECT_EQ(req.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(req.error().message.rfind(c.message_start, 0), 0u) << req.error().message;
  }
}

TEST(ControlRequestsTest, UpdateJob) {
  auto req =
      DecodeUpdateJob(MakeCall({{"jobId", "j1"}}, "namespaceId=ns",
                               R"({"description":"new","timeoutConfig":{"inProgressTimeoutInMinutes":3}})"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->namespace_id, "ns");
  EXPECT_EQ(req->description, "new");
  EXPECT_EQ(req->timeout_config->in_progress_timeout_in_minutes, 3);
}

TEST(ControlRequestsTest, CancelAndDeleteJob) {
  auto cancel =
      DecodeCancelJob(MakeCall({{"jobId", "j1"}}, "force=true", R"({"reasonCode":"R","comment":"c"})"));
  ASSERT_TRUE(cancel.ok());
  EXPECT_TRUE(cancel->force);
  EXPECT_EQ(cancel->reason_code, "R");
  EXPECT_EQ(cancel->comment, "c");
  auto empty = DecodeCancelJob(MakeCall({{"jobId", "j1"}}));
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->force);
  EXPECT_FALSE(DecodeCancelJob(MakeCall({{"jobId", "j1"}}, "force=maybe")).ok());

  auto del = DecodeDeleteJob(MakeCall({{"jobId", "j1"}}, "force=false&namespaceId=n"));
  ASSERT_TRUE(del.ok());
  EXPECT_FALSE(del->force);
  EXPECT_EQ(del->namespace_id, "n");
}

TEST(ControlRequestsTest, ListJobs) {
  auto req = DecodeListJobs(MakeCall({},
                                     "status=IN_PROGRESS&targetSelection=CONTINUOUS&maxResults=5&"
                                     "thingGroupName=g1&thingGroupId=id&namespaceId=n"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->filter.status, JobStatus::kInProgress);
  EXPECT_EQ(req->filter.target_selection, TargetSelection::kContinuous);
  EXPECT_EQ(req->filter.namespace_id, "n");
  EXPECT_EQ(req->thing_group_name, "g1");
  EXPECT_EQ(req->thing_group_id, "id");
  EXPECT_EQ(req->page.limit, 5);
  EXPECT_FALSE(DecodeListJobs(MakeCall({}, "status=RUNNING")).ok());
  EXPECT_FALSE(DecodeListJobs(MakeCall({}, "nextToken=garbage!")).ok());
}

TEST(ControlRequestsTest, AssociateTargets) {
  auto req =
      DecodeAssociateTargets(MakeCall({{"jobId", "j1"}}, "", R"({"targets":["a","b"],"comment":"c"})"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->targets.size(), 2u);
  EXPECT_EQ(req->comment, "c");
  EXPECT_FALSE(DecodeAssociateTargets(MakeCall({{"jobId", "j1"}}, "", "{}")).ok());
}

TEST(ControlRequestsTest, ExecutionQueries) {
  EXPECT_EQ(*DecodeExecutionNumberQuery(MakeCall({}, "executionNumber=3")), std::optional<int64_t>(3));
  EXPECT_FALSE(DecodeExecutionNumberQuery(MakeCall({}, "executionNumber=three")).ok());
  EXPECT_EQ(*DecodeBeforeSubstitution(MakeCall({}, "beforeSubstitution=true")), true);
  EXPECT_EQ(*DecodeBeforeSubstitution(MakeCall({})), false);

  auto for_job = DecodeListExecutionsForJob(MakeCall({{"jobId", "j1"}}, "status=QUEUED&maxResults=2"));
  ASSERT_TRUE(for_job.ok());
  EXPECT_EQ(for_job->status, ExecutionStatus::kQueued);
  EXPECT_EQ(for_job->page.limit, 2);
  EXPECT_FALSE(DecodeListExecutionsForJob(MakeCall({{"jobId", "j1"}}, "status=DONE")).ok());

  auto for_thing = DecodeListExecutionsForThing(
      MakeCall({{"thingName", "t1"}}, "status=SUCCEEDED&namespaceId=n&jobId=j2"));
  ASSERT_TRUE(for_thing.ok());
  EXPECT_EQ(for_thing->thing_name, "t1");
  EXPECT_EQ(for_thing->filter.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(for_thing->filter.namespace_id, "n");
  EXPECT_EQ(for_thing->filter.job_id, "j2");
  EXPECT_EQ(for_thing->page.limit, kDefaultPageSize);
}

TEST(ControlRequestsTest, CancelJobExecution) {
  auto req = DecodeCancelJobExecution(MakeCall({{"jobId", "j1"}, {"thingName", "t1"}}, "force=true",
                                               R"({"expectedVersion":2,"statusDetails":{"why":"x"}})"));
  ASSERT_TRUE(req.ok());
  EXPECT_TRUE(req->force);
  EXPECT_EQ(req->expected_version, 2);
  EXPECT_EQ(req->status_details->at("why"), "x");
  auto bad = DecodeCancelJobExecution(
      MakeCall({{"jobId", "j1"}, {"thingName", "t1"}}, "", R"({"statusDetails":{"why":1}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "statusDetails.why must be a string");
  EXPECT_EQ(DecodeCancelJobExecution(
                MakeCall({{"jobId", "j1"}, {"thingName", "t1"}}, "", R"({"expectedVersion":"2"})"))
                .error()
                .message,
            "expectedVersion must be an integer");
}

TEST(ControlRequestsTest, DeleteJobExecution) {
  auto req = DecodeDeleteJobExecution(
      MakeCall({{"jobId", "j1"}, {"thingName", "t1"}, {"executionNumber", "7"}}, "force=true&namespaceId=n"));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->execution_number, 7);
  EXPECT_TRUE(req->force);
  EXPECT_EQ(req->namespace_id, "n");
  for (std::string_view bad : {"x", "1.5", "9999999999999999999999"}) {
    auto r = DecodeDeleteJobExecution(
        MakeCall({{"jobId", "j1"}, {"thingName", "t1"}, {"executionNumber", std::string(bad)}}));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().message, "executionNumber must be an integer");
  }
}

TEST(ControlRequestsTest, CreateJobTemplate) {
  auto req = DecodeCreateJobTemplate(MakeCall(
      {{"jobTemplateId", "tmpl1"}}, "",
      R"j({"description":"d","document":"{}","maintenanceWindows":[{"startTime":"cron(0 0 * * ? *)","durationInMinutes":30}],
          "tags":[{"Key":"a","Value":"b"}],"destinationPackageVersions":["arn:aws:iot:x"]})j"));
  ASSERT_TRUE(req.ok()) << req.error().message;
  EXPECT_EQ(req->template_id, "tmpl1");
  EXPECT_EQ(req->description, "d");
  EXPECT_EQ(req->document, "{}");
  EXPECT_EQ(req->maintenance_windows->at(0).duration_in_minutes, 30);
  EXPECT_EQ(req->tags.at("a"), "b");
  EXPECT_EQ(req->destination_package_versions->size(), 1u);
  auto missing = DecodeCreateJobTemplate(MakeCall({{"jobTemplateId", "t"}}, "", R"({"document":"{}"})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "description is required");
}

}  // namespace
}  // namespace fleetjobs::api
