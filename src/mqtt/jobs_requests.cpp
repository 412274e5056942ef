#include "mqtt/jobs_requests.h"

#include <boost/json.hpp>

#include "api/data_requests.h"

namespace fleetjobs::mqtt {
namespace json = boost::json;

std::optional<JobsPayload> JobsPayload::Parse(std::string_view payload, RequestError* error) {
  JobsPayload out;
  if (payload.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.value_ = json::object();
    return out;
  }
  boost::system::error_code ec;
  out.value_ = json::parse(json::string_view(payload.data(), payload.size()), ec);
  if (ec) {
    *error = {RejectedCode::kInvalidJson, "Could not parse the request payload into JSON"};
    return std::nullopt;
  }
  if (!out.value_.is_object()) {
    *error = {RejectedCode::kInvalidJson, "The request payload must be a JSON object"};
    return std::nullopt;
  }
  const json::object& o = out.value_.get_object();
  auto it = o.find("clientToken");
  if (it != o.end() && it->value().is_string()) out.client_token_ = std::string(it->value().get_string());
  return out;
}

std::optional<RequestError> JobsPayload::CheckClientToken() const {
  const json::object& o = value_.get_object();
  auto it = o.find("clientToken");
  if (it == o.end() || it->value().is_null() || it->value().is_string()) return std::nullopt;
  return RequestError{RejectedCode::kInvalidRequest, "clientToken must be a string"};
}

Result<DescribeRequest> DecodeDescribe(const JobsPayload& payload) {
  api::JsonReader body = payload.Reader();
  DescribeRequest req;
  FJ_ASSIGN_OR_RETURN(req.execution_number, body.OptInt("executionNumber"));
  FJ_ASSIGN_OR_RETURN(std::optional<bool> include, body.OptBool("includeJobDocument"));
  req.include_job_document = include.value_or(true);
  return req;
}

Result<StartNextRequest> DecodeStartNext(const JobsPayload& payload, std::string thing_name) {
  api::JsonReader body = payload.Reader();
  StartNextRequest req;
  req.thing_name = std::move(thing_name);
  FJ_ASSIGN_OR_RETURN(req.status_details, body.OptStringMap("statusDetails"));
  FJ_ASSIGN_OR_RETURN(req.step_timeout_in_minutes, body.OptInt("stepTimeoutInMinutes"));
  return req;
}

Result<UpdateJobExecutionRequest> DecodeUpdate(const JobsPayload& payload, std::string thing_name,
                                               std::string job_id) {
  api::JsonReader body = payload.Reader();
  UpdateJobExecutionRequest req;
  req.thing_name = std::move(thing_name);
  req.job_id = std::move(job_id);
  FJ_RETURN_IF_ERROR(api::ReadUpdateJobExecutionBody(body, req));
  return req;
}

}  // namespace fleetjobs::mqtt
