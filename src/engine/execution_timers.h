// Timer arithmetic of an execution (digest §5.7): the in-progress deadline set when it starts,
// the step deadline set by stepTimeoutInMinutes (never past the in-progress deadline), and the
// seconds left that the API reports. Firing the timers is the timer component's job; this file
// only computes. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "engine/execution_view.h"
#include "model/job.h"
#include "model/job_execution.h"

namespace fleetjobs {

// Sets in_progress_deadline for an execution that starts at `now` under `job`'s timeoutConfig
// (cleared when the job has none).
void StartInProgressTimer(const Job& job, Timestamp now, JobExecution& e);

// Applies a stepTimeoutInMinutes value: -1 clears the step timer, otherwise the step deadline is
// now + minutes, bounded by the in-progress deadline.
void ApplyStepTimeout(int64_t minutes, Timestamp now, JobExecution& e);

// Clears both timers (the execution became terminal).
void ClearTimers(JobExecution& e);

// The earlier of the two deadlines; nullopt when no timer runs or the execution is terminal.
std::optional<Timestamp> EffectiveDeadline(const JobExecution& e);

// Whole seconds until EffectiveDeadline (0 once it has passed); nullopt when it has none.
std::optional<int64_t> ApproximateSecondsBeforeTimedOut(const JobExecution& e, Timestamp now);

// The API view of `e` at `now`, with `job_document` attached when given.
ExecutionView MakeExecutionView(const JobExecution& e, Timestamp now,
                                std::optional<std::string> job_document = std::nullopt);

}  // namespace fleetjobs
