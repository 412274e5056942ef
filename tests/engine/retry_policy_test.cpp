#include "engine/retry_policy.h"

#include <gtest/gtest.h>

namespace fleetjobs::testing {
namespace {

using S = ExecutionStatus;

RetryConfig Config(std::initializer_list<RetryCriterion> criteria) { return RetryConfig{criteria}; }

TEST(RetryPolicyTest, OnlyFailedAndTimedOutAreRetried) {
  RetryConfig all = Config({{FailureType::kAll, 5}});
  EXPECT_TRUE(ShouldRetry(all, S::kFailed, {}));
  EXPECT_TRUE(ShouldRetry(all, S::kTimedOut, {}));
  for (S s : {S::kRejected, S::kCanceled, S::kRemoved, S::kSucceeded}) EXPECT_FALSE(ShouldRetry(all, s, {}));
  EXPECT_FALSE(ShouldRetry(std::nullopt, S::kFailed, {}));
}

TEST(RetryPolicyTest, PerTypeBudgets) {
  RetryConfig c = Config({{FailureType::kFailed, 2}, {FailureType::kTimedOut, 1}});
  EXPECT_TRUE(ShouldRetry(c, S::kFailed, {1, 1}));
  EXPECT_FALSE(ShouldRetry(c, S::kFailed, {2, 0}));
  EXPECT_TRUE(ShouldRetry(c, S::kTimedOut, {2, 0}));
  EXPECT_FALSE(ShouldRetry(c, S::kTimedOut, {0, 1}));
  RetryConfig failed_only = Config({{FailureType::kFailed, 3}});
  EXPECT_FALSE(ShouldRetry(failed_only, S::kTimedOut, {}));
  RetryConfig zero = Config({{FailureType::kFailed, 0}});
  EXPECT_FALSE(ShouldRetry(zero, S::kFailed, {}));
}

TEST(RetryPolicyTest, AllBudgetIsShared) {
  RetryConfig c = Config({{FailureType::kAll, 3}});
  EXPECT_TRUE(ShouldRetry(c, S::kFailed, {1, 1}));
  EXPECT_FALSE(ShouldRetry(c, S::kTimedOut, {2, 1}));
  // A type's own criterion and ALL both limit it.
  RetryConfig both = Config({{FailureType::kFailed, 1}, {FailureType::kAll, 3}});
  EXPECT_FALSE(ShouldRetry(both, S::kFailed, {1, 0}));
  EXPECT_TRUE(ShouldRetry(both, S::kTimedOut, {1, 1}));
  EXPECT_FALSE(ShouldRetry(both, S::kTimedOut, {1, 2}));
}

}  // namespace
}  // namespace fleetjobs::testing
