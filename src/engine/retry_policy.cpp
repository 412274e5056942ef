#include "engine/retry_policy.h"

namespace fleetjobs {

bool ShouldRetry(const std::optional<RetryConfig>& config, ExecutionStatus outcome, const RetriesUsed& used) {
  if (!config) return false;
  FailureType type;
  int64_t used_of_type;
  if (outcome == ExecutionStatus::kFailed) {
    type = FailureType::kFailed;
    used_of_type = used.failed;
  } else if (outcome == ExecutionStatus::kTimedOut) {
    type = FailureType::kTimedOut;
    used_of_type = used.timed_out;
  } else {
    return false;
  }
  std::optional<int64_t> own;
  std::optional<int64_t> all;
  for (const RetryCriterion& c : config->criteria_list) {
    if (c.failure_type == type) own = c.number_of_retries;
    if (c.failure_type == FailureType::kAll) all = c.number_of_retries;
  }
  if (!own && !all) return false;
  if (own && used_of_type >= *own) return false;
  if (all && used.failed + used.timed_out >= *all) return false;
  return true;
}

}  // namespace fleetjobs
