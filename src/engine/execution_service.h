// ExecutionService: the control-plane operations on job executions.
// Thread-safe: every call is one store transaction.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "engine/engine_context.h"
#include "engine/execution_view.h"
#include "store/store.h"

namespace fleetjobs {

struct CancelJobExecutionRequest {
  std::string job_id;
  std::string thing_name;
  bool force = false;
  std::optional<int64_t> expected_version;
  std::optional<StatusDetails> status_details;
};

struct DeleteJobExecutionRequest {
  std::string job_id;
  std::string thing_name;
  int64_t execution_number = 0;
  bool force = false;
  std::optional<std::string> namespace_id;
};

class ExecutionService {
 public:
  explicit ExecutionService(EngineContext& ctx) : ctx_(ctx) {}

  Result<ExecutionView> DescribeJobExecution(const std::string& job_id, const std::string& thing_name,
                                             std::optional<int64_t> execution_number);
  Result<Page<JobExecution>> ListJobExecutionsForJob(const std::string& job_id,
                                                     std::optional<ExecutionStatus> status,
                                                     const PageRequest& page);
  Result<Page<JobExecution>> ListJobExecutionsForThing(const std::string& thing_name,
                                                       const ExecutionFilter& filter,
                                                       const PageRequest& page);
  Status CancelJobExecution(const CancelJobExecutionRequest& req);
  Status DeleteJobExecution(const DeleteJobExecutionRequest& req);

 private:
  EngineContext& ctx_;
};

}  // namespace fleetjobs
