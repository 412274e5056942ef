// S3Presigner: presigned GET URLs for `${aws:iot:s3-presigned-url:<S3 URL>}` job-document
// placeholders, signed for an S3-compatible store (AWS S3, MinIO, ...) that the operator configures
// with an endpoint, a region and an access key.
//
// Signing is AWS Signature Version 4 in the query string ("presigning"), as S3 documents it:
// X-Amz-Algorithm=AWS4-HMAC-SHA256, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders=host (and X-Amz-Security-Token when a session token is configured, signed
// like the others), the payload hash UNSIGNED-PAYLOAD, and the S3 canonical URI: the object key
// URI-encoded once, '/' kept (S3 does NOT double-encode, unlike the other services).
//
// Every URL is rewritten to path style on the configured endpoint: endpoint/BUCKET/KEY. Job
// documents name objects as https://s3.amazonaws.com/BUCKET/KEY, https://BUCKET.s3.amazonaws.com/KEY,
// https://s3.REGION.amazonaws.com/BUCKET/KEY, https://BUCKET.s3.REGION.amazonaws.com/KEY (also
// http:// and the legacy s3-REGION host forms), or s3://BUCKET/KEY. The path of an http(s) URL is
// percent-decoded to get the key (`my%20file` is the key "my file"); the key of an s3:// URL is
// taken literally, as the AWS CLI does.
//
// Thread safety: immutable after construction; every method may be called concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace fleetjobs::auth {

struct S3PresignerConfig {
  std::string endpoint;  // e.g. http://127.0.0.1:9000 or https://s3.us-east-1.amazonaws.com
  std::string region;
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;
};

// The object an S3 URL names.
struct S3ObjectRef {
  std::string bucket;
  std::string key;  // decoded
};

// The inputs of one SigV4 query presignature; the low-level building block below.
struct S3PresignInput {
  std::string_view method = "GET";
  std::string_view host;           // the Host header the client will send, e.g. 127.0.0.1:9000
  std::string_view canonical_uri;  // already encoded, e.g. /bucket/my%20key.txt
  std::string_view region;
  std::string_view access_key_id;
  std::string_view secret_access_key;
  std::optional<std::string_view> session_token;
  int64_t expires_in_sec = 0;
  Timestamp now;
};

class S3Presigner {
 public:
  // X-Amz-Expires bounds accepted by S3 (one second to seven days).
  static constexpr int64_t kMinExpiresSec = 1;
  static constexpr int64_t kMaxExpiresSec = int64_t{7} * 24 * 3600;

  explicit S3Presigner(S3PresignerConfig config);

  // Checks the configuration (endpoint form, region and key present); for start-up, where an
  // error may be thrown. PresignGet() on a bad configuration answers kInternal.
  static Status ValidateConfig(const S3PresignerConfig& config);

  // Maps an S3 object URL as written in job documents to a presigned GET URL on the configured
  // endpoint using path-style addressing (endpoint/BUCKET/KEY). kInvalidRequest if the URL is not
  // an S3 object URL or expires_in_sec is outside 1..604800.
  Result<std::string> PresignGet(std::string_view s3_url, int64_t expires_in_sec, Timestamp now) const;

  // Building blocks, exposed for tests.

  // Parses the URL forms listed above.
  static Result<S3ObjectRef> ParseS3Url(std::string_view s3_url);
  // URI-encodes a key for the S3 canonical URI and the URL: RFC 3986 unreserved characters and
  // '/' stay, every other byte becomes %XX (upper-case hex).
  static std::string EncodeKey(std::string_view key);
  // The complete query string of a presigned URL (canonical order, X-Amz-Signature last).
  static std::string PresignedQuery(const S3PresignInput& input);
  // The canonical request and string to sign behind PresignedQuery(), for tests and debugging.
  static std::string CanonicalRequest(const S3PresignInput& input);
  static std::string StringToSign(const S3PresignInput& input);

 private:
  S3PresignerConfig config_;
  bool valid_ = false;
  std::string scheme_;     // http or https
  std::string host_;       // host[:port], default port dropped
  std::string base_path_;  // endpoint path without a trailing '/', usually empty
};

}  // namespace fleetjobs::auth
