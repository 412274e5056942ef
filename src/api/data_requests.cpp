#include "api/data_requests.h"

#include "api/json_reader.h"
#include "api/wire_enums.h"

namespace fleetjobs::api {

Result<DescribeDeviceExecutionRequest> DecodeDescribeDeviceExecution(const ApiCall& call) {
  DescribeDeviceExecutionRequest req;
  req.thing_name = call.path.Get("thingName");
  req.job_id = call.path.Get("jobId");
  FJ_ASSIGN_OR_RETURN(req.execution_number, call.query.GetInt("executionNumber"));
  FJ_ASSIGN_OR_RETURN(std::optional<bool> include, call.query.GetBool("includeJobDocument"));
  req.include_job_document = include.value_or(true);
  return req;
}

Result<StartNextRequest> DecodeStartNext(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  StartNextRequest req;
  req.thing_name = call.path.Get("thingName");
  FJ_ASSIGN_OR_RETURN(req.status_details, body.OptStringMap("statusDetails"));
  FJ_ASSIGN_OR_RETURN(req.step_timeout_in_minutes, body.OptInt("stepTimeoutInMinutes"));
  return req;
}

Result<UpdateJobExecutionRequest> DecodeUpdateJobExecution(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  UpdateJobExecutionRequest req;
  req.thing_name = call.path.Get("thingName");
  req.job_id = call.path.Get("jobId");
  FJ_RETURN_IF_ERROR(ReadUpdateJobExecutionBody(body, req));
  return req;
}

Status ReadUpdateJobExecutionBody(JsonReader& body, UpdateJobExecutionRequest& req) {
  FJ_ASSIGN_OR_RETURN(std::string status, body.ReqString("status"));
  FJ_ASSIGN_OR_RETURN(req.status, ParseExecutionStatus(status, "status"));
  FJ_ASSIGN_OR_RETURN(req.status_details, body.OptStringMap("statusDetails"));
  FJ_ASSIGN_OR_RETURN(req.step_timeout_in_minutes, body.OptInt("stepTimeoutInMinutes"));
  FJ_ASSIGN_OR_RETURN(req.expected_version, body.OptInt("expectedVersion"));
  FJ_ASSIGN_OR_RETURN(req.execution_number, body.OptInt("executionNumber"));
  FJ_ASSIGN_OR_RETURN(std::optional<bool> state, body.OptBool("includeJobExecutionState"));
  req.include_job_execution_state = state.value_or(false);
  FJ_ASSIGN_OR_RETURN(std::optional<bool> document, body.OptBool("includeJobDocument"));
  req.include_job_document = document.value_or(false);
  return Status::Ok();
}

}  // namespace fleetjobs::api
