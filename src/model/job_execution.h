// JobExecution: one execution of a job on one thing.
//
// (job_id, thing_name, execution_number) is the key. At most one non-terminal execution exists
// per (job_id, thing_name).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/clock.h"
#include "model/execution_status.h"

namespace fleetjobs {

using StatusDetails = std::map<std::string, std::string>;

struct JobExecution {
  std::string job_id;
  std::string thing_name;
  int64_t execution_number = 1;
  ExecutionStatus status = ExecutionStatus::kQueued;
  bool force_canceled = false;
  StatusDetails status_details;
  Timestamp queued_at{};
  std::optional<Timestamp> started_at;
  Timestamp last_updated_at{};
  int64_t version_number = 1;
  int64_t retry_attempt = 0;
  // Timer deadlines while IN_PROGRESS (absent when no timer runs).
  std::optional<Timestamp> in_progress_deadline;
  std::optional<Timestamp> step_deadline;
  // Copied from the job so per-thing listings can filter without a join.
  std::optional<std::string> namespace_id;
};

}  // namespace fleetjobs
