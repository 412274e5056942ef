#include "engine/abort_policy.h"

#include <cmath>
#include <cstdio>

#include "model/config_json.h"

namespace fleetjobs {
namespace {

using S = ExecutionStatus;

int64_t Failures(FailureType type, const JobProcessDetails& d) {
  switch (type) {
    case FailureType::kFailed:
      return d[S::kFailed];
    case FailureType::kRejected:
      return d[S::kRejected];
    case FailureType::kTimedOut:
      return d[S::kTimedOut];
    case FailureType::kAll:
      return d[S::kFailed] + d[S::kRejected] + d[S::kTimedOut];
  }
  return 0;
}

std::string FailureWords(FailureType type) {
  if (type == FailureType::kAll) return "FAILED, REJECTED or TIMED_OUT";
  return std::string(config_json::FailureTypeName(type));
}

std::string Percent(double p) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", p);
  std::string s(buf);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

}  // namespace

std::optional<AbortDecision> CheckAbort(const std::optional<AbortConfig>& config,
                                        const JobProcessDetails& things) {
  if (!config) return std::nullopt;
  const int64_t executed =
      things[S::kSucceeded] + things[S::kFailed] + things[S::kRejected] + things[S::kTimedOut];
  if (executed <= 0) return std::nullopt;
  for (const AbortCriterion& c : config->criteria_list) {
    if (executed < c.min_number_of_executed_things) continue;
    const int64_t failures = Failures(c.failure_type, things);
    // failures / executed >= threshold / 100, with the threshold in hundredths of a percent.
    const int64_t threshold_bp = std::llround(c.threshold_percentage * 100.0);
    if (failures > 0 && failures * 10000 >= threshold_bp * executed) {
      return AbortDecision{c, executed, failures};
    }
  }
  return std::nullopt;
}

std::string AbortComment(const AbortDecision& d) {
  return "Canceled by abortConfig: " + std::to_string(d.failures) + " of " + std::to_string(d.executed) +
         " executed things (" +
         Percent(100.0 * static_cast<double>(d.failures) / static_cast<double>(d.executed)) + ") ended " +
         FailureWords(d.criterion.failure_type) + "; threshold " + Percent(d.criterion.threshold_percentage) +
         " after at least " + std::to_string(d.criterion.min_number_of_executed_things);
}

}  // namespace fleetjobs
