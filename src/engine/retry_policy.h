// RetryPolicy: whether an execution that just ended FAILED or TIMED_OUT gets another attempt
// (digest §5.8).
//
// Budgets per failure type: a FAILED (or TIMED_OUT) criterion limits the retries spent on that
// type; an ALL criterion limits the retries of both types together, and is the only limit for a
// type without its own criterion. REJECTED, REMOVED and CANCELED are never retried. A thing's
// "chain" is its latest first attempt (retryAttempt 0) and the retries after it; a continuous
// job's re-entry starts a new chain, so used retries reset. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include "model/execution_status.h"
#include "model/job_configs.h"

namespace fleetjobs {

struct RetriesUsed {
  int64_t failed = 0;     // earlier attempts of the chain that ended FAILED
  int64_t timed_out = 0;  // earlier attempts of the chain that ended TIMED_OUT
};

bool ShouldRetry(const std::optional<RetryConfig>& config, ExecutionStatus outcome, const RetriesUsed& used);

}  // namespace fleetjobs
