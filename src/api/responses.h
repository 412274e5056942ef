// Responses: the HTTP responses of the AWS edge. Every response carries `x-amzn-RequestId`
// (botocore exposes it as ResponseMetadata.RequestId) and `Content-Type: application/json`;
// errors add `x-amzn-ErrorType: <Code>` and the restJson1 error body (see ErrorMapping).
// Stateless apart from a per-thread random generator for request ids; thread-safe.
#pragma once

#include <string>

#include "api/plane.h"
#include "common/result.h"
#include "http/http_types.h"

namespace fleetjobs::api {

// A random (version 4) UUID, e.g. "3f6c1a8e-5b0d-4c2e-9a41-0d6f2b7e8c15".
std::string NewRequestId();

http::Response JsonResponse(int status, std::string body, const std::string& request_id);

// The error response for `error` on `plane` (status and code from ErrorMapping). Usable by the
// transport too, e.g. for a body over the size limit (kPayloadTooLarge → 413).
http::Response ErrorResponse(const Error& error, Plane plane, const std::string& request_id);

}  // namespace fleetjobs::api
