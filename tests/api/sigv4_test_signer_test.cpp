// Checks the test signer against every captured client signature, so the end-to-end tests sign
// exactly like boto3, the AWS CLI and the JS SDK.
#include "sigv4_test_signer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "capture_requests.h"

namespace fleetjobs::api::testing {
namespace {

TEST(SigV4TestSignerTest, ReproducesEveryCapturedSignature) {
  std::vector<CapturedRequest> captured = LoadCapturedRequests();
  if (captured.empty()) GTEST_SKIP() << "sigv4-capture.jsonl not found";
  int checked = 0;
  for (const CapturedRequest& r : captured) {
    std::string authorization = r.Header("Authorization");
    if (authorization.empty()) continue;
    size_t sh = authorization.find("SignedHeaders=") + 14;
    std::string signed_list = authorization.substr(sh, authorization.find(',', sh) - sh);
    size_t cred = authorization.find("Credential=") + 11;
    std::string scope = authorization.substr(cred, authorization.find(',', cred) - cred);
    std::vector<std::string> parts;
    std::stringstream ss(scope);
    for (std::string p; std::getline(ss, p, '/');) parts.push_back(p);
    ASSERT_EQ(parts.size(), 5u) << scope;

    SigningInput in{r.method, r.target, r.headers, r.body, {}};
    std::stringstream names(signed_list);
    for (std::string n; std::getline(names, n, ';');) in.signed_headers.push_back(n);
    EXPECT_EQ(Sign(in, parts[0], kCaptureSecret, parts[2], parts[3]), authorization)
        << r.mark << " " << r.target;
    ++checked;
  }
  EXPECT_GT(checked, 150);
}

}  // namespace
}  // namespace fleetjobs::api::testing
