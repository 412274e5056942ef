#include "engine/job_runner.h"

#include <vector>

#include "engine/execution_mutator.h"
#include "engine/execution_timers.h"
#include "engine/rollout.h"
#include "engine/schedule_time.h"
#include "engine/target_resolver.h"
#include "model/config_json.h"

namespace fleetjobs {
namespace {

inline constexpr const char* kEndTimeReasonCode = "SCHEDULED_END_TIME";

// SCHEDULED -> IN_PROGRESS: the targets are resolved now, as the registry stands at startTime.
Status StartScheduledJob(EngineContext& ctx, StoreTxn& txn, ExecutionMutator& mutator, Timestamp now) {
  Job& job = mutator.MutableJob();
  job.status = JobStatus::kInProgress;
  mutator.MarkJobChanged();
  TargetResolver resolver(ctx.arns, txn);
  std::vector<std::string> things;
  FJ_RETURN_IF_ERROR(resolver.Expand(job.targets, [&](const std::string& thing) {
    things.push_back(thing);
    return Status::Ok();
  }));
  if (Rollout::IsPaced(job)) return Rollout::Begin(txn, mutator, things, now);
  for (const std::string& thing : things) FJ_RETURN_IF_ERROR(mutator.Enqueue(thing, 1));
  return Status::Ok();
}

Status ApplyEndBehavior(ExecutionMutator& mutator, const SchedulingConfig& sc) {
  const EndBehavior behavior = sc.end_behavior.value_or(EndBehavior::kStopRollout);
  if (behavior == EndBehavior::kStopRollout) return mutator.StopRollout();
  const bool force = behavior == EndBehavior::kForceCancel;
  return mutator.CancelJob(force, std::string(kEndTimeReasonCode),
                           "Canceled at the scheduled endTime " + sc.end_time.value_or("") +
                               " (endBehavior " + (force ? "FORCE_CANCEL" : "CANCEL") + ")");
}

}  // namespace

Status JobRunner::FireExecutionTimer(const std::string& job_id, const std::string& thing_name,
                                     int64_t execution_number) {
  const Timestamp now = ctx_.clock.Now();
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    auto exec = txn.GetExecution(job_id, thing_name, execution_number);
    if (!exec.ok()) return exec.error().code == ErrorCode::kNotFound ? Status::Ok() : exec.take_error();
    if (exec->status != ExecutionStatus::kInProgress) return Status::Ok();
    std::optional<Timestamp> deadline = EffectiveDeadline(*exec);
    if (!deadline || *deadline > now) return Status::Ok();
    FJ_ASSIGN_OR_RETURN(Job job, txn.GetJob(job_id));
    ExecutionMutator mutator(txn, now, std::move(job), changes);
    ExecutionChange change;
    change.to = ExecutionStatus::kTimedOut;
    change.actor = ExecutionActor::kService;
    FJ_RETURN_IF_ERROR(mutator.Apply(*exec, change));
    return mutator.Finish();
  });
}

Status JobRunner::WakeJob(const std::string& job_id) {
  const Timestamp now = ctx_.clock.Now();
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    auto loaded = txn.GetJob(job_id);
    if (!loaded.ok()) return loaded.error().code == ErrorCode::kNotFound ? Status::Ok() : loaded.take_error();
    ExecutionMutator mutator(txn, now, std::move(loaded).value(), changes);
    Job& job = mutator.MutableJob();
    const std::optional<SchedulingConfig>& sc = job.scheduling_config;
    if (job.status == JobStatus::kScheduled && sc && sc->start_time) {
      auto start = ParseScheduleTime(*sc->start_time, "schedulingConfig.startTime");
      if (start.ok() && *start <= now) FJ_RETURN_IF_ERROR(StartScheduledJob(ctx_, txn, mutator, now));
    }
    if (job.status == JobStatus::kInProgress && sc && sc->end_time) {
      auto end = ParseScheduleTime(*sc->end_time, "schedulingConfig.endTime");
      if (end.ok() && *end <= now) FJ_RETURN_IF_ERROR(ApplyEndBehavior(mutator, *sc));
    }
    FJ_RETURN_IF_ERROR(Rollout::Advance(txn, mutator, now));
    // Written even when nothing changed, so the ChangeSet carries the next wake-up.
    mutator.MarkJobChanged();
    return mutator.Finish();
  });
}

}  // namespace fleetjobs
