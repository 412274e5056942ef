#include "api/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fleetjobs::api {
namespace {

TEST(JsonWriterTest, DoublesAreWrittenAsPlainDecimals) {
  EXPECT_EQ(WriteJson(boost::json::value(1700000000.123)), "1700000000.123");
  EXPECT_EQ(WriteJson(boost::json::value(1700000000.0)), "1700000000.0");
  EXPECT_EQ(WriteJson(boost::json::value(50.0)), "50.0");
  EXPECT_EQ(WriteJson(boost::json::value(1.5)), "1.5");
  EXPECT_EQ(WriteJson(boost::json::value(-0.25)), "-0.25");
  EXPECT_EQ(WriteJson(boost::json::value(0.0)), "0.0");
}

TEST(JsonWriterTest, ExtremeDoublesStayValidJson) {
  for (double d : {1e300, 1e-300, 123456789012345678.0}) {
    std::string s = WriteJson(boost::json::value(d));
    boost::system::error_code ec;
    auto v = boost::json::parse(s, ec);
    ASSERT_FALSE(ec) << s;
    EXPECT_DOUBLE_EQ(v.to_number<double>(), d) << s;
  }
}

TEST(JsonWriterTest, StructureAndEscapingMatchBoost) {
  boost::json::value v = {{"a", 1},
                          {"b", "x\"y\n\u00e9"},
                          {"c", boost::json::array{true, false, nullptr, -5, 18446744073709551615ull}},
                          {"d", boost::json::object{}}};
  std::string out = WriteJson(v);
  EXPECT_EQ(boost::json::parse(out), v);
  EXPECT_EQ(out, boost::json::serialize(v));  // no doubles: byte-identical to Boost
}

}  // namespace
}  // namespace fleetjobs::api
