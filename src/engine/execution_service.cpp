#include "engine/execution_service.h"

#include <utility>

#include "engine/execution_mutator.h"
#include "engine/execution_timers.h"
#include "engine/lookups.h"
#include "engine/validation.h"

namespace fleetjobs {

Result<ExecutionView> ExecutionService::DescribeJobExecution(const std::string& job_id,
                                                             const std::string& thing_name,
                                                             std::optional<int64_t> execution_number) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(job_id));
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing_name));
  JobExecution exec;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(exec, LoadExecution(txn, job_id, thing_name, execution_number));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return MakeExecutionView(exec, ctx_.clock.Now());
}

Result<Page<JobExecution>> ExecutionService::ListJobExecutionsForJob(const std::string& job_id,
                                                                     std::optional<ExecutionStatus> status,
                                                                     const PageRequest& page) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(job_id));
  FJ_RETURN_IF_ERROR(validation::ValidatePageRequest(page));
  Page<JobExecution> result;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(LoadJob(txn, job_id));
    ExecutionFilter filter;
    filter.status = status;
    FJ_ASSIGN_OR_RETURN(result, txn.ListExecutionsForJob(job_id, filter, page));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Result<Page<JobExecution>> ExecutionService::ListJobExecutionsForThing(const std::string& thing_name,
                                                                       const ExecutionFilter& filter,
                                                                       const PageRequest& page) {
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(thing_name));
  FJ_RETURN_IF_ERROR(validation::ValidatePageRequest(page));
  if (filter.namespace_id) FJ_RETURN_IF_ERROR(validation::ValidateNamespaceId(*filter.namespace_id));
  if (filter.job_id) FJ_RETURN_IF_ERROR(validation::ValidateJobId(*filter.job_id));
  Page<JobExecution> result;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    // No existence check of the thing: executions outlive a deleted thing and stay listable.
    FJ_ASSIGN_OR_RETURN(result, txn.ListExecutionsForThing(thing_name, filter, page));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Status ExecutionService::CancelJobExecution(const CancelJobExecutionRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(req.job_id));
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(req.thing_name));
  if (req.status_details) FJ_RETURN_IF_ERROR(validation::ValidateStatusDetails(*req.status_details));
  const Timestamp now = ctx_.clock.Now();
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_ASSIGN_OR_RETURN(JobExecution exec, LoadExecution(txn, req.job_id, req.thing_name, std::nullopt));
    ExecutionChange change;
    change.to = ExecutionStatus::kCanceled;
    change.actor = req.force ? ExecutionActor::kOperatorForce : ExecutionActor::kOperator;
    change.expected_version = req.expected_version;
    change.status_details = req.status_details;
    change.force_canceled = req.force;
    if (exec.status == ExecutionStatus::kInProgress && !req.force) {
      return MakeError(ErrorCode::kInvalidStateTransition, "The job execution of job " + req.job_id +
                                                               " on thing " + req.thing_name +
                                                               " is in progress; set force to cancel it");
    }
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, req.job_id));
    ExecutionMutator mutator(txn, now, std::move(job), changes);
    FJ_RETURN_IF_ERROR(mutator.Apply(exec, change));
    return mutator.Finish();
  });
}

Status ExecutionService::DeleteJobExecution(const DeleteJobExecutionRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(req.job_id));
  FJ_RETURN_IF_ERROR(validation::ValidateThingName(req.thing_name));
  if (req.namespace_id) FJ_RETURN_IF_ERROR(validation::ValidateNamespaceId(*req.namespace_id));
  const Timestamp now = ctx_.clock.Now();
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_ASSIGN_OR_RETURN(JobExecution exec,
                        LoadExecution(txn, req.job_id, req.thing_name, req.execution_number));
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, req.job_id));
    FJ_RETURN_IF_ERROR(CheckNamespace(job, req.namespace_id));
    if (!IsTerminal(exec.status) && !req.force) {
      return MakeError(ErrorCode::kInvalidStateTransition,
                       "The job execution of job " + req.job_id + " on thing " + req.thing_name +
                           " is not in a terminal state; set force to delete it");
    }
    ExecutionMutator mutator(txn, now, std::move(job), changes);
    FJ_RETURN_IF_ERROR(mutator.Delete(exec));
    return mutator.Finish();
  });
}

}  // namespace fleetjobs
