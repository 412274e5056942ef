// The job configuration records AWS defines (rollout, abort, timeout, retry, presigned URLs,
// scheduling). Plain data: validation lives in engine/validation, wire and storage JSON in
// model/config_json. Optional members are the ones AWS lets a caller omit; they are echoed back
// exactly as given (an omitted member stays omitted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fleetjobs {

struct PresignedUrlConfig {
  std::optional<std::string> role_arn;
  std::optional<int64_t> expires_in_sec;
  bool operator==(const PresignedUrlConfig&) const = default;
};

struct RateIncreaseCriteria {
  std::optional<int64_t> number_of_notified_things;
  std::optional<int64_t> number_of_succeeded_things;
  bool operator==(const RateIncreaseCriteria&) const = default;
};

struct ExponentialRolloutRate {
  int64_t base_rate_per_minute = 0;
  double increment_factor = 0;
  RateIncreaseCriteria rate_increase_criteria;
  bool operator==(const ExponentialRolloutRate&) const = default;
};

struct RolloutConfig {
  std::optional<int64_t> maximum_per_minute;
  std::optional<ExponentialRolloutRate> exponential_rate;
  bool operator==(const RolloutConfig&) const = default;
};

// Storage values: never renumber.
enum class FailureType : int8_t { kFailed = 0, kRejected = 1, kTimedOut = 2, kAll = 3 };
enum class AbortAction : int8_t { kCancel = 0 };

struct AbortCriterion {
  FailureType failure_type = FailureType::kFailed;
  AbortAction action = AbortAction::kCancel;
  double threshold_percentage = 0;
  int64_t min_number_of_executed_things = 0;
  bool operator==(const AbortCriterion&) const = default;
};

struct AbortConfig {
  std::vector<AbortCriterion> criteria_list;
  bool operator==(const AbortConfig&) const = default;
};

struct TimeoutConfig {
  std::optional<int64_t> in_progress_timeout_in_minutes;
  bool operator==(const TimeoutConfig&) const = default;
};

struct RetryCriterion {
  FailureType failure_type = FailureType::kFailed;  // kFailed, kTimedOut or kAll
  int64_t number_of_retries = 0;
  bool operator==(const RetryCriterion&) const = default;
};

struct RetryConfig {
  std::vector<RetryCriterion> criteria_list;
  bool operator==(const RetryConfig&) const = default;
};

enum class EndBehavior : int8_t { kStopRollout = 0, kCancel = 1, kForceCancel = 2 };

struct MaintenanceWindow {
  std::string start_time;  // cron expression
  int64_t duration_in_minutes = 0;
  bool operator==(const MaintenanceWindow&) const = default;
};

struct SchedulingConfig {
  std::optional<std::string> start_time;  // "YYYY-MM-DDTHH:MM", UTC
  std::optional<std::string> end_time;
  std::optional<EndBehavior> end_behavior;
  std::optional<std::vector<MaintenanceWindow>> maintenance_windows;
  bool operator==(const SchedulingConfig&) const = default;
};

}  // namespace fleetjobs
