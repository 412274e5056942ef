// SigV4Verifier: verifies AWS Signature Version 4 on incoming requests.
//
// Canonicalisation follows what boto3, the AWS CLI and the JS SDK v3 actually sign (see
// ../shared/spec/wire-facts.md): the canonical URI is the raw received path percent-encoded once
// more (the non-S3 rule, `%24next` → `%2524next`); the query is decoded, RFC 3986-encoded and
// sorted; the payload hash is x-amz-content-sha256 when sent (and must match the body) or the
// SHA-256 of the body; X-Amz-Date must be within 15 minutes of the clock.
//
// Thread safety: Verify() may be called concurrently. The credential store and clock are borrowed
// and must outlive the verifier. Derived signing keys are cached per (key, date, region, service).
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auth/credentials.h"
#include "common/clock.h"
#include "common/result.h"

namespace fleetjobs::auth {

struct SignedRequest {
  std::string_view method;
  std::string_view raw_target;  // path?query exactly as received
  const std::vector<std::pair<std::string, std::string>>& headers;
  std::string_view body;
};

struct AuthContext {
  const Credential* credential = nullptr;
  std::string service;  // credential-scope service: iot, execute-api or iot-jobs-data
};

bool IsControlPlaneService(std::string_view service);  // iot, execute-api
bool IsDataPlaneService(std::string_view service);     // iot-jobs-data

class SigV4Verifier {
 public:
  SigV4Verifier(const CredentialStore& credentials, std::string region, const Clock& clock);

  Result<AuthContext> Verify(const SignedRequest& request) const;

  // Building blocks, exposed for tests and for signing test requests.
  static std::string CanonicalUri(std::string_view raw_path);
  static std::string CanonicalQuery(std::string_view raw_query);

 private:
  using Key = std::array<unsigned char, 32>;
  Key SigningKey(const Credential& cred, std::string_view date, std::string_view service) const;

  const CredentialStore& credentials_;
  std::string region_;
  const Clock& clock_;
  mutable std::mutex cache_mu_;
  mutable std::unordered_map<std::string, Key> key_cache_;
};

}  // namespace fleetjobs::auth
