#include "engine/device_service.h"

#include <gtest/gtest.h>

#include "engine_fixture.h"

namespace fleetjobs::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using S = ExecutionStatus;

class DeviceServiceTest : public EngineFixture {
 protected:
  // Creates job `id` on thing t0 one second after the previous one (distinct queuedAt).
  void JobOnT0(const std::string& id) {
    Advance(seconds(1));
    MustCreate(JobRequest(id, {ThingArn("t0")}));
  }

  std::vector<std::string> Ids(const std::vector<JobExecution>& v) {
    std::vector<std::string> out;
    for (const auto& e : v) out.push_back(e.job_id);
    return out;
  }
};

TEST_F(DeviceServiceTest, PendingListsInProgressThenQueuedOldestFirst) {
  AddThing("t0");
  JobOnT0("a");
  JobOnT0("b");
  JobOnT0("c");
  JobOnT0("d");
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "c", S::kInProgress)));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "b", S::kSucceeded)));
  auto r = devices_->GetPendingJobExecutions("t0");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Ids(r->in_progress), (std::vector<std::string>{"c"}));
  EXPECT_EQ(Ids(r->queued), (std::vector<std::string>{"a", "d"}));

  auto unknown = devices_->GetPendingJobExecutions("no-such-thing");
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->in_progress.empty());
  EXPECT_TRUE(unknown->queued.empty());
  EXPECT_CODE(devices_->GetPendingJobExecutions("bad/name"), ErrorCode::kInvalidRequest);
}

TEST_F(DeviceServiceTest, PendingListIsCappedAtTen) {
  AddThing("t0");
  for (int i = 0; i < 12; ++i) JobOnT0("j" + std::to_string(i));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j11", S::kInProgress)));
  auto r = devices_->GetPendingJobExecutions("t0");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(r->in_progress), (std::vector<std::string>{"j11"}));
  ASSERT_EQ(r->queued.size(), 9u);
  EXPECT_EQ(r->queued.front().job_id, "j0");
  EXPECT_EQ(r->queued.back().job_id, "j8");
}

TEST_F(DeviceServiceTest, DescribeNextAndNamed) {
  AddThing("t0");
  auto nothing = devices_->DescribeJobExecution("t0", "$next", std::nullopt, true);
  ASSERT_TRUE(nothing.ok());
  EXPECT_FALSE(nothing->has_value());

  Advance(seconds(1));
  auto req = JobRequest("a", {ThingArn("t0")});
  req.document = R"({"user":"${aws:iot:parameter:u}"})";
  req.document_parameters = std::map<std::string, std::string>{{"u", "pi"}};
  MustCreate(req);
  JobOnT0("b");

  auto next = devices_->DescribeJobExecution("t0", "$next", std::nullopt, true);
  ASSERT_TRUE(next.ok()) << next.error().message;
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->execution.job_id, "a");
  EXPECT_EQ((*next)->job_document, R"({"user":"pi"})");
  EXPECT_EQ((*next)->execution.version_number, 1);  // describing changes nothing
  EXPECT_EQ(GetExec("a", "t0").status, S::kQueued);

  // An IN_PROGRESS execution is ahead of an older QUEUED one.
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "b", S::kInProgress)));
  next = devices_->DescribeJobExecution("t0", "$next", std::nullopt, false);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ((*next)->execution.job_id, "b");
  EXPECT_FALSE((*next)->job_document);

  auto named = devices_->DescribeJobExecution("t0", "a", 1, true);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ((*named)->execution.job_id, "a");
  EXPECT_CODE(devices_->DescribeJobExecution("t0", "a", 2, true), ErrorCode::kNotFound);
  EXPECT_CODE(devices_->DescribeJobExecution("t0", "zzz", std::nullopt, true), ErrorCode::kNotFound);
  EXPECT_CODE(devices_->DescribeJobExecution("ghost", "a", std::nullopt, true), ErrorCode::kNotFound);
  EXPECT_CODE(devices_->DescribeJobExecution("t0", "$nope", std::nullopt, true), ErrorCode::kInvalidRequest);

  // Terminal executions still describe normally.
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "a", S::kSucceeded)));
  auto done = devices_->DescribeJobExecution("t0", "a", std::nullopt, false);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ((*done)->execution.status, S::kSucceeded);
}

TEST_F(DeviceServiceTest, StartNextStartsHeadOnce) {
  AddThing("t0");
  auto none = devices_->StartNextPendingJobExecution(StartNextRequest{"t0", std::nullopt, std::nullopt});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto req = JobRequest("a", {ThingArn("t0")});
  req.timeout_config = TimeoutConfig{30};
  Advance(seconds(1));
  MustCreate(req);
  JobOnT0("b");

  Advance(seconds(10));
  StartNextRequest start{"t0", StatusDetails{{"step", "download"}}, 5};
  auto r = devices_->StartNextPendingJobExecution(start);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->has_value());
  const JobExecution& e = (*r)->execution;
  EXPECT_EQ(e.job_id, "a");
  EXPECT_EQ(e.status, S::kInProgress);
  EXPECT_EQ(e.version_number, 2);
  EXPECT_EQ(e.started_at, Now());
  EXPECT_EQ(e.last_updated_at, Now());
  EXPECT_EQ(e.status_details, (StatusDetails{{"step", "download"}}));
  EXPECT_EQ(e.in_progress_deadline, Now() + minutes(30));
  EXPECT_EQ(e.step_deadline, Now() + minutes(5));
  EXPECT_EQ((*r)->approximate_seconds_before_timed_out, 300);
  EXPECT_EQ((*r)->job_document, std::string(kDoc));
  ExpectCounts("a", {{S::kInProgress, 1}});

  // Again: the IN_PROGRESS head comes back unchanged.
  Advance(seconds(60));
  auto again = devices_->StartNextPendingJobExecution(StartNextRequest{"t0", StatusDetails{{"x", "y"}}, 10});
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->execution.job_id, "a");
  EXPECT_EQ((*again)->execution.version_number, 2);
  EXPECT_EQ((*again)->execution.status_details, (StatusDetails{{"step", "download"}}));
  EXPECT_EQ((*again)->approximate_seconds_before_timed_out, 240);
  EXPECT_EQ(GetExec("a", "t0").version_number, 2);

  EXPECT_CODE(devices_->StartNextPendingJobExecution(StartNextRequest{"t0", std::nullopt, 0}),
              ErrorCode::kInvalidRequest);
  EXPECT_CODE(
      devices_->StartNextPendingJobExecution(StartNextRequest{"t0", StatusDetails{{"k", ""}}, std::nullopt}),
      ErrorCode::kInvalidRequest);
}

TEST_F(DeviceServiceTest, UpdateVersionsCountersAndDetails) {
  AddThings("t", 2);
  MustCreate(JobRequest("j", {ThingArn("t0"), ThingArn("t1")}));
  ExpectCounts("j", {{S::kQueued, 2}});

  Advance(seconds(1));
  auto start = Update("t0", "j", S::kInProgress);
  start.status_details = StatusDetails{{"a", "1"}, {"b", "2"}};
  start.include_job_execution_state = true;
  auto r = devices_->UpdateJobExecution(start);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->execution_state);
  EXPECT_EQ(r->execution_state->version_number, 2);
  EXPECT_EQ(r->execution_state->status, S::kInProgress);
  EXPECT_FALSE(r->job_document);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kInProgress, 1}});
  Job job = GetJob("j");
  EXPECT_EQ(job.last_updated_at, Now());

  // Progress report: IN_PROGRESS -> IN_PROGRESS bumps the version; details replaced, not merged.
  Advance(seconds(1));
  auto progress = Update("t0", "j", S::kInProgress);
  progress.status_details = StatusDetails{{"c", "3"}};
  progress.expected_version = 2;
  progress.include_job_document = true;
  r = devices_->UpdateJobExecution(progress);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->execution_state);
  EXPECT_EQ(r->job_document, std::string(kDoc));
  JobExecution e = GetExec("j", "t0");
  EXPECT_EQ(e.version_number, 3);
  EXPECT_EQ(e.status_details, (StatusDetails{{"c", "3"}}));
  EXPECT_EQ(e.last_updated_at, Now());
  EXPECT_EQ(e.started_at, Now() - seconds(1));

  // Omitted details stay as they are.
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kInProgress)));
  EXPECT_EQ(GetExec("j", "t0").status_details, (StatusDetails{{"c", "3"}}));
  EXPECT_EQ(GetExec("j", "t0").version_number, 4);

  auto stale = Update("t0", "j", S::kSucceeded);
  stale.expected_version = 3;
  EXPECT_CODE(devices_->UpdateJobExecution(stale), ErrorCode::kVersionMismatch);
  EXPECT_EQ(GetExec("j", "t0").version_number, 4);

  stale.expected_version = 4;
  ASSERT_OK(devices_->UpdateJobExecution(stale));
  EXPECT_EQ(GetExec("j", "t0").version_number, 5);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kSucceeded, 1}});
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);

  // QUEUED -> REJECTED directly; the last terminal execution completes the SNAPSHOT job.
  Advance(seconds(1));
  ASSERT_OK(devices_->UpdateJobExecution(Update("t1", "j", S::kRejected)));
  ExpectCounts("j", {{S::kSucceeded, 1}, {S::kRejected, 1}});
  job = GetJob("j");
  EXPECT_EQ(job.status, JobStatus::kCompleted);
  EXPECT_EQ(job.completed_at, Now());
  EXPECT_FALSE(GetExec("j", "t1").started_at);
}

TEST_F(DeviceServiceTest, UpdateRejections) {
  AddThings("t", 2);
  MustCreate(JobRequest("j", {ThingArn("t0"), ThingArn("t1")}));
  for (S s : {S::kQueued, S::kCanceled, S::kTimedOut, S::kRemoved}) {
    EXPECT_CODE(devices_->UpdateJobExecution(Update("t0", "j", s)), ErrorCode::kInvalidRequest);
  }
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kFailed)));
  // Terminal: every update is a state error, checked before the version.
  EXPECT_CODE(devices_->UpdateJobExecution(Update("t0", "j", S::kInProgress)),
              ErrorCode::kInvalidStateTransition);
  auto wrong_version = Update("t0", "j", S::kSucceeded);
  wrong_version.expected_version = 99;
  EXPECT_CODE(devices_->UpdateJobExecution(wrong_version), ErrorCode::kInvalidStateTransition);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kFailed, 1}});

  EXPECT_CODE(devices_->UpdateJobExecution(Update("t1", "nope", S::kInProgress)), ErrorCode::kNotFound);
  EXPECT_CODE(devices_->UpdateJobExecution(Update("ghost", "j", S::kInProgress)), ErrorCode::kNotFound);
  auto bad_number = Update("t1", "j", S::kInProgress);
  bad_number.execution_number = 2;
  EXPECT_CODE(devices_->UpdateJobExecution(bad_number), ErrorCode::kNotFound);
  auto bad_step = Update("t1", "j", S::kInProgress);
  bad_step.step_timeout_in_minutes = 10081;
  EXPECT_CODE(devices_->UpdateJobExecution(bad_step), ErrorCode::kInvalidRequest);
  auto bad_details = Update("t1", "j", S::kInProgress);
  bad_details.status_details = StatusDetails{{"bad key", "v"}};
  EXPECT_CODE(devices_->UpdateJobExecution(bad_details), ErrorCode::kInvalidRequest);
  EXPECT_CODE(devices_->UpdateJobExecution(Update("t1", "$next", S::kInProgress)),
              ErrorCode::kInvalidRequest);
  ExpectCounts("j", {{S::kQueued, 1}, {S::kFailed, 1}});
  EXPECT_EQ(GetExec("j", "t1").version_number, 1);
}

TEST_F(DeviceServiceTest, StepTimeoutBoundedClearedAndReported) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.timeout_config = TimeoutConfig{10};
  MustCreate(req);
  auto start = Update("t0", "j", S::kInProgress);
  start.step_timeout_in_minutes = 3;
  ASSERT_OK(devices_->UpdateJobExecution(start));
  const Timestamp started = Now();
  JobExecution e = GetExec("j", "t0");
  EXPECT_EQ(e.in_progress_deadline, started + minutes(10));
  EXPECT_EQ(e.step_deadline, started + minutes(3));

  Advance(minutes(2));
  auto longer = Update("t0", "j", S::kInProgress);
  longer.step_timeout_in_minutes = 60;  // capped by the in-progress deadline
  ASSERT_OK(devices_->UpdateJobExecution(longer));
  e = GetExec("j", "t0");
  EXPECT_EQ(e.step_deadline, started + minutes(10));
  EXPECT_EQ(e.in_progress_deadline, started + minutes(10));  // never moved by progress reports

  auto clear = Update("t0", "j", S::kInProgress);
  clear.step_timeout_in_minutes = -1;
  ASSERT_OK(devices_->UpdateJobExecution(clear));
  EXPECT_FALSE(GetExec("j", "t0").step_deadline);
  auto view = devices_->DescribeJobExecution("t0", "j", std::nullopt, false);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ((*view)->approximate_seconds_before_timed_out, 8 * 60);

  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)));
  e = GetExec("j", "t0");
  EXPECT_FALSE(e.in_progress_deadline);
  EXPECT_FALSE(e.step_deadline);
  view = devices_->DescribeJobExecution("t0", "j", std::nullopt, false);
  EXPECT_FALSE((*view)->approximate_seconds_before_timed_out);
}

TEST_F(DeviceServiceTest, ContinuousJobNeverCompletes) {
  AddThing("t0");
  auto req = JobRequest("j", {ThingArn("t0")});
  req.target_selection = TargetSelection::kContinuous;
  MustCreate(req);
  ASSERT_OK(devices_->UpdateJobExecution(Update("t0", "j", S::kSucceeded)));
  EXPECT_EQ(GetJob("j").status, JobStatus::kInProgress);
  ExpectCounts("j", {{S::kSucceeded, 1}});
}

}  // namespace
}  // namespace fleetjobs::testing
