#include "engine/rollout_rate.h"

#include <gtest/gtest.h>

namespace fleetjobs::testing {
namespace {

RolloutConfig Exponential(int64_t base, double factor, std::optional<int64_t> notified,
                          std::optional<int64_t> succeeded, std::optional<int64_t> max = std::nullopt) {
  RolloutConfig c;
  c.maximum_per_minute = max;
  c.exponential_rate = ExponentialRolloutRate{base, factor, RateIncreaseCriteria{notified, succeeded}};
  return c;
}

TEST(RolloutRateTest, NoConfigIsUnlimited) {
  EXPECT_EQ(RolloutRatePerMinute(std::nullopt, 0, 0), kUnlimitedRate);
}

TEST(RolloutRateTest, ConstantRateHasNoThousandCap) {
  RolloutConfig c;
  c.maximum_per_minute = 5000;
  EXPECT_EQ(RolloutRatePerMinute(c, 123456, 0), 5000);
  c.maximum_per_minute = 1;
  EXPECT_EQ(RolloutRatePerMinute(c, 0, 0), 1);
}

TEST(RolloutRateTest, DigestExampleDoublesAtEachThousandNotified) {
  RolloutConfig c = Exponential(50, 2, 1000, std::nullopt);
  EXPECT_EQ(RolloutRatePerMinute(c, 0, 0), 50);
  EXPECT_EQ(RolloutRatePerMinute(c, 999, 0), 50);
  EXPECT_EQ(RolloutRatePerMinute(c, 1000, 0), 100);
  EXPECT_EQ(RolloutRatePerMinute(c, 2000, 0), 200);
  EXPECT_EQ(RolloutRatePerMinute(c, 3999, 0), 400);
  EXPECT_EQ(RolloutRatePerMinute(c, 4000, 999999), 800);
}

TEST(RolloutRateTest, SucceededCriterionCountsSucceededThingsOnly) {
  RolloutConfig c = Exponential(10, 1.5, std::nullopt, 20);
  EXPECT_EQ(RolloutRatePerMinute(c, 500, 19), 10);
  EXPECT_EQ(RolloutRatePerMinute(c, 0, 20), 15);
  EXPECT_EQ(RolloutRatePerMinute(c, 0, 40), 22);  // 22.5 rounds down
}

TEST(RolloutRateTest, MaximumPerMinuteCapsTheRamp) {
  RolloutConfig c = Exponential(50, 2, 100, std::nullopt, 120);
  EXPECT_EQ(RolloutRatePerMinute(c, 0, 0), 50);
  EXPECT_EQ(RolloutRatePerMinute(c, 100, 0), 100);
  EXPECT_EQ(RolloutRatePerMinute(c, 200, 0), 120);
}

TEST(RolloutRateTest, LongRampsSaturateWithoutOverflow) {
  RolloutConfig c = Exponential(1000, 5, 1, std::nullopt);
  EXPECT_EQ(RolloutRatePerMinute(c, 1'000'000'000, 0), kUnlimitedRate);
  EXPECT_GE(RolloutRatePerMinute(c, 10, 0), 1000);
}

}  // namespace
}  // namespace fleetjobs::testing
