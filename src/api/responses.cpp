#include "api/responses.h"

#include "api/error_mapping.h"
#include "common/uuid.h"

namespace fleetjobs::api {

std::string NewRequestId() { return NewUuid(); }

http::Response JsonResponse(int status, std::string body, const std::string& request_id) {
  http::Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  r.body = std::move(body);
  return r;
}

http::Response ErrorResponse(const Error& error, Plane plane, const std::string& request_id) {
  AwsError aws = MapError(error.code, plane);
  http::Response r = JsonResponse(aws.http_status, EncodeErrorBody(error, aws.code), request_id);
  r.headers.emplace_back("x-amzn-ErrorType", std::string(aws.code));
  return r;
}

}  // namespace fleetjobs::api
