#include "auth/sigv4_signer.h"

#include <gtest/gtest.h>

#include "auth/credentials.h"
#include "auth/sigv4_verifier.h"

namespace fleetjobs::auth {
namespace {

constexpr int64_t kNowMs = 1'700'000'000'000;  // 2023-11-14T22:13:20Z

TEST(SigV4SignerTest, AmzDate) {
  EXPECT_EQ(SigV4Signer::AmzDate(FromEpochMillis(kNowMs)), "20231114T221320Z");
  EXPECT_EQ(SigV4Signer::AmzDate(FromEpochMillis(0)), "19700101T000000Z");
}

TEST(SigV4SignerTest, TheVerifierAcceptsWhatItSignsAndNothingElse) {
  auto creds = CredentialStore::Parse("AKIDSIGNER secret/xyz admin\n");
  ASSERT_TRUE(creds.ok()) << creds.error().message;
  ManualClock clock(FromEpochMillis(kNowMs));
  SigV4Verifier verifier(*creds, "us-east-1", clock);
  SigV4Signer signer("AKIDSIGNER", "secret/xyz", "us-east-1", "iot-jobs-data");
  const std::string host = "127.0.0.1:8080";
  for (std::string target :
       {"/things/t-1/jobs/$next", "/things/t-1/jobs?x=a%20b&a=1", "/things/t%3A1/jobs"}) {
    SignedHeaders h = signer.Sign("PUT", target, host, R"({"a":1})", clock.Now());
    std::vector<std::pair<std::string, std::string>> headers{
        {"Host", host}, {"X-Amz-Date", h.amz_date}, {"Authorization", h.authorization}};
    auto ok = verifier.Verify({"PUT", target, headers, R"({"a":1})"});
    ASSERT_TRUE(ok.ok()) << target << ": " << ok.error().message;
    EXPECT_EQ(ok->service, "iot-jobs-data");
    auto tampered = verifier.Verify({"PUT", target, headers, R"({"a":2})"});
    EXPECT_FALSE(tampered.ok()) << target;
  }
}

}  // namespace
}  // namespace fleetjobs::auth
