#include "sim/sim_summary.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fleetjobs::sim {
namespace {

SimSummary Sample() {
  LatencyHistogram h;
  for (int i = 1; i <= 100; ++i) h.Record(static_cast<uint64_t>(i) * 10);  // 10 µs .. 1 ms
  SimSummary s;
  s.devices = 20;
  s.seconds = 2.0;
  s.operations.push_back(StatsOf("UpdateJobExecution", h, 3, s.seconds));
  s.finished[static_cast<int>(UpdateStatus::kSucceeded)] = 17;
  s.finished[static_cast<int>(UpdateStatus::kFailed)] = 2;
  s.finished[static_cast<int>(UpdateStatus::kRejected)] = 1;
  return s;
}

TEST(SimSummaryTest, StatsOf) {
  OperationStats o = Sample().operations[0];
  EXPECT_EQ(o.count, 100u);
  EXPECT_EQ(o.errors, 3u);
  EXPECT_DOUBLE_EQ(o.per_second, 50.0);
  EXPECT_NEAR(o.p50_ms, 0.5, 0.5 / 64);
  EXPECT_NEAR(o.p99_ms, 0.99, 0.99 / 64);
  EXPECT_DOUBLE_EQ(o.max_ms, 1.0);
}

TEST(SimSummaryTest, TextTable) {
  std::string text = FormatSummary(Sample());
  EXPECT_NE(text.find("operation"), std::string::npos) << text;
  EXPECT_NE(text.find("UpdateJobExecution"), std::string::npos) << text;
  EXPECT_NE(text.find("20 devices, 2.00 s; executions SUCCEEDED 17, FAILED 2, REJECTED 1, abandoned 0"),
            std::string::npos)
      << text;
}

TEST(SimSummaryTest, Json) {
  boost::json::value v = boost::json::parse(SummaryJson(Sample()));
  EXPECT_EQ(v.at("devices").to_number<uint64_t>(), 20u);
  EXPECT_EQ(v.at("finished").at("SUCCEEDED").to_number<int64_t>(), 17);
  EXPECT_EQ(v.at("operations").at("UpdateJobExecution").at("requests").to_number<uint64_t>(), 100u);
  EXPECT_EQ(v.at("operations").at("UpdateJobExecution").at("errors").to_number<uint64_t>(), 3u);
}

}  // namespace
}  // namespace fleetjobs::sim
