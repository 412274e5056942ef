#include "engine/execution_timers.h"

#include <algorithm>
#include <chrono>

namespace fleetjobs {

void StartInProgressTimer(const Job& job, Timestamp now, JobExecution& e) {
  if (job.timeout_config && job.timeout_config->in_progress_timeout_in_minutes) {
    e.in_progress_deadline = now + std::chrono::minutes(*job.timeout_config->in_progress_timeout_in_minutes);
  } else {
    e.in_progress_deadline.reset();
  }
}

void ApplyStepTimeout(int64_t minutes, Timestamp now, JobExecution& e) {
  if (minutes < 0) {
    e.step_deadline.reset();
    return;
  }
  Timestamp deadline = now + std::chrono::minutes(minutes);
  if (e.in_progress_deadline) deadline = std::min(deadline, *e.in_progress_deadline);
  e.step_deadline = deadline;
}

void ClearTimers(JobExecution& e) {
  e.in_progress_deadline.reset();
  e.step_deadline.reset();
}

std::optional<Timestamp> EffectiveDeadline(const JobExecution& e) {
  if (IsTerminal(e.status)) return std::nullopt;
  if (e.in_progress_deadline && e.step_deadline) return std::min(*e.in_progress_deadline, *e.step_deadline);
  if (e.in_progress_deadline) return e.in_progress_deadline;
  return e.step_deadline;
}

std::optional<int64_t> ApproximateSecondsBeforeTimedOut(const JobExecution& e, Timestamp now) {
  auto deadline = EffectiveDeadline(e);
  if (!deadline) return std::nullopt;
  if (*deadline <= now) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(*deadline - now).count();
}

ExecutionView MakeExecutionView(const JobExecution& e, Timestamp now,
                                std::optional<std::string> job_document) {
  ExecutionView view;
  view.execution = e;
  view.approximate_seconds_before_timed_out = ApproximateSecondsBeforeTimedOut(e, now);
  view.job_document = std::move(job_document);
  return view;
}

}  // namespace fleetjobs
