#include "api/error_mapping.h"

#include <array>
#include <boost/json.hpp>

#include "api/json_writer.h"

namespace fleetjobs::api {
namespace {

struct Row {
  ErrorCode code;
  AwsError control;
  AwsError data;
};

// The table. Sources: the `iot` and `iot-jobs-data` models (digest §1.5). Where the data plane has
// no modeled error we send the control plane's (VersionConflictException 409: decision for §9).
constexpr std::array kTable = {
    Row{ErrorCode::kInvalidRequest, {"InvalidRequestException", 400}, {"InvalidRequestException", 400}},
    Row{ErrorCode::kNotFound, {"ResourceNotFoundException", 404}, {"ResourceNotFoundException", 404}},
    Row{ErrorCode::kAlreadyExists,
        {"ResourceAlreadyExistsException", 409},
        {"ResourceAlreadyExistsException", 409}},
    Row{ErrorCode::kConflict, {"ConflictException", 409}, {"ConflictException", 409}},
    Row{ErrorCode::kVersionMismatch, {"VersionConflictException", 409}, {"VersionConflictException", 409}},
    Row{ErrorCode::kInvalidStateTransition,
        {"InvalidStateTransitionException", 409},
        {"InvalidStateTransitionException", 409}},
    Row{ErrorCode::kTerminalState, {"TerminalStateException", 410}, {"TerminalStateException", 410}},
    Row{ErrorCode::kLimitExceeded, {"LimitExceededException", 410}, {"LimitExceededException", 410}},
    Row{ErrorCode::kThrottled, {"ThrottlingException", 400}, {"ThrottlingException", 429}},
    Row{ErrorCode::kUnavailable, {"ServiceUnavailableException", 503}, {"ServiceUnavailableException", 503}},
    Row{ErrorCode::kInternal, {"InternalFailureException", 500}, {"InternalFailureException", 500}},
    Row{ErrorCode::kMissingAuthentication,
        {"MissingAuthenticationTokenException", 403},
        {"MissingAuthenticationTokenException", 403}},
    Row{ErrorCode::kUnrecognizedClient,
        {"UnrecognizedClientException", 403},
        {"UnrecognizedClientException", 403}},
    Row{ErrorCode::kInvalidSignature, {"InvalidSignatureException", 403}, {"InvalidSignatureException", 403}},
    Row{ErrorCode::kAccessDenied, {"AccessDeniedException", 403}, {"AccessDeniedException", 403}},
    Row{ErrorCode::kUnknownOperation, {"UnknownOperationException", 404}, {"UnknownOperationException", 404}},
    Row{ErrorCode::kPayloadTooLarge,
        {"RequestEntityTooLargeException", 413},
        {"RequestEntityTooLargeException", 413}},
};

}  // namespace

AwsError MapError(ErrorCode code, Plane plane) {
  for (const Row& row : kTable) {
    if (row.code == code) return plane == Plane::kControl ? row.control : row.data;
  }
  return AwsError{"InternalFailureException", 500};
}

std::string EncodeErrorBody(const Error& error, std::string_view aws_code) {
  boost::json::object body;
  body["message"] = error.message;
  body["__type"] = aws_code;
  if (error.resource_id) body["resourceId"] = *error.resource_id;
  if (error.resource_arn) body["resourceArn"] = *error.resource_arn;
  return WriteJson(body);
}

}  // namespace fleetjobs::api
