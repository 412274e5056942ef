#include "api/json_reader.h"

#include <gtest/gtest.h>

namespace fleetjobs::api {
namespace {

TEST(JsonDocumentTest, EmptyBodyIsAnEmptyObject) {
  for (std::string_view body : {"", "  \r\n"}) {
    auto doc = JsonDocument::Parse(body);
    ASSERT_TRUE(doc.ok());
    EXPECT_TRUE(doc->Reader().object().empty());
  }
}

TEST(JsonDocumentTest, InvalidJson) {
  auto doc = JsonDocument::Parse("{\"a\":");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(doc.error().message, "Could not parse request body into json");
  EXPECT_FALSE(JsonDocument::Parse("\"\xff\xfe\"").ok());  // invalid UTF-8
}

TEST(JsonDocumentTest, NonObjectJson) {
  auto doc = JsonDocument::Parse("[1,2]");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::kInvalidRequest);
}

TEST(JsonReaderTest, StrictTypesNameTheField) {
  auto doc = JsonDocument::Parse(
      R"({"s":"x","i":3,"f":2.5,"b":true,"m":{"k":"v"},"bad_m":{"k":1},"l":["a"],"bad_l":["a",2],
          "n":null,"o":{"inner":{"deep":5}}})");
  ASSERT_TRUE(doc.ok());
  JsonReader r = doc->Reader();
  EXPECT_EQ(*r.OptString("s"), std::optional<std::string>("x"));
  EXPECT_EQ(r.OptString("i").error().message, "i must be a string");
  EXPECT_EQ(*r.OptInt("i"), std::optional<int64_t>(3));
  EXPECT_EQ(r.OptInt("f").error().message, "f must be an integer");
  EXPECT_EQ(r.OptInt("s").error().message, "s must be an integer");
  EXPECT_EQ(*r.OptBool("b"), std::optional<bool>(true));
  EXPECT_EQ(r.OptBool("s").error().message, "s must be a boolean");
  EXPECT_EQ(r.OptStringMap("m")->value().at("k"), "v");
  EXPECT_EQ(r.OptStringMap("bad_m").error().message, "bad_m.k must be a string");
  EXPECT_EQ(r.OptStringList("l")->value(), std::vector<std::string>{"a"});
  EXPECT_EQ(r.OptStringList("bad_l").error().message, "bad_l[1] must be a string");
  // null counts as absent; absent is nullopt.
  EXPECT_FALSE(r.OptString("n")->has_value());
  EXPECT_FALSE(r.OptString("absent")->has_value());
  EXPECT_EQ(r.ReqString("absent").error().message, "absent is required");
  // Nested readers prefix the path.
  auto o = r.OptObject("o");
  ASSERT_TRUE(o.ok() && o->has_value());
  auto inner = (*o)->OptObject("inner");
  ASSERT_TRUE(inner.ok() && inner->has_value());
  EXPECT_EQ((*inner)->OptString("deep").error().message, "o.inner.deep must be a string");
  EXPECT_EQ(r.OptObject("s").error().message, "s must be an object");
}

TEST(JsonReaderTest, IntegralDoublesAndLargeIntegers) {
  auto doc = JsonDocument::Parse(R"({"a":2.0,"b":9223372036854775807,"c":18446744073709551615})");
  JsonReader r = doc->Reader();
  EXPECT_EQ(*r.OptInt("a"), std::optional<int64_t>(2));
  EXPECT_EQ(*r.OptInt("b"), std::optional<int64_t>(INT64_MAX));
  EXPECT_FALSE(r.OptInt("c").ok());
}

TEST(JsonReaderTest, TagList) {
  auto doc = JsonDocument::Parse(
      R"({"tags":[{"Key":"k","Value":"v"},{"Key":"e"}],"bad":[{"Value":"v"}],"bad2":[1],"bad3":{}})");
  JsonReader r = doc->Reader();
  auto tags = r.OptTagList("tags");
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(tags->value(), (std::map<std::string, std::string>{{"k", "v"}, {"e", ""}}));
  EXPECT_EQ(r.OptTagList("bad").error().message, "bad[0].Key is required");
  EXPECT_EQ(r.OptTagList("bad2").error().message, "bad2[0] must be an object");
  EXPECT_EQ(r.OptTagList("bad3").error().message, "bad3 must be a list of tags");
}

}  // namespace
}  // namespace fleetjobs::api
