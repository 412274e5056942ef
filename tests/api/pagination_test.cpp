#include "api/pagination.h"

#include <gtest/gtest.h>

namespace fleetjobs::api {
namespace {

TEST(PaginationTest, TokenRoundTrips) {
  for (const std::string& cursor : std::vector<std::string>{
           "", "a", "ab", "abc", "2023-11-14T22:13:20.123|job-7", std::string("\0\xff/+", 4)}) {
    std::string token = EncodeNextToken(cursor);
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << token;
    auto back = DecodeNextToken(token);
    ASSERT_TRUE(back.ok()) << token;
    EXPECT_EQ(*back, cursor);
  }
}

TEST(PaginationTest, MalformedTokens) {
  for (std::string_view bad : {"!!!!", "abc=", "a", "Zm9v" /* "foo": no tag */, "a b"}) {
    auto r = DecodeNextToken(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(r.error().message, "Invalid nextToken");
  }
}

TEST(PaginationTest, PageRequestFromQuery) {
  auto q = QueryParams::Parse("maxResults=7&nextToken=" + EncodeNextToken("cur"));
  auto page = DecodePageRequest(*q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->limit, 7);
  EXPECT_EQ(page->after, "cur");

  auto defaults = DecodePageRequest(*QueryParams::Parse(""));
  EXPECT_EQ(defaults->limit, kDefaultPageSize);
  EXPECT_EQ(defaults->after, "");

  for (std::string_view bad : {"maxResults=0", "maxResults=251", "maxResults=x", "nextToken=%3D%3D"}) {
    auto r = DecodePageRequest(*QueryParams::Parse(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest) << bad;
  }
  EXPECT_EQ(DecodePageRequest(*QueryParams::Parse("maxResults=250"))->limit, 250);
  EXPECT_EQ(DecodePageRequest(*QueryParams::Parse("maxResults=1"))->limit, 1);
}

TEST(PaginationTest, NextTokenOnlyWhenThereIsANextPage) {
  boost::json::object o;
  AddNextToken(o, std::nullopt);
  EXPECT_FALSE(o.contains("nextToken"));
  AddNextToken(o, std::string("c"));
  EXPECT_EQ(*DecodeNextToken(o.at("nextToken").as_string()), "c");
}

}  // namespace
}  // namespace fleetjobs::api
