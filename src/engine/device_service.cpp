#include "engine/device_service.h"

#include <utility>

#include "engine/execution_mutator.h"
#include "engine/execution_timers.h"
#include "engine/lookups.h"
#include "engine/validation.h"

namespace fleetjobs {
namespace {

Status ValidateJobIdOrNext(const std::string& job_id) {
  if (job_id == DeviceService::kNextJobId) return Status::Ok();
  return validation::ValidateJobId(job_id);
}

// The head of the thing's pending list ($next), if any.
Result<std::optional<JobExecution>> PendingHead(StoreTxn& txn, const std::string& thing_name) {
  FJ_ASSIGN_OR_RETURN(std::vector<JobExecution> head, txn.ListPendingExecutionsForThing(thing_name, 1));
  if (head.empty()) return std::optional<JobExecution>();
  return std::optional<JobExecution>(std::move(head.front()));
}

}  // namespace

Result<PendingExecutions> DeviceService::GetPendingJobExecutions(const std::string& thing_name) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing_name));
  PendingExecutions result;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    // An unknown thing simply has nothing pending.
    FJ_ASSIGN_OR_RETURN(std::vector<JobExecution> pending,
                        txn.ListPendingExecutionsForThing(thing_name, ctx_.options.max_pending_listed));
    for (JobExecution& e : pending) {
      if (e.status == ExecutionStatus::kInProgress) {
        result.in_progress.push_back(std::move(e));
      } else {
        result.queued.push_back(std::move(e));
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Result<std::optional<ExecutionView>> DeviceService::DescribeJobExecution(
    const std::string& thing_name, const std::string& job_id, std::optional<int64_t> execution_number,
    bool include_job_document) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing_name));
  FJ_RETURN_IF_ERROR(ValidateJobIdOrNext(job_id));
  std::optional<ExecutionView> result;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    std::optional<JobExecution> exec;
    if (job_id == kNextJobId) {
      FJ_ASSIGN_OR_RETURN(exec, PendingHead(txn, thing_name));
      if (!exec) return Status::Ok();
    } else {
      FJ_ASSIGN_OR_RETURN(exec, LoadExecution(txn, job_id, thing_name, execution_number));
    }
    std::optional<std::string> document;
    if (include_job_document) {
      FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, exec->job_id));
      document = DeviceDocument(job);
    }
    result = MakeExecutionView(*exec, ctx_.clock.Now(), std::move(document));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Result<std::optional<ExecutionView>> DeviceService::StartNextPendingJobExecution(
    const StartNextRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(req.thing_name));
  if (req.status_details) FJ_RETURN_IF_ERROR(validation::ValidateStatusDetails(*req.status_details));
  if (req.step_timeout_in_minutes)
    FJ_RETURN_IF_ERROR(validation::ValidateStepTimeout(*req.step_timeout_in_minutes));
  const Timestamp now = ctx_.clock.Now();
  std::optional<ExecutionView> result;
  Status st = ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_ASSIGN_OR_RETURN(std::optional<JobExecution> head, PendingHead(txn, req.thing_name));
    if (!head) return Status::Ok();
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, head->job_id));
    std::optional<std::string> document = DeviceDocument(job);
    if (head->status == ExecutionStatus::kQueued) {
      ExecutionMutator mutator(txn, now, std::move(job), changes);
      ExecutionChange change;
      change.to = ExecutionStatus::kInProgress;
      change.actor = ExecutionActor::kDevice;
      change.status_details = req.status_details;
      change.step_timeout_in_minutes = req.step_timeout_in_minutes;
      FJ_RETURN_IF_ERROR(mutator.Apply(*head, change));
      FJ_RETURN_IF_ERROR(mutator.Finish());
    }
    // An execution already IN_PROGRESS is returned unchanged.
    result = MakeExecutionView(*head, now, std::move(document));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Result<UpdateJobExecutionResult> DeviceService::UpdateJobExecution(const UpdateJobExecutionRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(req.thing_name));
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(req.job_id));
  if (!IsDeviceSettable(req.status)) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "status must be one of IN_PROGRESS, SUCCEEDED, FAILED, REJECTED when set by a device");
  }
  if (req.status_details) FJ_RETURN_IF_ERROR(validation::ValidateStatusDetails(*req.status_details));
  if (req.step_timeout_in_minutes)
    FJ_RETURN_IF_ERROR(validation::ValidateStepTimeout(*req.step_timeout_in_minutes));
  const Timestamp now = ctx_.clock.Now();
  UpdateJobExecutionResult result;
  Status st = ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_ASSIGN_OR_RETURN(JobExecution exec,
                        LoadExecution(txn, req.job_id, req.thing_name, req.execution_number));
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, req.job_id));
    std::optional<std::string> document;
    if (req.include_job_document) document = DeviceDocument(job);
    ExecutionMutator mutator(txn, now, std::move(job), changes);
    ExecutionChange change;
    change.to = req.status;
    change.actor = ExecutionActor::kDevice;
    change.expected_version = req.expected_version;
    change.status_details = req.status_details;
    change.step_timeout_in_minutes = req.step_timeout_in_minutes;
    FJ_RETURN_IF_ERROR(mutator.Apply(exec, change));
    FJ_RETURN_IF_ERROR(mutator.Finish());
    if (req.include_job_execution_state) result.execution_state = exec;
    if (req.include_job_document) result.job_document = std::move(document);
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

}  // namespace fleetjobs
