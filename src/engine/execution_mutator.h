// ExecutionMutator: the one place where job executions are created, change status or are deleted.
//
// Every change goes through Apply(), which checks model/execution_status.h's transition table,
// bumps versionNumber (also for IN_PROGRESS -> IN_PROGRESS), sets lastUpdatedAt / startedAt,
// replaces statusDetails when given, maintains the timer deadlines and adjusts the job's
// jobProcessDetails counters. The job row is written once, by Finish(), so a fan-out or a mass
// cancel over a million executions rewrites it once; Finish() also completes a SNAPSHOT job whose
// rollout is done and whose executions are all terminal (model/job_status.h table).
//
// Every row it writes is also recorded in the transaction's ChangeSet, so timers and device
// notifications follow after the commit.
//
// Ownership: one mutator per (transaction, job). It holds a copy of the job row read in `txn`;
// nothing else may write that row in the same transaction before Finish(). A caller that changes
// job fields itself (status, comment, ...) does so through MutableJob() and calls MarkJobChanged().
//
// Thread safety: none; used only by the thread running the store transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "engine/change_set.h"
#include "engine/engine_context.h"
#include "model/execution_status.h"
#include "model/job.h"
#include "model/job_execution.h"
#include "store/store.h"

namespace fleetjobs {

struct ExecutionChange {
  ExecutionStatus to = ExecutionStatus::kInProgress;
  ExecutionActor actor = ExecutionActor::kDevice;
  // Present: must equal the stored versionNumber, else kVersionMismatch.
  std::optional<int64_t> expected_version;
  // Present: replaces the stored map (no key merge).
  std::optional<StatusDetails> status_details;
  // Only used when `to` is IN_PROGRESS: 1..10080 minutes, or -1 to clear the step timer.
  std::optional<int64_t> step_timeout_in_minutes;
  // Sets forceCanceled on the execution.
  bool force_canceled = false;
};

class ExecutionMutator {
 public:
  ExecutionMutator(StoreTxn& txn, Timestamp now, Job job, ChangeSet& changes);

  const Job& CurrentJob() const { return job_; }
  Job& MutableJob() { return job_; }
  // The caller changed MutableJob() itself: Finish() must write the row.
  void MarkJobChanged() { job_dirty_ = true; }

  // Inserts a new QUEUED execution (versionNumber 1, queuedAt now) and counts it. `superseded`:
  // the status of the thing's previous latest execution, when it has one (a retry or a continuous
  // job's re-entry), so the per-thing counters move the thing instead of adding it.
  Status Enqueue(std::string_view thing_name, int64_t execution_number, int64_t retry_attempt = 0,
                 std::optional<ExecutionStatus> superseded = std::nullopt);

  // Applies `change` to `exec` (a row read in this transaction), stores it and updates `exec`.
  // An execution of an IN_PROGRESS job that ends FAILED or TIMED_OUT with retries left under the
  // job's retry config gets its next attempt queued here (digest §5.8).
  // Errors: kInvalidStateTransition when the table forbids it (checked first), kVersionMismatch
  // when expected_version differs.
  Status Apply(JobExecution& exec, const ExecutionChange& change);

  // Deletes the execution row and uncounts it.
  Status Delete(const JobExecution& exec);

  // Cancels the job (CancelJob, abort, endBehavior): status CANCELED with reasonCode and comment,
  // QUEUED executions CANCELED (IN_PROGRESS ones too when `force`), the rollout queue dropped.
  // REQUIRES: the job table allows kCancel from the current status.
  Status CancelJob(bool force, std::optional<std::string> reason_code, std::optional<std::string> comment);

  // Drops what the rollout has not reached yet (endBehavior STOP_ROLLOUT, cancel).
  Status StopRollout();

  // Writes the job row if anything changed (counters, lastUpdatedAt, abort, SNAPSHOT completion).
  // An IN_PROGRESS job whose abortConfig trips is canceled here first. Call exactly once, after
  // the last change.
  Status Finish();

  // Moves an IN_PROGRESS SNAPSHOT job with no pending execution and nothing left to roll out to
  // COMPLETED (completedAt = now). Returns true if it did.
  static bool CompleteIfDone(Job& job, Timestamp now);

 private:
  void Record(const JobExecution& e, std::optional<ExecutionStatus> from, bool deadline_changed);
  void Count(std::optional<ExecutionStatus> from, std::optional<ExecutionStatus> to);
  Status MaybeRetry(const JobExecution& ended);
  Status CancelExecutions(ExecutionStatus status, const ExecutionChange& change);

  StoreTxn& txn_;
  Timestamp now_;
  Job job_;
  ChangeSet& changes_;
  std::optional<JobStatus> job_status_at_start_;
  bool job_dirty_ = false;
};

// Sets every pending (QUEUED or IN_PROGRESS) execution of `thing_name` to REMOVED, for a thing
// that was deleted or left the registry. Counters and SNAPSHOT completion of each affected job
// are updated in `txn`. For the registry service; REQUIRES: called inside ctx.store.Transact.
Status MarkThingExecutionsRemoved(EngineContext& ctx, StoreTxn& txn, ChangeSet& changes,
                                  const std::string& thing_name);

}  // namespace fleetjobs
