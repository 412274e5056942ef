// JobsRequests: decoding of MQTT jobs request payloads (digest §4.2) into the DeviceService
// request structs the HTTP data plane also uses.
//
// Rules: an empty (or all-whitespace) payload is `{}` (digest §9); a payload that is not UTF-8
// JSON, or JSON that is not an object, is InvalidJson; a member of the wrong type is InvalidRequest
// naming it; unknown members (device SDK v1 sends thingName and jobId in the body) are ignored;
// `clientToken`, when a string, is echoed in the reply even if another member is invalid.
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "api/json_reader.h"
#include "common/result.h"
#include "engine/device_service.h"
#include "mqtt/rejected_code.h"

namespace fleetjobs::mqtt {

// A decoding failure: the rejected code and its message.
struct RequestError {
  RejectedCode code = RejectedCode::kInvalidRequest;
  std::string message;
};

// A parsed request payload (always a JSON object once Parse succeeded).
class JobsPayload {
 public:
  // InvalidJson when `payload` is not a JSON object; the token is still unknown then.
  static std::optional<JobsPayload> Parse(std::string_view payload, RequestError* error);

  // The clientToken to echo: the member when it is a string, else nullopt.
  const std::optional<std::string>& client_token() const { return client_token_; }
  // InvalidRequest when clientToken is present but not a string.
  std::optional<RequestError> CheckClientToken() const;
  api::JsonReader Reader() const { return api::JsonReader(value_.get_object(), ""); }

 private:
  boost::json::value value_;
  std::optional<std::string> client_token_;
};

struct DescribeRequest {
  std::optional<int64_t> execution_number;
  bool include_job_document = true;  // the default of {jobId}/get
};

Result<DescribeRequest> DecodeDescribe(const JobsPayload& payload);
Result<StartNextRequest> DecodeStartNext(const JobsPayload& payload, std::string thing_name);
Result<UpdateJobExecutionRequest> DecodeUpdate(const JobsPayload& payload, std::string thing_name,
                                               std::string job_id);

}  // namespace fleetjobs::mqtt
