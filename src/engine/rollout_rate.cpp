#include "engine/rollout_rate.h"

#include <algorithm>
#include <cmath>

namespace fleetjobs {

int64_t RolloutRatePerMinute(const std::optional<RolloutConfig>& config, int64_t notified,
                             int64_t succeeded) {
  if (!config) return kUnlimitedRate;
  const int64_t cap = config->maximum_per_minute.value_or(kUnlimitedRate);
  if (!config->exponential_rate) return std::max<int64_t>(1, cap);
  const ExponentialRolloutRate& exp = *config->exponential_rate;
  const RateIncreaseCriteria& c = exp.rate_increase_criteria;
  int64_t steps = 0;
  if (c.number_of_notified_things && *c.number_of_notified_things > 0) {
    steps = notified / *c.number_of_notified_things;
  } else if (c.number_of_succeeded_things && *c.number_of_succeeded_things > 0) {
    steps = succeeded / *c.number_of_succeeded_things;
  }
  // Computed in floating point and clamped before converting, so a long ramp cannot overflow.
  double rate = static_cast<double>(exp.base_rate_per_minute) *
                std::pow(exp.increment_factor, static_cast<double>(std::min<int64_t>(steps, 4096)));
  double limit = static_cast<double>(cap);
  if (!(rate < limit)) return std::max<int64_t>(1, cap);
  return std::max<int64_t>(1, static_cast<int64_t>(std::floor(rate + 1e-9)));
}

}  // namespace fleetjobs
