#include "api/control_requests.h"

#include <charconv>

#include "api/json_reader.h"
#include "api/pagination.h"
#include "api/wire_enums.h"
#include "model/config_json.h"

namespace fleetjobs::api {
namespace {

// Decodes an optional config member with its config_json decoder.
template <typename T, typename Decode>
Status DecodeConfig(const JsonReader& body, std::string_view key, Decode decode, std::optional<T>& out) {
  const boost::json::value* v = body.Find(key);
  if (v == nullptr) return Status::Ok();
  FJ_ASSIGN_OR_RETURN(T config, decode(*v, body.FieldName(key)));
  out = std::move(config);
  return Status::Ok();
}

// The five job configs CreateJob, UpdateJob and CreateJobTemplate share.
template <typename R>
Status DecodeJobConfigs(const JsonReader& body, R& req) {
  FJ_RETURN_IF_ERROR(DecodeConfig(body, "presignedUrlConfig", config_json::DecodePresignedUrlConfig,
                                  req.presigned_url_config));
  FJ_RETURN_IF_ERROR(
      DecodeConfig(body, "jobExecutionsRolloutConfig", config_json::DecodeRolloutConfig, req.rollout_config));
  FJ_RETURN_IF_ERROR(DecodeConfig(body, "abortConfig", config_json::DecodeAbortConfig, req.abort_config));
  FJ_RETURN_IF_ERROR(
      DecodeConfig(body, "timeoutConfig", config_json::DecodeTimeoutConfig, req.timeout_config));
  FJ_RETURN_IF_ERROR(
      DecodeConfig(body, "jobExecutionsRetryConfig", config_json::DecodeRetryConfig, req.retry_config));
  return Status::Ok();
}

Result<bool> QueryFlag(const ApiCall& call, std::string_view key) {
  FJ_ASSIGN_OR_RETURN(std::optional<bool> v, call.query.GetBool(key));
  return v.value_or(false);
}

Result<std::optional<ExecutionStatus>> QueryExecutionStatus(const ApiCall& call) {
  auto s = call.query.Get("status");
  if (!s) return std::optional<ExecutionStatus>();
  FJ_ASSIGN_OR_RETURN(ExecutionStatus status, ParseExecutionStatus(*s, "status"));
  return std::optional<ExecutionStatus>(status);
}

}  // namespace

Result<CreateJobRequest> DecodeCreateJob(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  CreateJobRequest req;
  req.job_id = call.path.Get("jobId");
  FJ_ASSIGN_OR_RETURN(auto targets, body.OptStringList("targets"));
  if (!targets) return MakeError(ErrorCode::kInvalidRequest, "targets is required");
  req.targets = std::move(*targets);
  FJ_ASSIGN_OR_RETURN(req.document, body.OptString("document"));
  FJ_ASSIGN_OR_RETURN(req.document_source, body.OptString("documentSource"));
  FJ_ASSIGN_OR_RETURN(req.description, body.OptString("description"));
  FJ_ASSIGN_OR_RETURN(auto selection, body.OptString("targetSelection"));
  if (selection) {
    FJ_ASSIGN_OR_RETURN(TargetSelection ts, ParseTargetSelection(*selection, "targetSelection"));
    req.target_selection = ts;
  }
  FJ_RETURN_IF_ERROR(DecodeJobConfigs(body, req));
  FJ_RETURN_IF_ERROR(
      DecodeConfig(body, "schedulingConfig", config_json::DecodeSchedulingConfig, req.scheduling_config));
  FJ_ASSIGN_OR_RETURN(auto tags, body.OptTagList("tags"));
  if (tags) req.tags = std::move(*tags);
  FJ_ASSIGN_OR_RETURN(req.namespace_id, body.OptString("namespaceId"));
  FJ_ASSIGN_OR_RETURN(req.job_template_arn, body.OptString("jobTemplateArn"));
  FJ_ASSIGN_OR_RETURN(req.document_parameters, body.OptStringMap("documentParameters"));
  FJ_ASSIGN_OR_RETURN(req.destination_package_versions, body.OptStringList("destinationPackageVersions"));
  return req;
}

Result<UpdateJobRequest> DecodeUpdateJob(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  UpdateJobRequest req;
  req.job_id = call.path.Get("jobId");
  req.namespace_id = call.query.Get("namespaceId");
  FJ_ASSIGN_OR_RETURN(req.description, body.OptString("description"));
  FJ_RETURN_IF_ERROR(DecodeJobConfigs(body, req));
  return req;
}

Result<CancelJobRequest> DecodeCancelJob(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  CancelJobRequest req;
  req.job_id = call.path.Get("jobId");
  FJ_ASSIGN_OR_RETURN(req.force, QueryFlag(call, "force"));
  FJ_ASSIGN_OR_RETURN(req.reason_code, body.OptString("reasonCode"));
  FJ_ASSIGN_OR_RETURN(req.comment, body.OptString("comment"));
  return req;
}

Result<DeleteJobRequest> DecodeDeleteJob(const ApiCall& call) {
  DeleteJobRequest req;
  req.job_id = call.path.Get("jobId");
  FJ_ASSIGN_OR_RETURN(req.force, QueryFlag(call, "force"));
  req.namespace_id = call.query.Get("namespaceId");
  return req;
}

Result<ListJobsRequest> DecodeListJobs(const ApiCall& call) {
  ListJobsRequest req;
  if (auto s = call.query.Get("status")) {
    FJ_ASSIGN_OR_RETURN(JobStatus status, ParseJobStatus(*s, "status"));
    req.filter.status = status;
  }
  if (auto s = call.query.Get("targetSelection")) {
    FJ_ASSIGN_OR_RETURN(TargetSelection ts, ParseTargetSelection(*s, "targetSelection"));
    req.filter.target_selection = ts;
  }
  req.filter.namespace_id = call.query.Get("namespaceId");
  req.thing_group_name = call.query.Get("thingGroupName");
  req.thing_group_id = call.query.Get("thingGroupId");
  FJ_ASSIGN_OR_RETURN(req.page, DecodePageRequest(call.query));
  return req;
}

Result<AssociateTargetsRequest> DecodeAssociateTargets(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  AssociateTargetsRequest req;
  req.job_id = call.path.Get("jobId");
  req.namespace_id = call.query.Get("namespaceId");
  FJ_ASSIGN_OR_RETURN(auto targets, body.OptStringList("targets"));
  if (!targets) return MakeError(ErrorCode::kInvalidRequest, "targets is required");
  req.targets = std::move(*targets);
  FJ_ASSIGN_OR_RETURN(req.comment, body.OptString("comment"));
  return req;
}

Result<bool> DecodeBeforeSubstitution(const ApiCall& call) { return QueryFlag(call, "beforeSubstitution"); }

Result<std::optional<int64_t>> DecodeExecutionNumberQuery(const ApiCall& call) {
  return call.query.GetInt("executionNumber");
}

Result<ListExecutionsForJobRequest> DecodeListExecutionsForJob(const ApiCall& call) {
  ListExecutionsForJobRequest req;
  req.job_id = call.path.Get("jobId");
  FJ_ASSIGN_OR_RETURN(req.status, QueryExecutionStatus(call));
  FJ_ASSIGN_OR_RETURN(req.page, DecodePageRequest(call.query));
  return req;
}

Result<ListExecutionsForThingRequest> DecodeListExecutionsForThing(const ApiCall& call) {
  ListExecutionsForThingRequest req;
  req.thing_name = call.path.Get("thingName");
  FJ_ASSIGN_OR_RETURN(req.filter.status, QueryExecutionStatus(call));
  req.filter.namespace_id = call.query.Get("namespaceId");
  req.filter.job_id = call.query.Get("jobId");
  FJ_ASSIGN_OR_RETURN(req.page, DecodePageRequest(call.query));
  return req;
}

Result<CancelJobExecutionRequest> DecodeCancelJobExecution(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  CancelJobExecutionRequest req;
  req.job_id = call.path.Get("jobId");
  req.thing_name = call.path.Get("thingName");
  FJ_ASSIGN_OR_RETURN(req.force, QueryFlag(call, "force"));
  FJ_ASSIGN_OR_RETURN(req.expected_version, body.OptInt("expectedVersion"));
  FJ_ASSIGN_OR_RETURN(req.status_details, body.OptStringMap("statusDetails"));
  return req;
}

Result<DeleteJobExecutionRequest> DecodeDeleteJobExecution(const ApiCall& call) {
  DeleteJobExecutionRequest req;
  req.job_id = call.path.Get("jobId");
  req.thing_name = call.path.Get("thingName");
  const std::string& number = call.path.Get("executionNumber");
  const char* end = number.data() + number.size();
  auto r = std::from_chars(number.data(), end, req.execution_number);
  if (r.ec != std::errc() || r.ptr != end) {
    return MakeError(ErrorCode::kInvalidRequest, "executionNumber must be an integer");
  }
  FJ_ASSIGN_OR_RETURN(req.force, QueryFlag(call, "force"));
  req.namespace_id = call.query.Get("namespaceId");
  return req;
}

Result<CreateJobTemplateRequest> DecodeCreateJobTemplate(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  CreateJobTemplateRequest req;
  req.template_id = call.path.Get("jobTemplateId");
  FJ_ASSIGN_OR_RETURN(req.description, body.ReqString("description"));
  FJ_ASSIGN_OR_RETURN(req.job_arn, body.OptString("jobArn"));
  FJ_ASSIGN_OR_RETURN(req.document, body.OptString("document"));
  FJ_ASSIGN_OR_RETURN(req.document_source, body.OptString("documentSource"));
  FJ_RETURN_IF_ERROR(DecodeJobConfigs(body, req));
  FJ_RETURN_IF_ERROR(DecodeConfig(body, "maintenanceWindows", config_json::DecodeMaintenanceWindows,
                                  req.maintenance_windows));
  FJ_ASSIGN_OR_RETURN(req.destination_package_versions, body.OptStringList("destinationPackageVersions"));
  FJ_ASSIGN_OR_RETURN(auto tags, body.OptTagList("tags"));
  if (tags) req.tags = std::move(*tags);
  return req;
}

}  // namespace fleetjobs::api
