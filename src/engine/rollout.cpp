#include "engine/rollout.h"

#include <algorithm>

#include "engine/maintenance_windows.h"
#include "engine/rollout_rate.h"
#include "engine/schedule_time.h"

namespace fleetjobs {
namespace {

constexpr std::chrono::minutes kRolloutMinute{1};

std::optional<Timestamp> ScheduleTime(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto t = ParseScheduleTime(*text, "schedule time");
  if (!t.ok()) return std::nullopt;
  return *t;
}

bool MinuteOver(const Job& job, Timestamp now) {
  return !job.rollout.minute_start || now >= *job.rollout.minute_start + kRolloutMinute;
}

}  // namespace

bool Rollout::IsPaced(const Job& job) {
  return job.rollout_config.has_value() ||
         (job.scheduling_config && job.scheduling_config->maintenance_windows &&
          !job.scheduling_config->maintenance_windows->empty());
}

int64_t Rollout::AllowedNow(const Job& job, Timestamp now) {
  if (MinuteOver(job, now)) return MinuteRate(job);
  // A minute's rate is fixed when it begins, so neither its own releases nor things succeeding
  // within it raise its limit; the next minute sees them.
  int64_t rate = job.rollout.minute_rate;
  if (rate <= 0) {  // stored before the rate was recorded: recompute from what preceded the minute
    rate = RolloutRatePerMinute(job.rollout_config, job.rollout.notified - job.rollout.released_in_minute,
                                job.thing_details[ExecutionStatus::kSucceeded]);
  }
  return std::max<int64_t>(0, rate - job.rollout.released_in_minute);
}

int64_t Rollout::MinuteRate(const Job& job) {
  return RolloutRatePerMinute(job.rollout_config, job.rollout.notified,
                              job.thing_details[ExecutionStatus::kSucceeded]);
}

Status Rollout::Begin(StoreTxn& txn, ExecutionMutator& mutator, const std::vector<std::string>& things,
                      Timestamp now) {
  Job& job = mutator.MutableJob();
  if (!things.empty()) {
    FJ_RETURN_IF_ERROR(txn.AppendRolloutThings(job.job_id, things));
    job.rollout.remaining += static_cast<int64_t>(things.size());
    job.processing_targets = job.targets;
    job.is_concurrent = true;
  }
  mutator.MarkJobChanged();
  return Advance(txn, mutator, now);
}

Status Rollout::Advance(StoreTxn& txn, ExecutionMutator& mutator, Timestamp now) {
  Job& job = mutator.MutableJob();
  if (job.status != JobStatus::kInProgress || job.rollout.remaining <= 0) return Status::Ok();
  if (!MaintenanceWindows::ForJob(job.scheduling_config).IsOpen(now)) return Status::Ok();
  const int64_t allowed = AllowedNow(job, now);
  if (MinuteOver(job, now)) {
    job.rollout.minute_start = now;
    job.rollout.released_in_minute = 0;
    job.rollout.minute_rate = MinuteRate(job);
  }
  const int64_t n = std::min<int64_t>({allowed, job.rollout.remaining, kMaxBatch});
  if (n <= 0) return Status::Ok();
  FJ_ASSIGN_OR_RETURN(std::vector<std::string> things,
                      txn.TakeRolloutThings(job.job_id, static_cast<int>(n)));
  for (const std::string& thing : things) {
    // A continuous job's thing may have joined through a group meanwhile and got its execution.
    if (job.target_selection == TargetSelection::kContinuous) {
      auto existing = txn.GetExecution(job.job_id, thing, std::nullopt);
      if (existing.ok()) continue;
      if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();
    }
    FJ_RETURN_IF_ERROR(mutator.Enqueue(thing, 1));
  }
  // Skipped things still count as reached: the queue only ever shrinks by what was taken.
  const auto taken = static_cast<int64_t>(things.size());
  job.rollout.notified += taken;
  job.rollout.released_in_minute += taken;
  job.rollout.remaining = things.size() < static_cast<size_t>(n) ? 0 : job.rollout.remaining - taken;
  if (job.rollout.remaining == 0) {
    job.processing_targets.clear();
    job.is_concurrent = false;
  }
  mutator.MarkJobChanged();
  return Status::Ok();
}

std::optional<Timestamp> Rollout::NextJobWakeup(const Job& job, Timestamp now) {
  std::optional<Timestamp> best;
  auto consider = [&](std::optional<Timestamp> t) {
    if (t && (!best || *t < *best)) best = t;
  };
  const std::optional<SchedulingConfig>& sc = job.scheduling_config;
  if (job.status == JobStatus::kScheduled) {
    consider(ScheduleTime(sc ? sc->start_time : std::nullopt));
    return best;
  }
  if (job.status != JobStatus::kInProgress) return std::nullopt;
  if (sc) {
    std::optional<Timestamp> end = ScheduleTime(sc->end_time);
    // Until the end behavior has acted: STOP_ROLLOUT leaves nothing waiting and the other two end
    // the job, so a job past its endTime with things waiting still needs it.
    if (end && (*end > now || job.rollout.remaining > 0 ||
                sc->end_behavior.value_or(EndBehavior::kStopRollout) != EndBehavior::kStopRollout)) {
      consider(std::max(*end, now));
    }
  }
  if (job.rollout.remaining > 0) {
    MaintenanceWindows windows = MaintenanceWindows::ForJob(sc);
    if (!windows.IsOpen(now)) {
      consider(windows.NextOpen(now));
    } else if (AllowedNow(job, now) > 0) {
      consider(now);
    } else {
      consider(*job.rollout.minute_start + kRolloutMinute);
    }
  }
  return best;
}

}  // namespace fleetjobs
