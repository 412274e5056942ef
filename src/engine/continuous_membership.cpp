#include "engine/continuous_membership.h"

#include <algorithm>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/schedule_time.h"
#include "model/execution_status.h"
#include "model/job_status.h"

namespace fleetjobs {
namespace {

constexpr int kScanBatch = 1000;  // rows per store page

bool HasPending(const Job& job) {
  return job.process_details[ExecutionStatus::kQueued] + job.process_details[ExecutionStatus::kInProgress] >
         0;
}

// True once the job's schedulingConfig.endTime has passed: no execution is created any more,
// whatever the endBehavior (STOP_ROLLOUT stops creating them; CANCEL and FORCE_CANCEL also do).
Result<bool> EndTimePassed(const Job& job, Timestamp now) {
  if (!job.scheduling_config || !job.scheduling_config->end_time) return false;
  FJ_ASSIGN_OR_RETURN(Timestamp end, ParseScheduleTime(*job.scheduling_config->end_time, "endTime"));
  return now >= end;
}

}  // namespace

ContinuousMembership::ContinuousMembership(EngineContext& ctx, StoreTxn& txn, ChangeSet& changes)
    : ctx_(ctx), txn_(txn), changes_(changes), now_(ctx.clock.Now()), resolver_(ctx.arns, txn) {}

Result<std::map<std::string, Job>> ContinuousMembership::JobsTargetingGroup(const std::string& group_name,
                                                                            bool in_progress_only) {
  std::map<std::string, Job> out;
  FJ_ASSIGN_OR_RETURN(std::vector<std::string> chain, resolver_.GroupAndAncestorArns(group_name));
  for (std::string& arn : chain) {
    JobFilter filter;
    filter.target_selection = TargetSelection::kContinuous;
    filter.target_arn = std::move(arn);
    if (in_progress_only) filter.status = JobStatus::kInProgress;
    PageRequest page;
    page.limit = kScanBatch;
    for (;;) {
      FJ_ASSIGN_OR_RETURN(Page<Job> jobs, txn_.ListJobs(filter, page));
      for (Job& job : jobs.items) {
        // Departures: a finished job keeps its executions as they are (an IN_PROGRESS execution
        // of a job canceled without force may still be finished by its device).
        const bool open = job.status == JobStatus::kInProgress || job.status == JobStatus::kScheduled;
        if (!in_progress_only && !(open && HasPending(job))) continue;
        std::string id = job.job_id;
        out.emplace(std::move(id), std::move(job));
      }
      if (!jobs.next) break;
      page.after = *jobs.next;
    }
  }
  return out;
}

ExecutionMutator& ContinuousMembership::MutatorFor(const Job& job) {
  auto it = mutators_.find(job.job_id);
  if (it == mutators_.end()) {
    it = mutators_.emplace(job.job_id, std::make_unique<ExecutionMutator>(txn_, now_, job, changes_)).first;
  }
  return *it->second;
}

Status ContinuousMembership::FinishAll() {
  auto mutators = std::move(mutators_);
  mutators_.clear();
  for (auto& [job_id, mutator] : mutators) FJ_RETURN_IF_ERROR(mutator->Finish());
  return Status::Ok();
}

Status ContinuousMembership::OnThingAdded(const std::string& group_name, const std::string& thing_name) {
  FJ_ASSIGN_OR_RETURN(auto jobs, JobsTargetingGroup(group_name, /*in_progress_only=*/true));
  for (const auto& [job_id, job] : jobs) {
    FJ_ASSIGN_OR_RETURN(bool ended, EndTimePassed(job, now_));
    if (ended) continue;
    // One pending execution per (job, thing) at most, and it is the highest-numbered one.
    int64_t next_number = 1;
    Result<JobExecution> latest = txn_.GetExecution(job_id, thing_name, std::nullopt);
    if (latest.ok()) {
      if (IsPending(latest->status)) continue;
      next_number = latest->execution_number + 1;
    } else if (latest.error().code != ErrorCode::kNotFound) {
      return latest.take_error();
    }
    // Re-entry starts over: retryAttempt 0, so the job's whole retry budget applies again.
    FJ_RETURN_IF_ERROR(MutatorFor(job).Enqueue(thing_name, next_number, /*retry_attempt=*/0));
  }
  return FinishAll();
}

Status ContinuousMembership::OnThingRemoved(const std::string& group_name, const std::string& thing_name) {
  FJ_ASSIGN_OR_RETURN(auto jobs, JobsTargetingGroup(group_name, /*in_progress_only=*/false));
  if (jobs.empty()) return Status::Ok();
  FJ_RETURN_IF_ERROR(RemoveUnreached(jobs, thing_name, std::nullopt));
  return FinishAll();
}

Status ContinuousMembership::OnGroupDeleting(const std::string& group_name) {
  FJ_ASSIGN_OR_RETURN(auto jobs, JobsTargetingGroup(group_name, /*in_progress_only=*/false));
  if (jobs.empty()) return Status::Ok();
  // Only executions change below, never memberships, so the member pages stay stable.
  PageRequest page;
  page.limit = kScanBatch;
  for (;;) {
    FJ_ASSIGN_OR_RETURN(Page<std::string> members, txn_.ListThingsInGroup(group_name, page));
    for (const std::string& thing : members.items) {
      FJ_RETURN_IF_ERROR(RemoveUnreached(jobs, thing, group_name));
    }
    if (!members.next) break;
    page.after = *members.next;
  }
  return FinishAll();
}

Status ContinuousMembership::RemoveUnreached(const std::map<std::string, Job>& jobs,
                                             const std::string& thing_name,
                                             const std::optional<std::string>& ignored_group) {
  FJ_ASSIGN_OR_RETURN(std::unordered_set<std::string> reaching,
                      resolver_.TargetsReaching(thing_name, ignored_group));
  ExecutionChange change;
  change.to = ExecutionStatus::kRemoved;
  change.actor = ExecutionActor::kService;
  for (const auto& [job_id, job] : jobs) {
    const bool still_reached = std::any_of(job.targets.begin(), job.targets.end(),
                                           [&](const std::string& t) { return reaching.count(t) != 0; });
    if (still_reached) continue;
    Result<JobExecution> latest = txn_.GetExecution(job_id, thing_name, std::nullopt);
    if (!latest.ok()) {
      if (latest.error().code == ErrorCode::kNotFound) continue;
      return latest.take_error();
    }
    // The pending execution may be a queued retry; it goes too (digest §5.8).
    if (!IsPending(latest->status)) continue;
    FJ_RETURN_IF_ERROR(MutatorFor(job).Apply(latest.value(), change));
  }
  return Status::Ok();
}

}  // namespace fleetjobs
