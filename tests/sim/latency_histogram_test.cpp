#include "sim/latency_histogram.h"

#include <gtest/gtest.h>

namespace fleetjobs::sim {
namespace {

TEST(LatencyHistogramTest, EmptyIsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.Count(), 0u);
  EXPECT_EQ(h.Percentile(50), 0u);
  EXPECT_EQ(h.Percentile(99), 0u);
  EXPECT_EQ(h.Max(), 0u);
}

TEST(LatencyHistogramTest, SmallValuesAreExactNearestRank) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 100; ++v) h.Record(v);
  EXPECT_EQ(h.Count(), 100u);
  EXPECT_EQ(h.Percentile(50), 50u);
  EXPECT_EQ(h.Percentile(99), 99u);
  EXPECT_EQ(h.Percentile(100), 100u);
  EXPECT_EQ(h.Percentile(0), 1u);
  EXPECT_EQ(h.Max(), 100u);
  EXPECT_DOUBLE_EQ(h.Mean(), 50.5);
}

TEST(LatencyHistogramTest, BucketsCoverEveryValueWithinOnePart64) {
  for (uint64_t v : {0ull, 127ull, 128ull, 129ull, 1000ull, 65535ull, 1ull << 40, ~0ull}) {
    size_t b = LatencyHistogram::BucketOf(v);
    ASSERT_LT(b, LatencyHistogram::kBuckets) << v;
    uint64_t upper = LatencyHistogram::UpperBound(b);
    EXPECT_GE(upper, v);
    if (b > 0) {
      EXPECT_LT(LatencyHistogram::UpperBound(b - 1), v) << v;
    }
    EXPECT_LE(upper - v, v / 64 + 1) << v;
  }
}

TEST(LatencyHistogramTest, LargeValuesAndMerge) {
  LatencyHistogram a;
  LatencyHistogram b;
  for (int i = 0; i < 990; ++i) a.Record(1000);    // 1 ms
  for (int i = 0; i < 10; ++i) b.Record(250'000);  // 250 ms
  a.Merge(b);
  EXPECT_EQ(a.Count(), 1000u);
  EXPECT_NEAR(static_cast<double>(a.Percentile(50)), 1000, 1000.0 / 64);
  EXPECT_NEAR(static_cast<double>(a.Percentile(99)), 1000, 1000.0 / 64);
  EXPECT_NEAR(static_cast<double>(a.Percentile(99.5)), 250'000, 250'000.0 / 64);
  EXPECT_EQ(a.Max(), 250'000u);
  EXPECT_EQ(a.Percentile(100), 250'000u);  // capped by the exact maximum
}

}  // namespace
}  // namespace fleetjobs::sim
