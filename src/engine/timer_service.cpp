#include "engine/timer_service.h"

#include <spdlog/spdlog.h>

#include "engine/execution_timers.h"
#include "engine/rollout.h"

namespace fleetjobs {
namespace {

constexpr int kRecoverBatch = 1000;
// A timer whose action failed (store unavailable) is tried again this much later.
constexpr std::chrono::seconds kRetryAfterFailure{5};

}  // namespace

Status TimerService::Recover() {
  const Timestamp now = ctx_.clock.Now();
  return ctx_.store.Read([&](StoreTxn& txn) -> Status {
    PageRequest page;
    page.limit = kRecoverBatch;
    for (;;) {
      FJ_ASSIGN_OR_RETURN(Page<JobExecution> execs, txn.ListTimedExecutions(page));
      for (const JobExecution& e : execs.items) {
        if (e.status != ExecutionStatus::kInProgress) continue;
        queue_.Set(TimerKey::Execution(e.job_id, e.thing_name, e.execution_number), EffectiveDeadline(e));
      }
      if (!execs.next) break;
      page.after = *execs.next;
    }
    for (JobStatus status : {JobStatus::kScheduled, JobStatus::kInProgress}) {
      JobFilter filter;
      filter.status = status;
      PageRequest jobs_page;
      jobs_page.limit = kRecoverBatch;
      for (;;) {
        FJ_ASSIGN_OR_RETURN(Page<Job> jobs, txn.ListJobs(filter, jobs_page));
        for (const Job& job : jobs.items)
          queue_.Set(TimerKey::Job(job.job_id), Rollout::NextJobWakeup(job, now));
        if (!jobs.next) break;
        jobs_page.after = *jobs.next;
      }
    }
    return Status::Ok();
  });
}

void TimerService::OnCommitted(const ChangeSet& changes) {
  bool armed = false;
  for (const ExecutionRecordChange& c : changes.executions) {
    if (!c.deadline_changed && c.to) continue;
    const bool running = c.to && *c.to == ExecutionStatus::kInProgress;
    std::optional<Timestamp> due = running ? c.deadline : std::nullopt;
    queue_.Set(TimerKey::Execution(c.job_id, c.thing_name, c.execution_number), due);
    armed |= due.has_value();
  }
  for (const JobRecordChange& c : changes.jobs) {
    std::optional<Timestamp> due = c.to ? c.next_wakeup : std::nullopt;
    queue_.Set(TimerKey::Job(c.job_id), due);
    armed |= due.has_value();
  }
  if (armed && on_armed_) on_armed_();
}

int64_t TimerService::FireDue() {
  std::lock_guard<std::mutex> lock(fire_mu_);
  int64_t fired = 0;
  for (;;) {
    const Timestamp now = ctx_.clock.Now();
    auto due = queue_.PopDue(now);
    if (!due) break;
    const TimerKey& key = due->second;
    Status st = key.kind == TimerKey::Kind::kExecution
                    ? runner_.FireExecutionTimer(key.job_id, key.thing_name, key.execution_number)
                    : runner_.WakeJob(key.job_id);
    ++fired;
    if (!st.ok()) {
      spdlog::warn("timer of job {} {} failed, retrying in {}s: {}", key.job_id, key.thing_name,
                   kRetryAfterFailure.count(), st.error().message);
      queue_.Set(key, now + kRetryAfterFailure);
    }
  }
  return fired;
}

}  // namespace fleetjobs
