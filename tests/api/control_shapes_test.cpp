#include "api/control_shapes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/json_writer.h"

namespace fleetjobs::api::control {
namespace {
namespace json = boost::json;

const Timestamp kT0 = FromEpochMillis(1700000000123);
const Timestamp kT1 = FromEpochMillis(1700000060000);
const ArnFormat kArns("us-east-1", "123456789012");

Job MinimalJob() {
  Job job;
  job.job_id = "j1";
  job.job_arn = kArns.Job("j1");
  job.targets = {kArns.Thing("t1")};
  job.created_at = kT0;
  job.last_updated_at = kT1;
  return job;
}

TEST(ControlShapesTest, MinimalJobOmitsUnsetMembers) {
  json::object o = EncodeJob(MinimalJob());
  EXPECT_EQ(o.at("jobId"), "j1");
  EXPECT_EQ(o.at("jobArn"), "arn:aws:iot:us-east-1:123456789012:job/j1");
  EXPECT_EQ(o.at("status"), "IN_PROGRESS");
  EXPECT_EQ(o.at("targetSelection"), "SNAPSHOT");
  EXPECT_EQ(o.at("forceCanceled"), false);
  EXPECT_EQ(o.at("isConcurrent"), false);
  EXPECT_EQ(o.at("targets").as_array().size(), 1u);
  for (const char* absent :
       {"reasonCode", "comment", "description", "presignedUrlConfig", "jobExecutionsRolloutConfig",
        "abortConfig", "completedAt", "timeoutConfig", "namespaceId", "jobTemplateArn",
        "jobExecutionsRetryConfig", "documentParameters", "schedulingConfig", "destinationPackageVersions",
        "document", "documentSource"}) {
    EXPECT_FALSE(o.contains(absent)) << absent;
  }
  const json::object& details = o.at("jobProcessDetails").as_object();
  EXPECT_FALSE(details.contains("processingTargets"));
  EXPECT_EQ(details.at("numberOfQueuedThings"), 0);
  EXPECT_EQ(details.size(), 8u);
}

TEST(ControlShapesTest, TimestampsAreEpochSecondNumbers) {
  std::string text = WriteJson(EncodeJob(MinimalJob()));
  EXPECT_NE(text.find("\"createdAt\":1700000000.123"), std::string::npos) << text;
  EXPECT_NE(text.find("\"lastUpdatedAt\":1700000060.0"), std::string::npos) << text;
}

TEST(ControlShapesTest, FullJob) {
  Job job = MinimalJob();
  job.status = JobStatus::kCanceled;
  job.target_selection = TargetSelection::kContinuous;
  job.force_canceled = true;
  job.reason_code = "R1";
  job.comment = "c";
  job.description = "d";
  job.presigned_url_config = PresignedUrlConfig{"arn:aws:iam::1:role/r", 3600};
  job.rollout_config = RolloutConfig{10, std::nullopt};
  job.abort_config = AbortConfig{{AbortCriterion{FailureType::kFailed, AbortAction::kCancel, 50.0, 3}}};
  job.timeout_config = TimeoutConfig{5};
  job.retry_config = RetryConfig{{RetryCriterion{FailureType::kAll, 2}}};
  job.scheduling_config = SchedulingConfig{"2030-01-01T00:00", std::nullopt, std::nullopt, std::nullopt};
  job.namespace_id = "ns";
  job.job_template_arn = kArns.JobTemplate("tmpl");
  job.document_parameters = {{"p", "v"}};
  job.destination_package_versions = {"arn:aws:iot:us-east-1:1:package/p/version/1"};
  job.completed_at = kT1;
  job.process_details[ExecutionStatus::kSucceeded] = 4;
  job.process_details[ExecutionStatus::kTimedOut] = 1;
  job.processing_targets = {kArns.ThingGroup("g")};
  job.is_concurrent = true;
  job.document = "{\"x\":1}";
  json::object o = EncodeJob(job);
  EXPECT_EQ(o.at("status"), "CANCELED");
  EXPECT_EQ(o.at("targetSelection"), "CONTINUOUS");
  EXPECT_EQ(o.at("forceCanceled"), true);
  EXPECT_EQ(o.at("reasonCode"), "R1");
  EXPECT_EQ(o.at("presignedUrlConfig").at("expiresInSec"), 3600);
  EXPECT_EQ(o.at("jobExecutionsRolloutConfig").at("maximumPerMinute"), 10);
  EXPECT_EQ(o.at("abortConfig").at("criteriaList").at(0).at("failureType"), "FAILED");
  EXPECT_EQ(o.at("timeoutConfig").at("inProgressTimeoutInMinutes"), 5);
  EXPECT_EQ(o.at("jobExecutionsRetryConfig").at("criteriaList").at(0).at("numberOfRetries"), 2);
  EXPECT_EQ(o.at("schedulingConfig").at("startTime"), "2030-01-01T00:00");
  EXPECT_EQ(o.at("namespaceId"), "ns");
  EXPECT_EQ(o.at("jobTemplateArn"), json::value(kArns.JobTemplate("tmpl")));
  EXPECT_EQ(o.at("documentParameters").at("p"), "v");
  EXPECT_EQ(o.at("destinationPackageVersions").as_array().size(), 1u);
  EXPECT_TRUE(o.at("completedAt").is_double());
  EXPECT_EQ(o.at("jobProcessDetails").at("numberOfSucceededThings"), 4);
  EXPECT_EQ(o.at("jobProcessDetails").at("numberOfTimedOutThings"), 1);
  EXPECT_EQ(o.at("jobProcessDetails").at("processingTargets").at(0), json::value(kArns.ThingGroup("g")));
  EXPECT_EQ(o.at("isConcurrent"), true);
  EXPECT_FALSE(o.contains("document"));  // never in Job
}

TEST(ControlShapesTest, JobSummary) {
  Job job = MinimalJob();
  job.completed_at = kT1;
  json::object o = EncodeJobSummary(job);
  EXPECT_EQ(o.size(), 8u);
  EXPECT_EQ(o.at("jobId"), "j1");
  EXPECT_TRUE(o.at("createdAt").is_double());
  EXPECT_TRUE(o.contains("completedAt"));
  EXPECT_FALSE(o.contains("targets"));
  EXPECT_FALSE(o.contains("thingGroupId"));
}

JobExecution MakeExecution() {
  JobExecution e;
  e.job_id = "j1";
  e.thing_name = "t1";
  e.execution_number = 2;
  e.status = ExecutionStatus::kInProgress;
  e.queued_at = kT0;
  e.started_at = kT1;
  e.last_updated_at = kT1;
  e.version_number = 3;
  e.retry_attempt = 1;
  return e;
}

TEST(ControlShapesTest, JobExecutionControlForm) {
  ExecutionView view{MakeExecution(), 42, "{\"doc\":1}"};
  view.execution.status_details = {{"k", "v"}};
  json::object o = EncodeJobExecution(view, kArns);
  EXPECT_EQ(o.at("thingArn"), "arn:aws:iot:us-east-1:123456789012:thing/t1");
  EXPECT_FALSE(o.contains("thingName"));
  EXPECT_EQ(o.at("statusDetails").at("detailsMap").at("k"), "v");
  EXPECT_EQ(o.at("status"), "IN_PROGRESS");
  EXPECT_EQ(o.at("forceCanceled"), false);
  EXPECT_EQ(o.at("executionNumber"), 2);
  EXPECT_EQ(o.at("versionNumber"), 3);
  EXPECT_EQ(o.at("approximateSecondsBeforeTimedOut"), 42);
  EXPECT_FALSE(o.contains("jobDocument"));
  std::string text = WriteJson(o);
  EXPECT_NE(text.find("\"queuedAt\":1700000000.123"), std::string::npos) << text;
  EXPECT_NE(text.find("\"startedAt\":1700000060.0"), std::string::npos) << text;
}

TEST(ControlShapesTest, JobExecutionOmitsTimerAndStartWhenAbsent) {
  ExecutionView view{MakeExecution(), std::nullopt, std::nullopt};
  view.execution.started_at.reset();
  json::object o = EncodeJobExecution(view, kArns);
  EXPECT_FALSE(o.contains("approximateSecondsBeforeTimedOut"));
  EXPECT_FALSE(o.contains("startedAt"));
  EXPECT_TRUE(o.at("statusDetails").as_object().empty());  // {} without detailsMap
}

TEST(ControlShapesTest, ExecutionSummaries) {
  JobExecution e = MakeExecution();
  json::object s = EncodeJobExecutionSummary(e);
  EXPECT_EQ(s.at("status"), "IN_PROGRESS");
  EXPECT_EQ(s.at("retryAttempt"), 1);
  EXPECT_EQ(s.at("executionNumber"), 2);
  EXPECT_FALSE(s.contains("versionNumber"));
  json::object for_job = EncodeExecutionSummaryForJob(e, kArns);
  EXPECT_EQ(for_job.at("thingArn"), json::value(kArns.Thing("t1")));
  EXPECT_TRUE(for_job.at("jobExecutionSummary").is_object());
  json::object for_thing = EncodeExecutionSummaryForThing(e);
  EXPECT_EQ(for_thing.at("jobId"), "j1");
  EXPECT_TRUE(for_thing.at("jobExecutionSummary").is_object());
}

TEST(ControlShapesTest, JobTemplate) {
  JobTemplate t;
  t.template_id = "tmpl";
  t.template_arn = kArns.JobTemplate("tmpl");
  t.description = "desc";
  t.document = "{}";
  t.created_at = kT0;
  t.timeout_config = TimeoutConfig{10};
  t.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 0 * * ? *)", 60}};
  json::object o = EncodeJobTemplate(t);
  EXPECT_EQ(o.at("jobTemplateId"), "tmpl");
  EXPECT_EQ(o.at("document"), "{}");
  EXPECT_FALSE(o.contains("documentSource"));
  EXPECT_EQ(o.at("timeoutConfig").at("inProgressTimeoutInMinutes"), 10);
  EXPECT_EQ(o.at("maintenanceWindows").at(0).at("durationInMinutes"), 60);
  EXPECT_FALSE(o.contains("destinationPackageVersions"));
  json::object s = EncodeJobTemplateSummary(t);
  EXPECT_EQ(s.size(), 4u);
  EXPECT_TRUE(s.at("createdAt").is_double());
}

TEST(ControlShapesTest, Things) {
  Thing t;
  t.thing_name = "t1";
  t.thing_id = "id-1";
  t.thing_arn = kArns.Thing("t1");
  t.attributes = {{"a", "1"}};
  t.version = 2;
  json::object d = EncodeThingDescription(t);
  EXPECT_EQ(d.at("defaultClientId"), "t1");
  EXPECT_EQ(d.at("thingId"), "id-1");
  EXPECT_EQ(d.at("attributes").at("a"), "1");
  EXPECT_EQ(d.at("version"), 2);
  EXPECT_FALSE(d.contains("thingTypeName"));
  EXPECT_FALSE(d.contains("billingGroupName"));
  t.thing_type_name = "type";
  json::object a = EncodeThingAttribute(t);
  EXPECT_EQ(a.at("thingTypeName"), "type");
  EXPECT_FALSE(a.contains("thingId"));
  EXPECT_TRUE(EncodeThingDescription(Thing{}).at("attributes").as_object().empty());
}

TEST(ControlShapesTest, ThingGroups) {
  ThingGroup root;
  root.group_name = "root";
  root.group_arn = kArns.ThingGroup("root");
  ThingGroupDescription d;
  d.group.group_name = "child";
  d.group.group_id = "gid";
  d.group.group_arn = kArns.ThingGroup("child");
  d.group.parent_group_name = "root";
  d.group.description = "desc";
  d.group.attributes = {{"x", "y"}};
  d.group.created_at = kT0;
  d.root_to_parent = {root};
  json::object o = EncodeThingGroupDescription(d);
  EXPECT_EQ(o.at("thingGroupName"), "child");
  EXPECT_EQ(o.at("thingGroupId"), "gid");
  EXPECT_EQ(o.at("version"), 1);
  EXPECT_EQ(o.at("thingGroupProperties").at("thingGroupDescription"), "desc");
  EXPECT_EQ(o.at("thingGroupProperties").at("attributePayload").at("attributes").at("x"), "y");
  EXPECT_EQ(o.at("thingGroupMetadata").at("parentGroupName"), "root");
  EXPECT_EQ(o.at("thingGroupMetadata").at("rootToParentThingGroups").at(0).at("groupName"), "root");
  EXPECT_TRUE(o.at("thingGroupMetadata").at("creationDate").is_double());

  ThingGroupDescription plain;
  plain.group.group_name = "g";
  json::object p = EncodeThingGroupDescription(plain);
  EXPECT_TRUE(p.at("thingGroupProperties").as_object().empty());
  EXPECT_FALSE(p.at("thingGroupMetadata").as_object().contains("parentGroupName"));
  EXPECT_FALSE(p.at("thingGroupMetadata").as_object().contains("rootToParentThingGroups"));
  json::object na = EncodeGroupNameAndArn(root);
  EXPECT_EQ(na.size(), 2u);
  EXPECT_EQ(na.at("groupArn"), json::value(kArns.ThingGroup("root")));
}

}  // namespace
}  // namespace fleetjobs::api::control
