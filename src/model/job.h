// Job: one stored job and its live counters.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/execution_status.h"
#include "model/job_configs.h"
#include "model/job_status.h"

namespace fleetjobs {

enum class TargetSelection : int8_t { kSnapshot = 0, kContinuous = 1 };

// Number of executions of a job currently in each status (jobProcessDetails). Kept exact by the
// engine in the same transaction as every execution change.
struct JobProcessDetails {
  int64_t by_status[kExecutionStatusCount] = {};
  int64_t& operator[](ExecutionStatus s) { return by_status[static_cast<int>(s)]; }
  int64_t operator[](ExecutionStatus s) const { return by_status[static_cast<int>(s)]; }
  bool operator==(const JobProcessDetails&) const = default;
};

// Where a rollout stands (engine bookkeeping, stored with the job). Things not yet rolled out wait
// in the store's rollout queue, in target order.
struct RolloutProgress {
  int64_t notified = 0;   // things given an execution by the rollout so far
  int64_t remaining = 0;  // things still waiting in the rollout queue
  // Start of the current rollout minute, how many executions it has released, and its rate, fixed
  // when the minute began (0: not recorded, as in jobs stored before schema version 3).
  std::optional<Timestamp> minute_start;
  int64_t released_in_minute = 0;
  int64_t minute_rate = 0;
  bool operator==(const RolloutProgress&) const = default;
};

struct Job {
  std::string job_id;
  std::string job_arn;
  TargetSelection target_selection = TargetSelection::kSnapshot;
  JobStatus status = JobStatus::kInProgress;
  bool force_canceled = false;
  std::optional<std::string> reason_code;
  std::optional<std::string> comment;
  std::optional<std::string> description;
  std::vector<std::string> targets;  // ARNs as given (things and thing groups)
  std::optional<std::string> document;
  std::optional<std::string> document_source;
  std::optional<PresignedUrlConfig> presigned_url_config;
  std::optional<RolloutConfig> rollout_config;
  std::optional<AbortConfig> abort_config;
  std::optional<TimeoutConfig> timeout_config;
  std::optional<RetryConfig> retry_config;
  std::optional<SchedulingConfig> scheduling_config;
  std::optional<std::string> namespace_id;
  std::optional<std::string> job_template_arn;
  std::map<std::string, std::string> document_parameters;
  std::vector<std::string> destination_package_versions;
  Timestamp created_at{};
  Timestamp last_updated_at{};
  std::optional<Timestamp> completed_at;
  // jobProcessDetails as AWS reports it: executions currently in each status, every attempt of a
  // retried thing counted (so one thing retried 3 times can show numberOfFailedThings 3).
  JobProcessDetails process_details;
  // Each thing counted once, by the status of its latest execution. Abort percentages and the
  // numberOfSucceededThings rate criterion use these, so retries do not inflate progress.
  JobProcessDetails thing_details;
  // Targets still being expanded or rolled out; empty once done.
  std::vector<std::string> processing_targets;
  bool is_concurrent = false;
  RolloutProgress rollout;
  // Incremented on every stored change; used for optimistic concurrency between replicas.
  int64_t row_version = 0;
};

}  // namespace fleetjobs
