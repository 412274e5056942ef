#include "api/error_mapping.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fleetjobs::api {
namespace {

struct Expected {
  ErrorCode code;
  std::string_view control_code;
  int control_status;
  std::string_view data_code;
  int data_status;
};

TEST(ErrorMappingTest, EveryCodeHasItsRowOnBothPlanes) {
  const Expected rows[] = {
      {ErrorCode::kInvalidRequest, "InvalidRequestException", 400, "InvalidRequestException", 400},
      {ErrorCode::kNotFound, "ResourceNotFoundException", 404, "ResourceNotFoundException", 404},
      {ErrorCode::kAlreadyExists, "ResourceAlreadyExistsException", 409, "ResourceAlreadyExistsException",
       409},
      {ErrorCode::kConflict, "ConflictException", 409, "ConflictException", 409},
      {ErrorCode::kVersionMismatch, "VersionConflictException", 409, "VersionConflictException", 409},
      {ErrorCode::kInvalidStateTransition, "InvalidStateTransitionException", 409,
       "InvalidStateTransitionException", 409},
      {ErrorCode::kTerminalState, "TerminalStateException", 410, "TerminalStateException", 410},
      {ErrorCode::kLimitExceeded, "LimitExceededException", 410, "LimitExceededException", 410},
      {ErrorCode::kThrottled, "ThrottlingException", 400, "ThrottlingException", 429},
      {ErrorCode::kUnavailable, "ServiceUnavailableException", 503, "ServiceUnavailableException", 503},
      {ErrorCode::kInternal, "InternalFailureException", 500, "InternalFailureException", 500},
      {ErrorCode::kMissingAuthentication, "MissingAuthenticationTokenException", 403,
       "MissingAuthenticationTokenException", 403},
      {ErrorCode::kUnrecognizedClient, "UnrecognizedClientException", 403, "UnrecognizedClientException",
       403},
      {ErrorCode::kInvalidSignature, "InvalidSignatureException", 403, "InvalidSignatureException", 403},
      {ErrorCode::kAccessDenied, "AccessDeniedException", 403, "AccessDeniedException", 403},
      {ErrorCode::kUnknownOperation, "UnknownOperationException", 404, "UnknownOperationException", 404},
      {ErrorCode::kPayloadTooLarge, "RequestEntityTooLargeException", 413, "RequestEntityTooLargeException",
       413},
  };
  for (const Expected& e : rows) {
    AwsError c = MapError(e.code, Plane::kControl);
    AwsError d = MapError(e.code, Plane::kData);
    EXPECT_EQ(c.code, e.control_code) << static_cast<int>(e.code);
    EXPECT_EQ(c.http_status, e.control_status) << e.control_code;
    EXPECT_EQ(d.code, e.data_code) << static_cast<int>(e.code);
    EXPECT_EQ(d.http_status, e.data_status) << e.data_code;
  }
}

TEST(ErrorMappingTest, BodyCarriesMessageAndType) {
  std::string body =
      EncodeErrorBody(MakeError(ErrorCode::kNotFound, "Job j1 not found"), "ResourceNotFoundException");
  auto v = boost::json::parse(body).as_object();
  EXPECT_EQ(v.at("message"), "Job j1 not found");
  EXPECT_EQ(v.at("__type"), "ResourceNotFoundException");
  EXPECT_FALSE(v.contains("resourceId"));
  EXPECT_FALSE(v.contains("resourceArn"));
}

TEST(ErrorMappingTest, BodyCarriesResourceIdAndArnWhenSet) {
  Error e = MakeError(ErrorCode::kAlreadyExists, "exists");
  e.resource_id = "t1";
  e.resource_arn = "arn:aws:iot:us-east-1:123456789012:thing/t1";
  auto v = boost::json::parse(EncodeErrorBody(e, "ResourceAlreadyExistsException")).as_object();
  EXPECT_EQ(v.at("resourceId"), "t1");
  EXPECT_EQ(v.at("resourceArn"), "arn:aws:iot:us-east-1:123456789012:thing/t1");
}

}  // namespace
}  // namespace fleetjobs::api
