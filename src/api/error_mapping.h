// ErrorMapping: the one table turning an ErrorCode into the AWS error code string and HTTP status
// of each plane, and the restJson1 error body every AWS client parses.
//
// Clients (botocore RestJSONParser, JS SDK v3) take the code from the `x-amzn-ErrorType` header,
// then from the body's `__type`; we send both. Stateless; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "api/plane.h"
#include "common/result.h"

namespace fleetjobs::api {

struct AwsError {
  std::string_view code;  // e.g. "ResourceNotFoundException"
  int http_status = 500;
};

// The row of the table for `code` on `plane`.
AwsError MapError(ErrorCode code, Plane plane);

// {"message":"…","__type":"<code>"} plus resourceId/resourceArn when the error carries them.
std::string EncodeErrorBody(const Error& error, std::string_view aws_code);

}  // namespace fleetjobs::api
