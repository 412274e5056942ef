// ContinuousMembership: keeps CONTINUOUS jobs in step with thing-group membership (digest §5.3,
// §5.4, §5.8; docs/semantics.md, "Continuous jobs").
//
// The registry service calls it inside the transaction that changes a membership, so the new or
// REMOVED executions commit (or roll back) with the registry change and are recorded in the
// transaction's ChangeSet:
// * a thing that joins a group gets a QUEUED execution of every IN_PROGRESS CONTINUOUS job that
//   targets the group or one of its ancestors, unless it has a pending execution of that job
//   already, or the job's schedulingConfig.endTime has passed. The execution takes the next
//   executionNumber of (job, thing) and retryAttempt 0 (retries reset on re-entry);
// * a thing that leaves a group, or whose group is deleted, loses its pending (QUEUED or
//   IN_PROGRESS, retries included) execution of every CONTINUOUS job, not yet finished, that it no
//   longer reaches through any target: the execution becomes REMOVED.
// Affected jobs are found through the store's target index (JobFilter::target_arn), one query per
// group of the changed group's ancestor chain; jobs are never scanned.
//
// Ownership: borrows the context, the transaction and the ChangeSet, which must outlive it. Each
// On* call writes every job row it changed before it returns (one ExecutionMutator per job).
// Thread safety: none; used only by the thread running the store transaction.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "engine/change_set.h"
#include "engine/engine_context.h"
#include "engine/execution_mutator.h"
#include "engine/target_resolver.h"
#include "model/job.h"
#include "store/store.h"

namespace fleetjobs {

class ContinuousMembership {
 public:
  ContinuousMembership(EngineContext& ctx, StoreTxn& txn, ChangeSet& changes);

  // `thing_name` has just been added to `group_name`.
  // REQUIRES: the membership is stored; both exist.
  Status OnThingAdded(const std::string& group_name, const std::string& thing_name);

  // `thing_name` has just been removed from `group_name`.
  // REQUIRES: the membership is already gone; the group still exists.
  Status OnThingRemoved(const std::string& group_name, const std::string& thing_name);

  // `group_name` is about to be deleted: its direct members lose it.
  // REQUIRES: called before the group row and its memberships are deleted; the group has no child
  // groups (the registry refuses to delete a parent).
  Status OnGroupDeleting(const std::string& group_name);

 private:
  // CONTINUOUS jobs whose targets contain `group_name` or one of its ancestors, by job id.
  // `in_progress_only`: only IN_PROGRESS jobs (joins); otherwise every job that is not finished and
  // has a pending execution (departures).
  Result<std::map<std::string, Job>> JobsTargetingGroup(const std::string& group_name, bool in_progress_only);

  // Removes the pending execution of `thing_name` in each of `jobs` that no target of the job
  // reaches any more. `ignored_group`: see TargetResolver::TargetsReaching.
  // Mutators are created on first use, one per job, and finished by FinishAll().
  Status RemoveUnreached(const std::map<std::string, Job>& jobs, const std::string& thing_name,
                         const std::optional<std::string>& ignored_group);
  ExecutionMutator& MutatorFor(const Job& job);
  Status FinishAll();

  EngineContext& ctx_;
  StoreTxn& txn_;
  ChangeSet& changes_;
  Timestamp now_;
  TargetResolver resolver_;
  std::map<std::string, std::unique_ptr<ExecutionMutator>> mutators_;
};

}  // namespace fleetjobs
