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

}  // namespace
}  // namespace fleetjobs
