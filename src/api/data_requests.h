// DataRequests: decoders of the data-plane (`iot-jobs-data`) requests. Same rules as
// ControlRequests. Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "api/api_call.h"
#include "common/result.h"
#include "engine/device_service.h"

namespace fleetjobs::api {

struct DescribeDeviceExecutionRequest {
  std::string thing_name;
  std::string job_id;  // may be "$next"
  std::optional<int64_t> execution_number;
  bool include_job_document = true;  // the model's default
};

Result<DescribeDeviceExecutionRequest> DecodeDescribeDeviceExecution(const ApiCall& call);
Result<StartNextRequest> DecodeStartNext(const ApiCall& call);
Result<UpdateJobExecutionRequest> DecodeUpdateJobExecution(const ApiCall& call);

}  // namespace fleetjobs::api
