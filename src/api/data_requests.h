// DataRequests: decoders of the data-plane (`iot-jobs-data`) requests. Same rules as
// ControlRequests. Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "api/api_call.h"
#include "api/json_reader.h"
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

// The body members of an UpdateJobExecution request (status, statusDetails, stepTimeoutInMinutes,
// expectedVersion, executionNumber, includeJobExecutionState, includeJobDocument) into `req`, whose
// thing and job names the caller sets: shared by the HTTP data plane and the MQTT `update` topic.
Status ReadUpdateJobExecutionBody(JsonReader& body, UpdateJobExecutionRequest& req);

}  // namespace fleetjobs::api
