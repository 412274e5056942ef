#include "auth/s3_presigner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace fleetjobs::auth {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kAccessKey = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* kSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

Timestamp At(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  using namespace std::chrono;
  return Timestamp(sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s));
}

S3PresignerConfig MinioConfig() {
  S3PresignerConfig c;
  c.endpoint = "http://127.0.0.1:9000";
  c.region = "us-east-1";
  c.access_key_id = kAccessKey;
  c.secret_access_key = kSecretKey;
  return c;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// AWS's published example ("Authenticating Requests: Using Query Parameters (AWS Signature
// Version 4)", S3 API reference): GET examplebucket/test.txt, virtual-hosted style.

S3PresignInput AwsExample() {
  S3PresignInput in;
  in.method = "GET";
  in.host = "examplebucket.s3.amazonaws.com";
  in.canonical_uri = "/test.txt";
  in.region = "us-east-1";
  in.access_key_id = kAccessKey;
  in.secret_access_key = kSecretKey;
  in.expires_in_sec = 86400;
  in.now = At(2013, 5, 24);
  return in;
}

TEST(S3PresignerTest, AwsPublishedExampleCanonicalRequest) {
  EXPECT_EQ(
      S3Presigner::CanonicalRequest(AwsExample()),
      "GET\n"
      "/test.txt\n"
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%"
      "2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n"
      "host:examplebucket.s3.amazonaws.com\n"
      "\n"
      "host\n"
      "UNSIGNED-PAYLOAD");
}

TEST(S3PresignerTest, AwsPublishedExampleStringToSign) {
  EXPECT_EQ(S3Presigner::StringToSign(AwsExample()),
            "AWS4-HMAC-SHA256\n"
            "20130524T000000Z\n"
            "20130524/us-east-1/s3/aws4_request\n"
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
}

TEST(S3PresignerTest, AwsPublishedExampleSignatureAndUrl) {
  std::string query = S3Presigner::PresignedQuery(AwsExample());
  EXPECT_EQ("https://examplebucket.s3.amazonaws.com/test.txt?" + query,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(S3PresignerTest, SecondsAndMillisOfNowAreTruncated) {
  S3PresignInput in = AwsExample();
  in.now = At(2013, 5, 24) + milliseconds(999);
  EXPECT_TRUE(Contains(S3Presigner::PresignedQuery(in),
                       "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
  in.now = At(2024, 2, 29, 23, 59, 59) + milliseconds(500);
  EXPECT_TRUE(Contains(S3Presigner::PresignedQuery(in), "X-Amz-Date=20240229T235959Z"));
  EXPECT_TRUE(Contains(S3Presigner::PresignedQuery(in), "%2F20240229%2Fus-east-1%2Fs3%2Faws4_request"));
}

// ---------------------------------------------------------------------------------------------
// Path-style mapping onto the configured endpoint. Expected signatures come from botocore 1.29
// (Debian 12) generate_presigned_url with addressing_style=path at the same instant.

TEST(S3PresignerTest, EveryUrlFormMapsToTheSamePathStyleUrl) {
  S3Presigner presigner(MinioConfig());
  const std::string expected =
      "http://127.0.0.1:9000/examplebucket/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
      "&X-Amz-Signature=f9ee76bb8b4229f2a3991e86ac2d201c9eef3c6bae24a7974c81c6006e4d22a4";
  for (const char* url : {
           "https://s3.amazonaws.com/examplebucket/test.txt",
           "https://examplebucket.s3.amazonaws.com/test.txt",
           "https://s3.us-east-1.amazonaws.com/examplebucket/test.txt",
           "https://examplebucket.s3.us-east-1.amazonaws.com/test.txt",
           "https://s3.eu-west-3.amazonaws.com/examplebucket/test.txt",  // the URL's region does not matter
           "https://s3-us-west-2.amazonaws.com/examplebucket/test.txt",  // legacy dash form
           "https://examplebucket.s3-us-west-2.amazonaws.com/test.txt",
           "http://s3.amazonaws.com/examplebucket/test.txt",
           "HTTPS://EXAMPLEBUCKET.S3.AMAZONAWS.COM/test.txt",
           "s3://examplebucket/test.txt",
       }) {
    auto got = presigner.PresignGet(url, 86400, At(2013, 5, 24));
    ASSERT_TRUE(got.ok()) << url << ": " << got.error().message;
    EXPECT_EQ(*got, expected) << url;
  }
}

TEST(S3PresignerTest, ParsesBucketAndKeyOfEachForm) {
  struct Case {
    const char* url;
    const char* bucket;
    const char* key;
  };
  for (const Case& c : std::vector<Case>{
           {"https://s3.amazonaws.com/bucket/dir/file.bin", "bucket", "dir/file.bin"},
           {"https://my.dotted.bucket.s3.amazonaws.com/a/b", "my.dotted.bucket", "a/b"},
           {"https://s3.ap-southeast-2.amazonaws.com/b-1/k", "b-1", "k"},
           {"https://my.bucket.s3.us-west-2.amazonaws.com/k", "my.bucket", "k"},
           {"https://a.s3.b.s3.amazonaws.com/k", "a.s3.b", "k"},
           {"https://bucket.s3-eu-west-1.amazonaws.com/k", "bucket", "k"},
           {"https://s3.amazonaws.com/bucket/Key/With/CASE", "bucket", "Key/With/CASE"},
           {"https://s3.amazonaws.com/bucket/dir/", "bucket", "dir/"},
           {"https://s3.amazonaws.com/bucket//leading", "bucket", "/leading"},
           {"https://s3.amazonaws.com/bucket/my%20file%2Bv2.bin", "bucket", "my file+v2.bin"},
           {"https://s3.amazonaws.com/bucket/a+b", "bucket", "a+b"},  // '+' is not a space in a path
           {"https://s3.amazonaws.com/bucket/a%2Fb", "bucket", "a/b"},
           {"https://bucket.s3.amazonaws.com/%E2%82%AC.txt", "bucket", "\xE2\x82\xAC.txt"},
           {"s3://bucket/my%20file", "bucket", "my%20file"},  // s3:// keys are literal
           {"s3://bucket/with space/x", "bucket", "with space/x"},
           {"S3://bucket/k", "bucket", "k"},
       }) {
    auto ref = S3Presigner::ParseS3Url(c.url);
    ASSERT_TRUE(ref.ok()) << c.url << ": " << ref.error().message;
    EXPECT_EQ(ref->bucket, c.bucket) << c.url;
    EXPECT_EQ(ref->key, c.key) << c.url;
  }
}

TEST(S3PresignerTest, EndpointForms) {
  struct Case {
    const char* endpoint;
    const char* prefix;
  };
  for (const Case& c : std::vector<Case>{
           {"http://127.0.0.1:9000", "http://127.0.0.1:9000/bucket/key?"},
           {"http://127.0.0.1:9000/", "http://127.0.0.1:9000/bucket/key?"},
           {"https://s3.us-east-1.amazonaws.com", "https://s3.us-east-1.amazonaws.com/bucket/key?"},
           {"https://s3.us-east-1.amazonaws.com:443", "https://s3.us-east-1.amazonaws.com/bucket/key?"},
           {"http://minio:80", "http://minio/bucket/key?"},
           {"https://minio:80", "https://minio:80/bucket/key?"},
           {"HTTP://minio:9000", "http://minio:9000/bucket/key?"},
           {"http://[::1]:9000", "http://[::1]:9000/bucket/key?"},
           {"http://gateway:8080/storage/", "http://gateway:8080/storage/bucket/key?"},
       }) {
    S3PresignerConfig config = MinioConfig();
    config.endpoint = c.endpoint;
    EXPECT_TRUE(S3Presigner::ValidateConfig(config).ok()) << c.endpoint;
    auto got = S3Presigner(config).PresignGet("s3://bucket/key", 3600, At(2024, 1, 1));
    ASSERT_TRUE(got.ok()) << c.endpoint << ": " << got.error().message;
    EXPECT_EQ(got->substr(0, std::string(c.prefix).size()), c.prefix) << c.endpoint;
  }
}

TEST(S3PresignerTest, SignsTheHostItWillBeSentTo) {
  // The default port is not part of the Host header a client sends, so it is not signed either.
  S3PresignInput in = AwsExample();
  in.host = "s3.us-east-1.amazonaws.com";
  in.canonical_uri = "/examplebucket/test.txt";
  S3PresignerConfig config = MinioConfig();
  config.endpoint = "https://s3.us-east-1.amazonaws.com:443";
  auto got = S3Presigner(config).PresignGet("s3://examplebucket/test.txt", 86400, At(2013, 5, 24));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got,
            "https://s3.us-east-1.amazonaws.com/examplebucket/test.txt?" + S3Presigner::PresignedQuery(in));
}

// ---------------------------------------------------------------------------------------------
// Key encoding.

TEST(S3PresignerTest, EncodeKeyKeepsSlashAndUnreserved) {
  EXPECT_EQ(S3Presigner::EncodeKey("photos/2024/a-b_c.d~e"), "photos/2024/a-b_c.d~e");
  EXPECT_EQ(S3Presigner::EncodeKey("my file+(1).jpg"), "my%20file%2B%281%29.jpg");
  EXPECT_EQ(S3Presigner::EncodeKey("a=b&c?d#e%f"), "a%3Db%26c%3Fd%23e%25f");
  EXPECT_EQ(S3Presigner::EncodeKey("\xC3\xA9t\xC3\xA9"), "%C3%A9t%C3%A9");
  EXPECT_EQ(S3Presigner::EncodeKey("ключ"), "%D0%BA%D0%BB%D1%8E%D1%87");
  EXPECT_EQ(S3Presigner::EncodeKey("!*'(),;:@$"), "%21%2A%27%28%29%2C%3B%3A%40%24");
  EXPECT_EQ(S3Presigner::EncodeKey(std::string("\x00\x7f\xff", 3)), "%00%7F%FF");
}

TEST(S3PresignerTest, UnicodeAndSpacesInKeysAreSignedOnce) {
  // S3 signs the path as sent, encoded once; other services would encode it twice.
  const std::string expected =
      "http://127.0.0.1:9000/examplebucket/dir/%D0%BA%D0%BB%D1%8E%D1%87%20%C3%A9%2B%281%29.bin"
      "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240229%2Fus-east-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20240229T235959Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
      "&X-Amz-Signature=b94c8ce59b1be4bc2ff9e311d8e60654c99c14165acf858de3f3d700c67fd463";
  S3Presigner presigner(MinioConfig());
  Timestamp now = At(2024, 2, 29, 23, 59, 59);
  for (const char* url : {
           "s3://examplebucket/dir/ключ é+(1).bin",
           "https://s3.amazonaws.com/examplebucket/dir/%D0%BA%D0%BB%D1%8E%D1%87%20%C3%A9%2B%281%29.bin",
           "https://examplebucket.s3.amazonaws.com/dir/%d0%ba%d0%bb%d1%8e%d1%87%20%c3%a9+(1).bin",
           "https://examplebucket.s3.amazonaws.com/dir/ключ é+(1).bin",
       }) {
    auto got = presigner.PresignGet(url, 3600, now);
    ASSERT_TRUE(got.ok()) << url << ": " << got.error().message;
    EXPECT_EQ(*got, expected) << url;
  }
}

// ---------------------------------------------------------------------------------------------
// Temporary credentials.

TEST(S3PresignerTest, SessionTokenIsSignedAsXAmzSecurityToken) {
  S3PresignerConfig config;
  config.endpoint = "http://minio.local:9000";
  config.region = "eu-west-1";
  config.access_key_id = "AKIDMINIO";
  config.secret_access_key = "minio-secret";
  config.session_token = "FQoGZXIvYXdzE+/=token";
  auto got = S3Presigner(config).PresignGet("https://fw.s3.amazonaws.com/image.bin", 600, At(2024, 6, 1, 12));
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(*got,
            "http://minio.local:9000/fw/image.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIDMINIO%2F20240601%2Feu-west-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20240601T120000Z&X-Amz-Expires=600"
            "&X-Amz-Security-Token=FQoGZXIvYXdzE%2B%2F%3Dtoken&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=5cb26635684082563dbc4299bf320aac792cdf804923861b0884991d2907bba0");
  // Without the token the same request signs differently and carries no token.
  config.session_token.reset();
  auto plain =
      S3Presigner(config).PresignGet("https://fw.s3.amazonaws.com/image.bin", 600, At(2024, 6, 1, 12));
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(Contains(*plain, "X-Amz-Security-Token"));
  EXPECT_FALSE(Contains(*plain, "5cb26635684082563dbc4299bf320aac792cdf804923861b0884991d2907bba0"));
}

// ---------------------------------------------------------------------------------------------
// Rejections.

TEST(S3PresignerTest, RejectsUrlsThatAreNotS3Objects) {
  S3Presigner presigner(MinioConfig());
  std::string too_long_key = "s3://bucket/" + std::string(1025, 'k');
  for (const std::string& url : std::vector<std::string>{
           "",
           "bucket/key",
           "ftp://s3.amazonaws.com/bucket/key",
           "https://example.com/bucket/key",
           "https://s3.amazonaws.com.evil.example/bucket/key",
           "https://bucket.s3.evil.example/key",
           "https://amazonaws.com/bucket/key",
           "https://.amazonaws.com/bucket/key",
           "https://ec2.amazonaws.com/bucket/key",
           "https://bucket.ec2.us-east-1.amazonaws.com/key",
           "https://s3.us_east_1.amazonaws.com/bucket/key",
           "https://s3.dualstack.us-east-1.amazonaws.com/bucket/key",
           "https://s3.amazonaws.com:443/bucket/key",
           "https://user@bucket.s3.amazonaws.com/key",
           "https://s3.amazonaws.com",
           "https://s3.amazonaws.com/",
           "https://s3.amazonaws.com/bucket",
           "https://s3.amazonaws.com/bucket/",
           "https://s3.amazonaws.com//key",
           "https://bucket.s3.amazonaws.com",
           "https://bucket.s3.amazonaws.com/",
           "https://s3.amazonaws.com/bucket/key?versionId=3",
           "https://s3.amazonaws.com/bucket/key#frag",
           "https://s3.amazonaws.com/bucket/bad%zzescape",
           "https://s3.amazonaws.com/bucket/truncated%2",
           "https://s3.amazonaws.com/bu%20cket/key",
           "https://s3.amazonaws.com/bu$ket/key",
           "s3://",
           "s3://bucket",
           "s3://bucket/",
           "s3:///key",
           too_long_key,
       }) {
    auto got = presigner.PresignGet(url, 3600, At(2024, 1, 1));
    ASSERT_FALSE(got.ok()) << url;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidRequest) << url;
    EXPECT_TRUE(Contains(got.error().message, "is not an S3 object URL")) << got.error().message;
  }
  // The quoted URL in the message is bounded.
  auto long_bad = presigner.PresignGet("https://example.com/" + std::string(5000, 'x'), 3600, At(2024, 1, 1));
  ASSERT_FALSE(long_bad.ok());
  EXPECT_LT(long_bad.error().message.size(), 600u);
}

TEST(S3PresignerTest, RejectsExpiryOutsideS3Limits) {
  S3Presigner presigner(MinioConfig());
  for (int64_t bad : {int64_t{0}, int64_t{-1}, int64_t{604801}, int64_t{1} << 40}) {
    auto got = presigner.PresignGet("s3://bucket/key", bad, At(2024, 1, 1));
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidRequest);
    EXPECT_TRUE(Contains(got.error().message, "expiresInSec"));
  }
  EXPECT_TRUE(presigner.PresignGet("s3://bucket/key", 1, At(2024, 1, 1)).ok());
  auto week = presigner.PresignGet("s3://bucket/key", 604800, At(2024, 1, 1));
  ASSERT_TRUE(week.ok());
  EXPECT_TRUE(Contains(*week, "&X-Amz-Expires=604800&"));
}

TEST(S3PresignerTest, RejectsBadConfiguration) {
  auto with = [](auto change) {
    S3PresignerConfig c = MinioConfig();
    change(c);
    return c;
  };
  std::vector<S3PresignerConfig> bad = {
      with([](S3PresignerConfig& c) { c.endpoint = ""; }),
      with([](S3PresignerConfig& c) { c.endpoint = "127.0.0.1:9000"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "ftp://host"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://:9000"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://host:"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://host:abc"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://host:123456"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://user@host"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://host?x=1"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://host/a b"; }),
      with([](S3PresignerConfig& c) { c.endpoint = "http://host/%41"; }),
      with([](S3PresignerConfig& c) { c.region = ""; }),
      with([](S3PresignerConfig& c) { c.region = "US East"; }),
      with([](S3PresignerConfig& c) { c.access_key_id = ""; }),
      with([](S3PresignerConfig& c) { c.secret_access_key = ""; }),
      with([](S3PresignerConfig& c) { c.session_token = ""; }),
  };
  for (const S3PresignerConfig& c : bad) {
    EXPECT_FALSE(S3Presigner::ValidateConfig(c).ok()) << c.endpoint << " / " << c.region;
    auto got = S3Presigner(c).PresignGet("s3://bucket/key", 3600, At(2024, 1, 1));
    ASSERT_FALSE(got.ok()) << c.endpoint;
    EXPECT_EQ(got.error().code, ErrorCode::kInternal) << c.endpoint;
  }
  EXPECT_TRUE(S3Presigner::ValidateConfig(MinioConfig()).ok());
}

TEST(S3PresignerTest, RandomInputsNeverCrash) {
  S3Presigner presigner(MinioConfig());
  std::mt19937 rng(4242);
  const std::string alphabet = "abcs3:/.%2F?#@ -_~+AZ09\xc3\xa9\x01amazonaws.com";
  const std::vector<std::string> seeds = {"https://s3.amazonaws.com/b/k", "https://b.s3.amazonaws.com/k",
                                          "https://s3.us-east-1.amazonaws.com/b/k",
                                          "https://b.s3.us-east-1.amazonaws.com/k", "s3://b/k"};
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string url = seeds[rng() % seeds.size()];
    int edits = std::uniform_int_distribution<int>(0, 4)(rng);
    for (int e = 0; e < edits; ++e) {
      size_t at = url.empty() ? 0 : rng() % url.size();
      char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          if (!url.empty()) url[at] = c;
          break;
        case 1:
          url.insert(url.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          if (!url.empty()) url.erase(at, 1);
          break;
      }
    }
    auto got =
        presigner.PresignGet(url, 60 + static_cast<int64_t>(rng() % 3600), At(2024, 1, 1) + seconds(i));
    if (got.ok()) {
      ++accepted;
      EXPECT_EQ(got->rfind("http://127.0.0.1:9000/", 0), 0u) << url;
      EXPECT_TRUE(Contains(*got, "&X-Amz-Signature=")) << url;
      for (char c : *got) {
        EXPECT_TRUE(c > 0x20 && c < 0x7f) << "unencoded byte in " << *got;
      }
    } else {
      EXPECT_EQ(got.error().code, ErrorCode::kInvalidRequest);
    }
  }
  EXPECT_GT(accepted, 1000);
}

}  // namespace
}  // namespace fleetjobs::auth
