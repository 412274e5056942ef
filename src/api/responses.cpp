#include "api/responses.h"

#include <cstdio>
#include <random>

#include "api/error_mapping.h"

namespace fleetjobs::api {

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng();
  uint64_t lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return std::string(buf, 36);
}

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
