#include "engine/execution_mutator.h"

#include <map>
#include <memory>
#include <utility>

#include "engine/abort_policy.h"
#include "engine/execution_timers.h"
#include "engine/retry_policy.h"
#include "engine/rollout.h"
#include "model/job_status.h"

namespace fleetjobs {
namespace {

std::string Describe(const JobExecution& e) {
  return "The job execution of job " + e.job_id + " on thing " + e.thing_name + " (execution number " +
         std::to_string(e.execution_number) + ")";
}

}  // namespace

ExecutionMutator::ExecutionMutator(StoreTxn& txn, Timestamp now, Job job, ChangeSet& changes)
    : txn_(txn), now_(now), job_(std::move(job)), changes_(changes), job_status_at_start_(job_.status) {}

void ExecutionMutator::Record(const JobExecution& e, std::optional<ExecutionStatus> from,
                              bool deadline_changed) {
  changes_.executions.push_back(RecordOf(e, from, e.status, deadline_changed));
}

// Moves one execution (and, with it, its thing) between counters. Only the latest execution of a
// thing is ever changed or created here, so the per-thing counters move with it.
void ExecutionMutator::Count(std::optional<ExecutionStatus> from, std::optional<ExecutionStatus> to) {
  if (from) {
    job_.process_details[*from] -= 1;
    job_.thing_details[*from] -= 1;
  }
  if (to) {
    job_.process_details[*to] += 1;
    job_.thing_details[*to] += 1;
  }
  job_dirty_ = true;
}

Status ExecutionMutator::Enqueue(std::string_view thing_name, int64_t execution_number, int64_t retry_attempt,
                                 std::optional<ExecutionStatus> superseded) {
  JobExecution e;
  e.job_id = job_.job_id;
  e.thing_name = std::string(thing_name);
  e.execution_number = execution_number;
  e.status = ExecutionStatus::kQueued;
  e.queued_at = now_;
  e.last_updated_at = now_;
  e.version_number = 1;
  e.retry_attempt = retry_attempt;
  e.namespace_id = job_.namespace_id;
  FJ_RETURN_IF_ERROR(txn_.InsertExecution(e));
  Record(e, std::nullopt, false);
  Count(std::nullopt, ExecutionStatus::kQueued);
  // The thing's earlier execution stays counted in jobProcessDetails (AWS counts every attempt)
  // but the thing itself now counts by its new execution.
  if (superseded) job_.thing_details[*superseded] -= 1;
  return Status::Ok();
}

Status ExecutionMutator::Apply(JobExecution& exec, const ExecutionChange& change) {
  const ExecutionStatus from = exec.status;
  if (!ExecutionTransitionAllowed(from, change.to, change.actor)) {
    if (IsTerminal(from)) {
      return MakeError(ErrorCode::kInvalidStateTransition,
                       Describe(exec) + " is in a terminal state and can no longer be updated");
    }
    return MakeError(ErrorCode::kInvalidStateTransition,
                     Describe(exec) + " cannot change to the requested status from its current status");
  }
  if (change.expected_version && *change.expected_version != exec.version_number) {
    return MakeError(ErrorCode::kVersionMismatch,
                     Describe(exec) + " has versionNumber " + std::to_string(exec.version_number) +
                         ", not the expected " + std::to_string(*change.expected_version));
  }

  const std::optional<Timestamp> old_deadline = EffectiveDeadline(exec);
  exec.status = change.to;
  exec.version_number += 1;
  exec.last_updated_at = now_;
  if (change.status_details) exec.status_details = *change.status_details;
  if (change.force_canceled) exec.force_canceled = true;
  if (IsTerminal(change.to)) {
    ClearTimers(exec);
  } else if (change.to == ExecutionStatus::kInProgress) {
    if (from == ExecutionStatus::kQueued) {
      exec.started_at = now_;
      StartInProgressTimer(job_, now_, exec);
    }
    if (change.step_timeout_in_minutes) ApplyStepTimeout(*change.step_timeout_in_minutes, now_, exec);
  }
  FJ_RETURN_IF_ERROR(txn_.UpdateExecution(exec));
  Record(exec, from, EffectiveDeadline(exec) != old_deadline);
  if (from != change.to) Count(from, change.to);
  return MaybeRetry(exec);
}

Status ExecutionMutator::MaybeRetry(const JobExecution& ended) {
  if (job_.status != JobStatus::kInProgress || !job_.retry_config) return Status::Ok();
  if (ended.status != ExecutionStatus::kFailed && ended.status != ExecutionStatus::kTimedOut) {
    return Status::Ok();
  }
  // Walk back through the chain (at most 10 retries) to count the budget already spent.
  RetriesUsed used;
  for (int64_t n = ended.execution_number - 1, left = ended.retry_attempt; n >= 1 && left > 0; --n, --left) {
    auto prev = txn_.GetExecution(ended.job_id, ended.thing_name, n);
    if (!prev.ok()) {
      if (prev.error().code == ErrorCode::kNotFound) continue;  // deleted by an operator
      return prev.take_error();
    }
    if (prev->status == ExecutionStatus::kFailed) used.failed += 1;
    if (prev->status == ExecutionStatus::kTimedOut) used.timed_out += 1;
  }
  if (!ShouldRetry(job_.retry_config, ended.status, used)) return Status::Ok();
  return Enqueue(ended.thing_name, ended.execution_number + 1, ended.retry_attempt + 1, ended.status);
}

Status ExecutionMutator::Delete(const JobExecution& exec) {
  FJ_RETURN_IF_ERROR(txn_.DeleteExecution(exec.job_id, exec.thing_name, exec.execution_number));
  changes_.executions.push_back(
      RecordOf(exec, exec.status, std::nullopt, EffectiveDeadline(exec).has_value()));
  job_.process_details[exec.status] -= 1;
  job_dirty_ = true;
  // Per thing: only the latest execution counts; deleting it makes the one before it the latest.
  auto latest = txn_.GetExecution(exec.job_id, exec.thing_name, std::nullopt);
  if (!latest.ok() && latest.error().code != ErrorCode::kNotFound) return latest.take_error();
  if (latest.ok() && latest->execution_number > exec.execution_number) return Status::Ok();
  job_.thing_details[exec.status] -= 1;
  if (latest.ok()) job_.thing_details[latest->status] += 1;
  return Status::Ok();
}

Status ExecutionMutator::CancelExecutions(ExecutionStatus status, const ExecutionChange& change) {
  ExecutionFilter filter;
  filter.status = status;
  PageRequest page;
  page.limit = 1000;
  // Every row changed leaves the filter, so the first page is read again until it is empty.
  for (;;) {
    FJ_ASSIGN_OR_RETURN(Page<JobExecution> execs, txn_.ListExecutionsForJob(job_.job_id, filter, page));
    for (JobExecution& e : execs.items) FJ_RETURN_IF_ERROR(Apply(e, change));
    if (!execs.next) break;
  }
  return Status::Ok();
}

Status ExecutionMutator::StopRollout() {
  if (job_.rollout.remaining == 0 && job_.processing_targets.empty()) return Status::Ok();
  FJ_RETURN_IF_ERROR(txn_.ClearRolloutThings(job_.job_id));
  job_.rollout.remaining = 0;
  job_.processing_targets.clear();
  job_.is_concurrent = false;
  job_dirty_ = true;
  return Status::Ok();
}

Status ExecutionMutator::CancelJob(bool force, std::optional<std::string> reason_code,
                                   std::optional<std::string> comment) {
  job_.status = JobStatus::kCanceled;
  job_.force_canceled = force;
  if (reason_code) job_.reason_code = std::move(reason_code);
  if (comment) job_.comment = std::move(comment);
  job_.completed_at = now_;
  job_dirty_ = true;
  FJ_RETURN_IF_ERROR(StopRollout());
  ExecutionChange change;
  change.to = ExecutionStatus::kCanceled;
  change.actor = force ? ExecutionActor::kOperatorForce : ExecutionActor::kOperator;
  change.force_canceled = force;
  FJ_RETURN_IF_ERROR(CancelExecutions(ExecutionStatus::kQueued, change));
  if (force) FJ_RETURN_IF_ERROR(CancelExecutions(ExecutionStatus::kInProgress, change));
  return Status::Ok();
}

Status ExecutionMutator::Finish() {
  if (!job_dirty_) return Status::Ok();
  if (job_.status == JobStatus::kInProgress) {
    if (std::optional<AbortDecision> abort = CheckAbort(job_.abort_config, job_.thing_details)) {
      FJ_RETURN_IF_ERROR(CancelJob(false, std::string(kAbortReasonCode), AbortComment(*abort)));
    }
  }
  job_.last_updated_at = now_;
  CompleteIfDone(job_, now_);
  FJ_RETURN_IF_ERROR(txn_.UpdateJob(job_));
  JobRecordChange& c = changes_.jobs.emplace_back();
  c.job_id = job_.job_id;
  c.from = job_status_at_start_;
  c.to = job_.status;
  c.next_wakeup = Rollout::NextJobWakeup(job_, now_);
  c.job = std::make_shared<const Job>(job_);
  job_dirty_ = false;
  return Status::Ok();
}

bool ExecutionMutator::CompleteIfDone(Job& job, Timestamp now) {
  if (job.target_selection != TargetSelection::kSnapshot) return false;
  if (!JobTransitionAllowed(job.status, JobStatus::kCompleted, JobTrigger::kComplete)) return false;
  if (!job.processing_targets.empty()) return false;
  if (job.process_details[ExecutionStatus::kQueued] != 0 ||
      job.process_details[ExecutionStatus::kInProgress] != 0) {
    return false;
  }
  job.status = JobStatus::kCompleted;
  job.completed_at = now;
  job.last_updated_at = now;
  return true;
}

Status MarkThingExecutionsRemoved(EngineContext& ctx, StoreTxn& txn, ChangeSet& changes,
                                  const std::string& thing_name) {
  const Timestamp now = ctx.clock.Now();
  std::map<std::string, std::unique_ptr<ExecutionMutator>> by_job;
  constexpr int kBatch = 1000;
  for (;;) {
    FJ_ASSIGN_OR_RETURN(std::vector<JobExecution> pending,
                        txn.ListPendingExecutionsForThing(thing_name, kBatch));
    if (pending.empty()) break;
    for (JobExecution& e : pending) {
      auto it = by_job.find(e.job_id);
      if (it == by_job.end()) {
        FJ_ASSIGN_OR_RETURN(Job job, txn.GetJob(e.job_id));
        it = by_job.emplace(e.job_id, std::make_unique<ExecutionMutator>(txn, now, std::move(job), changes))
                 .first;
      }
      ExecutionChange change;
      change.to = ExecutionStatus::kRemoved;
      change.actor = ExecutionActor::kService;
      FJ_RETURN_IF_ERROR(it->second->Apply(e, change));
    }
    if (pending.size() < static_cast<size_t>(kBatch)) break;
  }
  for (auto& [job_id, mutator] : by_job) {
    FJ_RETURN_IF_ERROR(mutator->Finish());
  }
  return Status::Ok();
}

}  // namespace fleetjobs
