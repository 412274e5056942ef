// DeviceService: the device-facing operations (the iot-jobs-data API and, later, the MQTT jobs
// topics call exactly these). Thread-safe: every call is one store transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "engine/engine_context.h"
#include "engine/execution_view.h"
#include "store/store.h"

namespace fleetjobs {

struct PendingExecutions {
  std::vector<JobExecution> in_progress;  // oldest queued first
  std::vector<JobExecution> queued;       // oldest queued first
};

struct StartNextRequest {
  std::string thing_name;
  std::optional<StatusDetails> status_details;
  std::optional<int64_t> step_timeout_in_minutes;
};

struct UpdateJobExecutionRequest {
  std::string thing_name;
  std::string job_id;
  ExecutionStatus status = ExecutionStatus::kInProgress;
  std::optional<StatusDetails> status_details;
  std::optional<int64_t> step_timeout_in_minutes;
  std::optional<int64_t> expected_version;
  std::optional<int64_t> execution_number;
  bool include_job_execution_state = false;
  bool include_job_document = false;
};

struct UpdateJobExecutionResult {
  std::optional<JobExecution> execution_state;  // when include_job_execution_state
  std::optional<std::string> job_document;      // when include_job_document
};

class DeviceService {
 public:
  explicit DeviceService(EngineContext& ctx) : ctx_(ctx) {}

  static constexpr std::string_view kNextJobId = "$next";

  Result<PendingExecutions> GetPendingJobExecutions(const std::string& thing_name);
  // job_id may be "$next": the head of the pending list, nullopt when nothing is pending.
  Result<std::optional<ExecutionView>> DescribeJobExecution(const std::string& thing_name,
                                                            const std::string& job_id,
                                                            std::optional<int64_t> execution_number,
                                                            bool include_job_document);
  // nullopt when nothing is pending.
  Result<std::optional<ExecutionView>> StartNextPendingJobExecution(const StartNextRequest& req);
  Result<UpdateJobExecutionResult> UpdateJobExecution(const UpdateJobExecutionRequest& req);

 private:
  EngineContext& ctx_;
};

}  // namespace fleetjobs
