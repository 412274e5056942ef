#include "engine/device_service.h"

#include <map>
#include <utility>

#include "engine/execution_mutator.h"
#include "engine/execution_timers.h"
#include "engine/lookups.h"
#include "engine/maintenance_windows.h"
#include "engine/validation.h"

namespace fleetjobs {
namespace {

Status ValidateJobIdOrNext(const std::string& job_id) {
  if (job_id == DeviceService::kNextJobId) return Status::Ok();
  return validation::ValidateJobId(job_id);
}

// The pending executions a device is offered, in $next order, at most `limit`: every IN_PROGRESS
// one, and the QUEUED ones of jobs that have no maintenance windows or one open now (digest §5.5).
Result<std::vector<JobExecution>> OfferedPending(StoreTxn& txn, const std::string& thing_name, int limit,
                                                 Timestamp now) {
  std::map<std::string, bool> offered_by_job;
  auto offered = [&](const JobExecution& e) -> Result<bool> {
    if (e.status != ExecutionStatus::kQueued) return true;
    auto it = offered_by_job.find(e.job_id);
    if (it != offered_by_job.end()) return it->second;
    Result<std::optional<SchedulingConfig>> scheduling = txn.GetJobSchedulingConfig(e.job_id);
    if (!scheduling.ok() && scheduling.error().code == ErrorCode::kNotFound) {
      FJ_RETURN_IF_ERROR(LoadJob(txn, e.job_id));  // its error wording
    }
    if (!scheduling.ok()) return scheduling.take_error();
    bool open = MaintenanceWindows::ForJob(*scheduling).IsOpen(now);
    offered_by_job.emplace(e.job_id, open);
    return open;
  };
  // Fetch a little more than asked; fetch again, twice as much, only if windows hid too many.
  int fetch = limit + 8;
  for (;;) {
    FJ_ASSIGN_OR_RETURN(std::vector<JobExecution> pending,
                        txn.ListPendingExecutionsForThing(thing_name, fetch));
    const bool exhausted = pending.size() < static_cast<size_t>(fetch);
    std::vector<JobExecution> out;
    for (JobExecution& e : pending) {
      FJ_ASSIGN_OR_RETURN(bool ok, offered(e));
      if (!ok) continue;
      out.push_back(std::move(e));
      if (out.size() == static_cast<size_t>(limit)) return out;
    }
    if (exhausted) return out;
    fetch *= 2;
  }
}

// The head of the thing's offered pending list ($next), if any.
Result<std::optional<JobExecution>> PendingHead(StoreTxn& txn, const std::string& thing_name, Timestamp now) {
  FJ_ASSIGN_OR_RETURN(std::vector<JobExecution> head, OfferedPending(txn, thing_name, 1, now));
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
                        OfferedPending(txn, thing_name, ctx_.options.max_pending_listed, ctx_.clock.Now()));
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
      FJ_ASSIGN_OR_RETURN(exec, PendingHead(txn, thing_name, ctx_.clock.Now()));
      if (!exec) return Status::Ok();
    } else {
      FJ_ASSIGN_OR_RETURN(exec, LoadExecution(txn, job_id, thing_name, execution_number));
    }
    std::optional<std::string> document;
    if (include_job_document) {
      FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, exec->job_id));
      document = DeviceDocument(job, ctx_.options.presigner, ctx_.clock.Now());
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
    FJ_ASSIGN_OR_RETURN(std::optional<JobExecution> head, PendingHead(txn, req.thing_name, now));
    if (!head) return Status::Ok();
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, head->job_id));
    std::optional<std::string> document = DeviceDocument(job, ctx_.options.presigner, ctx_.clock.Now());
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
    if (req.include_job_document) document = DeviceDocument(job, ctx_.options.presigner, ctx_.clock.Now());
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
