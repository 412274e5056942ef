#include "engine/document_substitution.h"

#include <gtest/gtest.h>

namespace fleetjobs {
namespace {

TEST(DocumentSubstitutionTest, FillsKnownParameters) {
  std::map<std::string, std::string> params{{"user", "root"}, {"path", "/opt/app"}};
  EXPECT_EQ(SubstituteDocumentParameters(
                R"({"u":"${aws:iot:parameter:user}","p":"${aws:iot:parameter:path}"})", params),
            R"({"u":"root","p":"/opt/app"})");
}

TEST(DocumentSubstitutionTest, KeepsUnknownAndOtherPlaceholders) {
  std::map<std::string, std::string> params{{"user", "root"}};
  std::string doc =
      R"({"a":"${aws:iot:parameter:missing}","b":"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k}",)"
      R"("c":"${aws:iot:parameter:user}${aws:iot:parameter:user}"})";
  EXPECT_EQ(
      SubstituteDocumentParameters(doc, params),
      R"({"a":"${aws:iot:parameter:missing}","b":"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k}",)"
      R"("c":"rootroot"})");
}

TEST(DocumentSubstitutionTest, UnterminatedPlaceholderIsLeftAlone) {
  std::map<std::string, std::string> params{{"user", "root"}};
  EXPECT_EQ(SubstituteDocumentParameters(R"({"a":"${aws:iot:parameter:user"})", params),
            R"({"a":"${aws:iot:parameter:user"})");
  EXPECT_EQ(SubstituteDocumentParameters("{}", {}), "{}");
}

class FakePresigner final : public UrlPresigner {
 public:
  Result<std::string> PresignGet(std::string_view url, int64_t expires, Timestamp now) const override {
    if (url.find("s3") == std::string_view::npos) return MakeError(ErrorCode::kInvalidRequest, "not S3");
    return std::string(url) + "?exp=" + std::to_string(expires) + "&t=" + std::to_string(ToEpochSeconds(now));
  }
};

TEST(DocumentSubstitutionTest, PresignedUrlPlaceholdersAreSignedAndBadOnesKept) {
  FakePresigner presigner;
  std::string doc =
      R"({"a":"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k}","b":"${aws:iot:s3-presigned-url:ftp://x}",)"
      R"("c":"${aws:iot:parameter:p}"})";
  EXPECT_EQ(SubstitutePresignedUrls(doc, presigner, 600, FromEpochMillis(5000)),
            R"({"a":"https://s3.amazonaws.com/b/k?exp=600&t=5","b":"${aws:iot:s3-presigned-url:ftp://x}",)"
            R"("c":"${aws:iot:parameter:p}"})");
}

}  // namespace
}  // namespace fleetjobs
