#include "engine/abort_policy.h"

#include <gtest/gtest.h>

namespace fleetjobs::testing {
namespace {

using S = ExecutionStatus;

JobProcessDetails Things(int64_t succeeded, int64_t failed, int64_t rejected = 0, int64_t timed_out = 0,
                         int64_t queued = 0) {
  JobProcessDetails d;
  d[S::kSucceeded] = succeeded;
  d[S::kFailed] = failed;
  d[S::kRejected] = rejected;
  d[S::kTimedOut] = timed_out;
  d[S::kQueued] = queued;
  d[S::kCanceled] = 7;  // never executed: not in the denominator
  d[S::kRemoved] = 5;
  return d;
}

AbortConfig One(FailureType type, double pct, int64_t min) {
  return AbortConfig{{AbortCriterion{type, AbortAction::kCancel, pct, min}}};
}

TEST(AbortPolicyTest, NothingWithoutConfigOrExecutions) {
  EXPECT_FALSE(CheckAbort(std::nullopt, Things(0, 10)));
  EXPECT_FALSE(CheckAbort(One(FailureType::kFailed, 10, 1), Things(0, 0, 0, 0, 100)));
}

TEST(AbortPolicyTest, WaitsForMinimumExecutedThings) {
  AbortConfig c = One(FailureType::kFailed, 20, 10);
  EXPECT_FALSE(CheckAbort(c, Things(0, 9)));  // 100% failed but only 9 executed
  auto d = CheckAbort(c, Things(8, 2));       // exactly 20% of 10
  ASSERT_TRUE(d);
  EXPECT_EQ(d->executed, 10);
  EXPECT_EQ(d->failures, 2);
  EXPECT_FALSE(CheckAbort(c, Things(9, 2)));  // 18.18%
}

TEST(AbortPolicyTest, ThresholdWithTwoDecimalsIsExact) {
  AbortConfig c = One(FailureType::kFailed, 33.33, 1);
  EXPECT_FALSE(CheckAbort(c, Things(6667, 3332)));  // 33.3233%
  EXPECT_TRUE(CheckAbort(c, Things(6667, 3333)));   // 33.3333%
}

TEST(AbortPolicyTest, FailureTypesAndAll) {
  JobProcessDetails d = Things(5, 1, 2, 2);  // 10 executed: 10% failed, 20% rejected, 20% timed out
  EXPECT_FALSE(CheckAbort(One(FailureType::kFailed, 15, 1), d));
  EXPECT_TRUE(CheckAbort(One(FailureType::kRejected, 20, 1), d));
  EXPECT_TRUE(CheckAbort(One(FailureType::kTimedOut, 20, 1), d));
  EXPECT_FALSE(CheckAbort(One(FailureType::kAll, 50.01, 1), d));
  EXPECT_TRUE(CheckAbort(One(FailureType::kAll, 50, 1), d));
}

TEST(AbortPolicyTest, FirstTrippedCriterionIsReported) {
  AbortConfig c{{AbortCriterion{FailureType::kFailed, AbortAction::kCancel, 90, 1},
                 AbortCriterion{FailureType::kRejected, AbortAction::kCancel, 10, 1}}};
  auto d = CheckAbort(c, Things(8, 0, 2));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->criterion.failure_type, FailureType::kRejected);
  EXPECT_EQ(AbortComment(*d),
            "Canceled by abortConfig: 2 of 10 executed things (20%) ended REJECTED; threshold 10% after at "
            "least 1");
}

}  // namespace
}  // namespace fleetjobs::testing
