#include "engine/job_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "engine/schedule_time.h"
#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using S = ExecutionStatus;

class JobServiceTest : public EngineFixture {};

std::set<std::string> ThingNames(const std::vector<JobExecution>& execs) {
  std::set<std::string> out;
  for (const auto& e : execs) out.insert(e.thing_name);
  return out;
}

TEST_F(JobServiceTest, CreateExpandsTargetsAllAtOnce) {
  AddThings("t", 5);
  AddGroup("g");
  AddGroup("g-child", "g");
  AddGroup("g-grandchild", "g-child");
  Join("g", "t2");
  Join("g", "t0");  // also a direct target: one execution only
  Join("g-child", "t3");
  Join("g-grandchild", "t4");
  Join("g-grandchild", "t3");  // reachable twice

  Job job = MustCreate(JobRequest("job1", {ThingArn("t0"), ThingArn("t1"), GroupArn("g"), ThingArn("t1")}));
  EXPECT_EQ(job.job_arn, JobArn("job1"));
  EXPECT_EQ(job.status, JobStatus::kInProgress);
  EXPECT_EQ(job.target_selection, TargetSelection::kSnapshot);
  EXPECT_EQ(job.targets, (std::vector<std::string>{ThingArn("t0"), ThingArn("t1"), GroupArn("g")}));
  EXPECT_EQ(job.created_at, Now());
  EXPECT_EQ(job.last_updated_at, Now());
  EXPECT_FALSE(job.completed_at);
  EXPECT_TRUE(job.processing_targets.empty());
  EXPECT_FALSE(job.is_concurrent);

  auto execs = AllExecs("job1");
  EXPECT_EQ(ThingNames(execs), (std::set<std::string>{"t0", "t1", "t2", "t3", "t4"}));
  for (const auto& e : execs) {
    EXPECT_EQ(e.status, S::kQueued);
    EXPECT_EQ(e.execution_number, 1);
    EXPECT_EQ(e.version_number, 1);
    EXPECT_EQ(e.queued_at, Now());
    EXPECT_EQ(e.last_updated_at, Now());
    EXPECT_FALSE(e.started_at);
    EXPECT_FALSE(e.in_progress_deadline);
  }
  ExpectCounts("job1", {{S::kQueued, 5}});
  Job stored = GetJob("job1");
  EXPECT_EQ(stored.document, std::string(kDoc));
  EXPECT_EQ(stored.status, JobStatus::kInProgress);
}

TEST_F(JobServiceTest, CreateManyThingsInOneGroup) {
  AddGroup("fleet");
  ASSERT_OK(store_->Transact([&](StoreTxn& txn) -> Status {
    for (int i = 0; i < 2500; ++i) {
      Thing t;
      t.thing_name = "dev" + std::to_string(i);
      t.thing_id = t.thing_name;
      t.thing_arn = ThingArn(t.thing_name);
      FJ_RETURN_IF_ERROR(txn.InsertThing(t));
      FJ_RETURN_IF_ERROR(txn.AddMembership("fleet", t.thing_name));
    }
    return Status::Ok();
  }));
  MustCreate(JobRequest("big", {GroupArn("fleet")}));
  ExpectCounts("big", {{S::kQueued, 2500}});
  EXPECT_EQ(AllExecs("big").size(), 2500u);
}

TEST_F(JobServiceTest, DuplicateJobIdIsAlreadyExists) {
  AddThing("t0");
  MustCreate(JobRequest("dup", {ThingArn("t0")}));
  auto r = jobs_->CreateJob(JobRequest("dup", {ThingArn("t0")}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.error().resource_id, "dup");
  EXPECT_EQ(r.error().resource_arn, JobArn("dup"));
}

TEST_F(JobServiceTest, TargetsMustExistAndBeOurs) {
  AddThing("t0");
  auto missing = jobs_->CreateJob(JobRequest("j", {ThingArn("t0"), ThingArn("ghost")}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("ghost"), std::string::npos);
  EXPECT_NE(missing.error().message.find("does not exist"), std::string::npos);
  EXPECT_CODE(jobs_->CreateJob(JobRequest("j", {GroupArn("nogroup")})), ErrorCode::kNotFound);
  EXPECT_CODE(jobs_->CreateJob(JobRequest("j", {"arn:aws:iot:eu-west-1:123456789012:thing/t0"})),
              ErrorCode::kInvalidRequest);
  EXPECT_CODE(jobs_->CreateJob(JobRequest("j", {"arn:aws:iot:us-east-1:999999999999:thing/t0"})),
              ErrorCode::kInvalidRequest);
  EXPECT_CODE(jobs_->CreateJob(JobRequest("j", {JobArn("other")})), ErrorCode::kInvalidRequest);
  EXPECT_CODE(jobs_->CreateJob(JobRequest("j", {"t0"})), ErrorCode::kInvalidRequest);
  EXPECT_CODE(jobs_->CreateJob(JobRequest("j", {})), ErrorCode::kInvalidRequest);
  EXPECT_FALSE(JobExists("j"));
}

TEST_F(JobServiceTest, AtMostOneHundredTargets) {
  AddThings("t", 101);
  std::vector<std::string> targets;
  for (int i = 0; i < 101; ++i) targets.push_back(ThingArn("t" + std::to_string(i)));
  EXPECT_CODE(jobs_->CreateJob(JobRequest("j", targets)), ErrorCode::kLimitExceeded);
  targets.pop_back();
  targets.push_back(targets.front());  // duplicates collapse
  MustCreate(JobRequest("j", targets));
  ExpectCounts("j", {{S::kQueued, 100}});
}

TEST_F(JobServiceTest, DocumentRules) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.document.reset();
  EXPECT_CODE(jobs_->CreateJob(req), ErrorCode::kInvalidRequest);
  req.document = kDoc;
  req.document_source = "https://s3.amazonaws.com/bucket/doc.json";
  EXPECT_CODE(jobs_->CreateJob(req), ErrorCode::kInvalidRequest);
  req.document = "[1]";
  req.document_source.reset();
  EXPECT_CODE(jobs_->CreateJob(req), ErrorCode::kInvalidRequest);
  req.document.reset();
  req.document_source = "https://s3.amazonaws.com/bucket/doc.json";
  Job job = MustCreate(req);
  EXPECT_FALSE(job.document);
  EXPECT_EQ(GetJob("j").document_source, "https://s3.amazonaws.com/bucket/doc.json");
}

TEST_F(JobServiceTest, RejectsInvalidFields) {
  AddThing("t0");
  auto base = JobRequest("j", {ThingArn("t0")});
  auto bad_id = base;
  bad_id.job_id = "bad id";
  EXPECT_CODE(jobs_->CreateJob(bad_id), ErrorCode::kInvalidRequest);
  auto bad_desc = base;
  bad_desc.description = "a\nb";
  EXPECT_CODE(jobs_->CreateJob(bad_desc), ErrorCode::kInvalidRequest);
  auto bad_timeout = base;
  bad_timeout.timeout_config = TimeoutConfig{0};
  EXPECT_CODE(jobs_->CreateJob(bad_timeout), ErrorCode::kInvalidRequest);
  auto bad_retry = base;
  bad_retry.retry_config = RetryConfig{{{FailureType::kRejected, 1}}};
  EXPECT_CODE(jobs_->CreateJob(bad_retry), ErrorCode::kInvalidRequest);
  auto bad_ns = base;
  bad_ns.namespace_id = "a b";
  EXPECT_CODE(jobs_->CreateJob(bad_ns), ErrorCode::kInvalidRequest);
  auto bad_sched = base;
  bad_sched.scheduling_config = SchedulingConfig{};
  bad_sched.scheduling_config->start_time = FormatScheduleTime(Now() + minutes(10));
  EXPECT_CODE(jobs_->CreateJob(bad_sched), ErrorCode::kInvalidRequest);
  auto many_tags = base;
  for (int i = 0; i < 51; ++i) many_tags.tags["k" + std::to_string(i)] = "v";
  EXPECT_CODE(jobs_->CreateJob(many_tags), ErrorCode::kLimitExceeded);
  EXPECT_FALSE(JobExists("j"));
}

TEST_F(JobServiceTest, ConfigsAreStoredExactly) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.description = "desc";
  req.target_selection = TargetSelection::kContinuous;
  req.presigned_url_config = PresignedUrlConfig{"arn:aws:iam::123456789012:role/r", 300};
  RolloutConfig rollout;
  rollout.maximum_per_minute = 10;
  rollout.exponential_rate = ExponentialRolloutRate{5, 1.5, RateIncreaseCriteria{std::nullopt, 7}};
  req.rollout_config = rollout;
  req.abort_config = AbortConfig{{{FailureType::kAll, AbortAction::kCancel, 12.5, 3}}};
  req.timeout_config = TimeoutConfig{30};
  req.retry_config = RetryConfig{{{FailureType::kFailed, 2}, {FailureType::kTimedOut, 3}}};
  SchedulingConfig sched;
  sched.end_time = FormatScheduleTime(Now() + minutes(120));
  sched.end_behavior = EndBehavior::kForceCancel;
  // A window that opens every minute: always open, so the execution is released at once.
  sched.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(* * * * ? *)", 60}};
  req.scheduling_config = sched;
  req.namespace_id = "ns1";
  req.document_parameters = std::map<std::string, std::string>{{"p", "v"}};
  req.destination_package_versions = std::vector<std::string>{"arn:aws:iot:us-east-1:1:package/p/version/1"};
  req.tags = {{"env", "test"}};
  MustCreate(req);

  Job job = GetJob("j");
  EXPECT_EQ(job.description, "desc");
  EXPECT_EQ(job.target_selection, TargetSelection::kContinuous);
  EXPECT_EQ(job.presigned_url_config, req.presigned_url_config);
  EXPECT_EQ(job.rollout_config, req.rollout_config);
  EXPECT_EQ(job.abort_config, req.abort_config);
  EXPECT_EQ(job.timeout_config, req.timeout_config);
  EXPECT_EQ(job.retry_config, req.retry_config);
  EXPECT_EQ(job.scheduling_config, req.scheduling_config);
  EXPECT_EQ(job.status, JobStatus::kInProgress);  // endTime alone does not schedule the job
  EXPECT_EQ(job.namespace_id, "ns1");
  EXPECT_EQ(job.document_parameters, *req.document_parameters);
  EXPECT_EQ(job.destination_package_versions, *req.destination_package_versions);
  EXPECT_EQ(Tags(JobArn("j")), req.tags);
  EXPECT_EQ(GetExec("j", "t0").namespace_id, "ns1");
}

TEST_F(JobServiceTest, FutureStartTimeSchedulesWithoutExecutions) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.scheduling_config = SchedulingConfig{};
  req.scheduling_config->start_time = FormatScheduleTime(Now() + minutes(45));
  Job job = MustCreate(req);
  EXPECT_EQ(job.status, JobStatus::kScheduled);
  EXPECT_TRUE(AllExecs("j").empty());
  ExpectCounts("j", {});
  // A scheduled job can be canceled.
  auto canceled = jobs_->CancelJob(CancelJobRequest{"j", false, std::nullopt, std::nullopt});
  ASSERT_TRUE(canceled.ok()) << canceled.error().message;
  EXPECT_EQ(canceled->status, JobStatus::kCanceled);
}

TEST_F(JobServiceTest, SnapshotOnEmptyGroupCompletesAtOnce) {
  AddGroup("empty");
  Job snap = MustCreate(JobRequest("snap", {GroupArn("empty")}));
  EXPECT_EQ(snap.status, JobStatus::kCompleted);
  EXPECT_EQ(snap.completed_at, Now());
  auto cont = JobRequest("cont", {GroupArn("empty")});
  cont.target_selection = TargetSelection::kContinuous;
  EXPECT_EQ(MustCreate(cont).status, JobStatus::kInProgress);
}

TEST_F(JobServiceTest, CreateFromTemplateInheritsAndOverrides) {
  AddThing("t0");
  CreateJobTemplateRequest t;
  t.template_id = "tmpl";
  t.description = "template";
  t.document = R"({"from":"template"})";
  t.timeout_config = TimeoutConfig{15};
  t.retry_config = RetryConfig{{{FailureType::kFailed, 2}}};
  t.abort_config = AbortConfig{{{FailureType::kFailed, AbortAction::kCancel, 50, 10}}};
  t.maintenance_windows = std::vector<MaintenanceWindow>{{"cron(0 1 * * ? *)", 30}};
  ASSERT_OK(templates_->CreateJobTemplate(t));

  auto req = JobRequest("j1", {ThingArn("t0")});
  req.document.reset();
  req.job_template_arn = TemplateArn("tmpl");
  req.timeout_config = TimeoutConfig{60};  // explicit field wins
  MustCreate(req);
  Job j1 = GetJob("j1");
  EXPECT_EQ(j1.document, R"({"from":"template"})");
  EXPECT_EQ(j1.timeout_config, TimeoutConfig{60});
  EXPECT_EQ(j1.retry_config, t.retry_config);
  EXPECT_EQ(j1.abort_config, t.abort_config);
  ASSERT_TRUE(j1.scheduling_config);
  EXPECT_EQ(j1.scheduling_config->maintenance_windows, t.maintenance_windows);
  EXPECT_EQ(j1.job_template_arn, TemplateArn("tmpl"));

  // A documentSource in the request replaces the template's document.
  auto req2 = JobRequest("j2", {ThingArn("t0")});
  req2.document.reset();
  req2.document_source = "https://s3.amazonaws.com/b/k";
  req2.job_template_arn = TemplateArn("tmpl");
  MustCreate(req2);
  Job j2 = GetJob("j2");
  EXPECT_FALSE(j2.document);
  EXPECT_EQ(j2.document_source, "https://s3.amazonaws.com/b/k");

  auto unknown = JobRequest("j3", {ThingArn("t0")});
  unknown.job_template_arn = TemplateArn("nope");
  EXPECT_CODE(jobs_->CreateJob(unknown), ErrorCode::kNotFound);
  unknown.job_template_arn = "arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:1.0";
  EXPECT_CODE(jobs_->CreateJob(unknown), ErrorCode::kNotFound);
  unknown.job_template_arn = JobArn("j1");
  EXPECT_CODE(jobs_->CreateJob(unknown), ErrorCode::kInvalidRequest);
  EXPECT_FALSE(JobExists("j3"));
}

TEST_F(JobServiceTest, CancelWithoutForceCancelsQueuedOnly) {
  AddThings("t", 3);
  MustCreate(JobRequest("j", {ThingArn("t0"), ThingArn("t1"), ThingArn("t2")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kInProgress)));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t1", "j", S::kSucceeded)));
  ExpectCounts("j", {{S::kInProgress, 1}, {S::kSucceeded, 1}, {S::kQueued, 1}});

  Advance(seconds(5));
  auto r = jobs_->CancelJob(CancelJobRequest{"j", false, "MY_REASON", "operator says stop"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, JobStatus::kCanceled);
  EXPECT_FALSE(r->force_canceled);
  Job job = GetJob("j");
  EXPECT_EQ(job.status, JobStatus::kCanceled);
  EXPECT_EQ(job.reason_code, "MY_REASON");
  EXPECT_EQ(job.comment, "operator says stop");
  EXPECT_EQ(job.completed_at, Now());
  EXPECT_EQ(job.last_updated_at, Now());
  ExpectCounts("j", {{S::kInProgress, 1}, {S::kSucceeded, 1}, {S::kCanceled, 1}});
  JobExecution t2 = GetExec("j", "t2");
  EXPECT_EQ(t2.status, S::kCanceled);
  EXPECT_EQ(t2.version_number, 2);
  EXPECT_FALSE(t2.force_canceled);
  EXPECT_EQ(GetExec("j", "t0").status, S::kInProgress);

  // The in-progress device may still finish; the job stays CANCELED.
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)));
  ExpectCounts("j", {{S::kSucceeded, 2}, {S::kCanceled, 1}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kCanceled);

  // Canceling again (with or without force) is a state error.
  EXPECT_CODE(jobs_->CancelJob(CancelJobRequest{"j", false, std::nullopt, std::nullopt}),
              ErrorCode::kInvalidStateTransition);
  EXPECT_CODE(jobs_->CancelJob(CancelJobRequest{"j", true, std::nullopt, std::nullopt}),
              ErrorCode::kInvalidStateTransition);
}

TEST_F(JobServiceTest, ForceCancelAlsoCancelsInProgress) {
  AddThings("t", 2);
  MustCreate(JobRequest("j", {ThingArn("t0"), ThingArn("t1")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kInProgress)));
  auto r = jobs_->CancelJob(CancelJobRequest{"j", true, std::nullopt, std::nullopt});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->force_canceled);
  EXPECT_TRUE(GetJob("j").force_canceled);
  ExpectCounts("j", {{S::kCanceled, 2}});
  JobExecution t0 = GetExec("j", "t0");
  EXPECT_EQ(t0.status, S::kCanceled);
  EXPECT_TRUE(t0.force_canceled);
  EXPECT_EQ(t0.version_number, 3);
  EXPECT_TRUE(GetExec("j", "t1").force_canceled);
  EXPECT_CODE(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)),
              ErrorCode::kInvalidStateTransition);
}

TEST_F(JobServiceTest, CancelRules) {
  AddThing("t0");
  MustCreate(JobRequest("j", {ThingArn("t0")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)));
  EXPECT_EQ(GetJob("j").status, JobStatus::kCompleted);
  EXPECT_CODE(jobs_->CancelJob(CancelJobRequest{"j", false, std::nullopt, std::nullopt}),
              ErrorCode::kInvalidStateTransition);
  EXPECT_CODE(jobs_->CancelJob(CancelJobRequest{"nope", false, std::nullopt, std::nullopt}),
              ErrorCode::kNotFound);
  EXPECT_CODE(jobs_->CancelJob(CancelJobRequest{"j", false, "lower", std::nullopt}),
              ErrorCode::kInvalidRequest);
  EXPECT_CODE(jobs_->CancelJob(CancelJobRequest{"j", false, std::nullopt, std::string(2029, 'c')}),
              ErrorCode::kInvalidRequest);
}

TEST_F(JobServiceTest, DeleteRules) {
  AddThings("t", 2);
  auto req = JobRequest("j", {ThingArn("t0"), ThingArn("t1")});
  req.tags = {{"k", "v"}};
  MustCreate(req);
  EXPECT_CODE(jobs_->DeleteJob(DeleteJobRequest{"j", false, std::nullopt}),
              ErrorCode::kInvalidStateTransition);
  EXPECT_CODE(jobs_->DeleteJob(DeleteJobRequest{"j", true, "other-ns"}), ErrorCode::kNotFound);
  ASSERT_OK(jobs_->DeleteJob(DeleteJobRequest{"j", true, std::nullopt}));
  EXPECT_FALSE(JobExists("j"));
  EXPECT_TRUE(AllExecs("j").empty());
  EXPECT_TRUE(Tags(JobArn("j")).empty());
  EXPECT_CODE(jobs_->DeleteJob(DeleteJobRequest{"j", true, std::nullopt}), ErrorCode::kNotFound);
  EXPECT_CODE(jobs_->DescribeJob("j"), ErrorCode::kNotFound);

  // The id is free again; a finished job deletes without force.
  MustCreate(JobRequest("j", {ThingArn("t0")}));
  EXPECT_EQ(GetExec("j", "t0").version_number, 1);
  ASSERT_OK(jobs_->CancelJob(CancelJobRequest{"j", false, std::nullopt, std::nullopt}));
  ASSERT_OK(jobs_->DeleteJob(DeleteJobRequest{"j", false, std::nullopt}));
  EXPECT_FALSE(JobExists("j"));
}

TEST_F(JobServiceTest, DeleteLimitAndDeletionInProgress) {
  AddThing("t0");
  // Ten jobs stuck in DELETION_IN_PROGRESS (as a crashed multi-step delete would leave them).
  ASSERT_OK(store_->Transact([&](StoreTxn& txn) -> Status {
    for (int i = 0; i < 10; ++i) {
      Job j;
      j.job_id = "deleting" + std::to_string(i);
      j.job_arn = JobArn(j.job_id);
      j.status = JobStatus::kDeletionInProgress;
      j.targets = {ThingArn("t0")};
      j.document = kDoc;
      j.created_at = Now();
      j.last_updated_at = Now();
      FJ_RETURN_IF_ERROR(txn.InsertJob(j));
    }
    return Status::Ok();
  }));
  MustCreate(JobRequest("j", {ThingArn("t0")}));
  EXPECT_CODE(jobs_->DeleteJob(DeleteJobRequest{"j", true, std::nullopt}), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(JobExists("j"));
  EXPECT_CODE(jobs_->DeleteJob(DeleteJobRequest{"deleting0", true, std::nullopt}),
              ErrorCode::kInvalidStateTransition);
  EXPECT_CODE(jobs_->CancelJob(CancelJobRequest{"deleting0", true, std::nullopt, std::nullopt}),
              ErrorCode::kInvalidStateTransition);
}

TEST_F(JobServiceTest, DescribeJob) {
  AddThing("t0");
  MustCreate(JobRequest("j", {ThingArn("t0")}));
  auto r = jobs_->DescribeJob("j");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->job_id, "j");
  EXPECT_EQ(r->process_details[S::kQueued], 1);
  EXPECT_CODE(jobs_->DescribeJob("missing"), ErrorCode::kNotFound);
  EXPECT_CODE(jobs_->DescribeJob("bad$id"), ErrorCode::kInvalidRequest);
}

TEST_F(JobServiceTest, ListJobsFilters) {
  AddThing("t0");
  AddGroup("g");
  AddGroup("h");
  Join("g", "t0");
  MustCreate(JobRequest("a", {ThingArn("t0")}));
  Advance(seconds(1));
  MustCreate(JobRequest("b", {GroupArn("g")}));
  Advance(seconds(1));
  auto c = JobRequest("c", {GroupArn("g"), GroupArn("h")});
  c.target_selection = TargetSelection::kContinuous;
  MustCreate(c);
  ASSERT_OK(jobs_->CancelJob(CancelJobRequest{"a", false, std::nullopt, std::nullopt}));

  auto ids = [](const Page<Job>& p) {
    std::vector<std::string> out;
    for (const auto& j : p.items) out.push_back(j.job_id);
    return out;
  };
  ListJobsRequest all;
  auto r = jobs_->ListJobs(all);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(ids(*r), (std::vector<std::string>{"c", "b", "a"}));

  ListJobsRequest by_status;
  by_status.filter.status = JobStatus::kCanceled;
  EXPECT_EQ(ids(*jobs_->ListJobs(by_status)), (std::vector<std::string>{"a"}));

  ListJobsRequest by_selection;
  by_selection.filter.target_selection = TargetSelection::kContinuous;
  EXPECT_EQ(ids(*jobs_->ListJobs(by_selection)), (std::vector<std::string>{"c"}));

  ListJobsRequest by_group;
  by_group.thing_group_name = "g";
  EXPECT_EQ(ids(*jobs_->ListJobs(by_group)), (std::vector<std::string>{"c", "b"}));
  ListJobsRequest by_group_id;
  by_group_id.thing_group_id = "gid-h";
  EXPECT_EQ(ids(*jobs_->ListJobs(by_group_id)), (std::vector<std::string>{"c"}));
  by_group_id.thing_group_id = "gid-unknown";
  EXPECT_CODE(jobs_->ListJobs(by_group_id), ErrorCode::kNotFound);
  ListJobsRequest both;
  both.thing_group_name = "g";
  both.thing_group_id = "gid-h";
  EXPECT_CODE(jobs_->ListJobs(both), ErrorCode::kInvalidRequest);

  ListJobsRequest paged;
  paged.page.limit = 2;
  auto p1 = jobs_->ListJobs(paged);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(ids(*p1), (std::vector<std::string>{"c", "b"}));
  ASSERT_TRUE(p1->next);
  paged.page.after = *p1->next;
  auto p2 = jobs_->ListJobs(paged);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(ids(*p2), (std::vector<std::string>{"a"}));
  EXPECT_FALSE(p2->next);

  ListJobsRequest too_big;
  too_big.page.limit = 251;
  EXPECT_CODE(jobs_->ListJobs(too_big), ErrorCode::kInvalidRequest);
}

TEST_F(JobServiceTest, GetJobDocumentSubstitutesParameters) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.document =
      R"({"user":"${aws:iot:parameter:runAsUser}","url":"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k}"})";
  req.document_parameters = std::map<std::string, std::string>{{"runAsUser", "pi"}};
  MustCreate(req);
  auto after = jobs_->GetJobDocument("j", false);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, R"({"user":"pi","url":"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k}"})");
  auto before = jobs_->GetJobDocument("j", true);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*before, *req.document);
  EXPECT_CODE(jobs_->GetJobDocument("missing", false), ErrorCode::kNotFound);

  auto src = JobRequest("s", {ThingArn("t0")});
  src.document.reset();
  src.document_source = "https://s3.amazonaws.com/b/k";
  MustCreate(src);
  EXPECT_CODE(jobs_->GetJobDocument("s", false), ErrorCode::kInvalidRequest);
}

TEST_F(JobServiceTest, AssociateTargetsWithContinuousJob) {
  AddThings("t", 4);
  AddGroup("g");
  Join("g", "t0");
  Join("g", "t2");
  auto req = JobRequest("j", {ThingArn("t0"), ThingArn("t1")});
  req.target_selection = TargetSelection::kContinuous;
  MustCreate(req);
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)));

  Advance(seconds(3));
  AssociateTargetsRequest assoc;
  assoc.job_id = "j";
  assoc.targets = {GroupArn("g"), ThingArn("t3"), ThingArn("t1")};
  assoc.comment = "more devices";
  auto r = jobs_->AssociateTargetsWithJob(assoc);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->targets,
            (std::vector<std::string>{ThingArn("t0"), ThingArn("t1"), GroupArn("g"), ThingArn("t3")}));
  Job job = GetJob("j");
  EXPECT_EQ(job.targets, r->targets);
  EXPECT_EQ(job.comment, "more devices");
  EXPECT_EQ(job.last_updated_at, Now());
  // t0 already ran (SUCCEEDED) and t1 is queued: only t2 and t3 are new.
  ExpectCounts("j", {{S::kSucceeded, 1}, {S::kQueued, 3}});
  EXPECT_EQ(GetExec("j", "t2").queued_at, Now());
  EXPECT_EQ(GetExec("j", "t0").execution_number, 1);
  EXPECT_EQ(AllExecs("j").size(), 4u);

  assoc.targets = {ThingArn("ghost")};
  EXPECT_CODE(jobs_->AssociateTargetsWithJob(assoc), ErrorCode::kNotFound);
  assoc.targets = {ThingArn("t0")};
  assoc.namespace_id = "other";
  EXPECT_CODE(jobs_->AssociateTargetsWithJob(assoc), ErrorCode::kNotFound);
}

TEST_F(JobServiceTest, AssociateTargetsRules) {
  AddThings("t", 100);
  MustCreate(JobRequest("snap", {ThingArn("t0")}));
  AssociateTargetsRequest assoc;
  assoc.job_id = "snap";
  assoc.targets = {ThingArn("t1")};
  EXPECT_CODE(jobs_->AssociateTargetsWithJob(assoc), ErrorCode::kInvalidRequest);

  std::vector<std::string> ninety_nine;
  for (int i = 0; i < 99; ++i) ninety_nine.push_back(ThingArn("t" + std::to_string(i)));
  auto req = JobRequest("cont", ninety_nine);
  req.target_selection = TargetSelection::kContinuous;
  MustCreate(req);
  assoc.job_id = "cont";
  assoc.targets = {ThingArn("t0"), ThingArn("t99")};  // 100 in total: fine
  ASSERT_OK(jobs_->AssociateTargetsWithJob(assoc));
  AddThing("extra");
  assoc.targets = {ThingArn("extra")};
  EXPECT_CODE(jobs_->AssociateTargetsWithJob(assoc), ErrorCode::kLimitExceeded);

  ASSERT_OK(jobs_->CancelJob(CancelJobRequest{"cont", false, std::nullopt, std::nullopt}));
  assoc.targets = {ThingArn("t0")};
  EXPECT_CODE(jobs_->AssociateTargetsWithJob(assoc), ErrorCode::kInvalidStateTransition);
  assoc.job_id = "missing";
  EXPECT_CODE(jobs_->AssociateTargetsWithJob(assoc), ErrorCode::kNotFound);
}

TEST_F(JobServiceTest, UpdateJob) {
  AddThings("t", 2);
  MustCreate(JobRequest("j", {ThingArn("t0"), ThingArn("t1")}));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kInProgress)));
  EXPECT_FALSE(GetExec("j", "t0").in_progress_deadline);

  Advance(seconds(10));
  UpdateJobRequest up;
  up.job_id = "j";
  up.description = "new description";
  up.timeout_config = TimeoutConfig{5};
  up.abort_config = AbortConfig{{{FailureType::kFailed, AbortAction::kCancel, 10, 1}}};
  ASSERT_OK(jobs_->UpdateJob(up));
  Job job = GetJob("j");
  EXPECT_EQ(job.description, "new description");
  EXPECT_EQ(job.timeout_config, TimeoutConfig{5});
  EXPECT_EQ(job.abort_config, up.abort_config);
  EXPECT_EQ(job.last_updated_at, Now());
  ExpectCounts("j", {{S::kInProgress, 1}, {S::kQueued, 1}});

  // The new timeout applies to executions that start afterwards only.
  EXPECT_FALSE(GetExec("j", "t0").in_progress_deadline);
  ASSERT_OK(devices_->UpdateJobExecution(Update("t1", "j", S::kInProgress)));
  EXPECT_EQ(GetExec("j", "t1").in_progress_deadline, Now() + minutes(5));

  up.timeout_config = TimeoutConfig{0};
  EXPECT_CODE(jobs_->UpdateJob(up), ErrorCode::kInvalidRequest);
  UpdateJobRequest missing;
  missing.job_id = "missing";
  EXPECT_CODE(jobs_->UpdateJob(missing), ErrorCode::kNotFound);
  UpdateJobRequest wrong_ns;
  wrong_ns.job_id = "j";
  wrong_ns.namespace_id = "ns";
  EXPECT_CODE(jobs_->UpdateJob(wrong_ns), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace fleetjobs::testing
