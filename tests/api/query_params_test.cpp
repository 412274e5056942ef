#include "api/query_params.h"

#include <gtest/gtest.h>

namespace fleetjobs::api {
namespace {

TEST(QueryParamsTest, DecodesKeysAndValues) {
  auto q = QueryParams::Parse("status=IN_PROGRESS&maxResults=10&thingGroupName=my%3Agroup&x=a+b&y=a%20b");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->Get("status"), "IN_PROGRESS");
  EXPECT_EQ(q->Get("thingGroupName"), "my:group");
  EXPECT_EQ(q->Get("x"), "a b");  // '+' is a space in queries
  EXPECT_EQ(q->Get("y"), "a b");
  EXPECT_EQ(q->Get("missing"), std::nullopt);
  EXPECT_EQ(q->size(), 5u);
}

TEST(QueryParamsTest, EmptyAndValuelessPairs) {
  auto q = QueryParams::Parse("&a&b=&&");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->Get("a"), "");
  EXPECT_EQ(q->Get("b"), "");
  EXPECT_EQ(q->size(), 2u);
  EXPECT_EQ(QueryParams::Parse("")->size(), 0u);
}

TEST(QueryParamsTest, EncodedPlusStaysPlus) {
  auto q = QueryParams::Parse("resourceArn=arn%3Aaws%3Aiot%3Aus-east-1%3A1%3Ajob%2Fa%2Bb");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->Get("resourceArn"), "arn:aws:iot:us-east-1:1:job/a+b");
}

TEST(QueryParamsTest, InvalidEscape) {
  auto q = QueryParams::Parse("a=%G1");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().code, ErrorCode::kInvalidRequest);
}

TEST(QueryParamsTest, Booleans) {
  auto q = QueryParams::Parse("a=true&b=false&c=TRUE&d=yes");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q->GetBool("a"), std::optional<bool>(true));
  EXPECT_EQ(*q->GetBool("b"), std::optional<bool>(false));
  EXPECT_EQ(*q->GetBool("c"), std::optional<bool>(true));
  EXPECT_EQ(*q->GetBool("z"), std::optional<bool>());
  auto bad = q->GetBool("d");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(bad.error().message.find("d must be a boolean"), std::string::npos);
}

TEST(QueryParamsTest, Integers) {
  auto q = QueryParams::Parse("a=12&b=-3&c=1.5&d=&e=9x");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q->GetInt("a"), std::optional<int64_t>(12));
  EXPECT_EQ(*q->GetInt("b"), std::optional<int64_t>(-3));
  EXPECT_EQ(*q->GetInt("z"), std::optional<int64_t>());
  for (const char* k : {"c", "d", "e"}) {
    auto bad = q->GetInt(k);
    ASSERT_FALSE(bad.ok()) << k;
    EXPECT_EQ(bad.error().message, std::string(k) + " must be an integer");
  }
}

TEST(QueryParamsTest, Require) {
  auto q = QueryParams::Parse("a=1");
  EXPECT_EQ(*q->Require("a"), "1");
  auto missing = q->Require("resourceArn");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "resourceArn is required");
}

}  // namespace
}  // namespace fleetjobs::api
