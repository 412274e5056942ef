// AbortPolicy: whether a job's abortConfig tells the engine to cancel it (digest §5.10).
//
// Counts are per thing (Job::thing_details: each thing by its latest execution), so a thing that
// failed and is being retried is not counted as a failure while its retry is pending. A thing has
// "executed" once its latest execution ended SUCCEEDED, FAILED, REJECTED or TIMED_OUT (CANCELED and
// REMOVED things never ran to an outcome). For each criterion: once at least
// minNumberOfExecutedThings things have executed, the job aborts when
// failures(failureType) / executed >= thresholdPercentage / 100, with ALL = FAILED + REJECTED +
// TIMED_OUT. The comparison is exact (integers; thresholds have at most two decimals).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/job.h"
#include "model/job_configs.h"

namespace fleetjobs {

struct AbortDecision {
  AbortCriterion criterion;  // the first criterion of the list that tripped
  int64_t executed = 0;
  int64_t failures = 0;
};

std::optional<AbortDecision> CheckAbort(const std::optional<AbortConfig>& config,
                                        const JobProcessDetails& things);

// The comment stored on a job canceled by `decision`, e.g. "Canceled by abortConfig: 3 of 10
// executed things (30%) ended FAILED; threshold 20% after at least 5".
std::string AbortComment(const AbortDecision& decision);

// The reasonCode stored on a job canceled by its abortConfig.
inline constexpr const char* kAbortReasonCode = "ABORT_CRITERIA_MET";

}  // namespace fleetjobs
