// RolloutRate: how many executions a job's rollout may create per minute (digest §5.9).
//
// No rollout config: unlimited (every target at once). maximumPerMinute alone: that constant.
// exponentialRate: baseRatePerMinute x incrementFactor^k, where k counts how many whole multiples
// of the rate-increase threshold have been reached by the notified things
// (numberOfNotifiedThings) or the succeeded things (numberOfSucceededThings); with
// maximumPerMinute too, the exponential rate never exceeds it. Unlike AWS there is no 1,000/min
// cap: any rate >= 1 is honoured. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include "model/job_configs.h"

namespace fleetjobs {

inline constexpr int64_t kUnlimitedRate = INT64_MAX;

// `notified`: things given an execution by the rollout so far; `succeeded`: things whose latest
// execution SUCCEEDED. Always >= 1.
int64_t RolloutRatePerMinute(const std::optional<RolloutConfig>& config, int64_t notified, int64_t succeeded);

}  // namespace fleetjobs
