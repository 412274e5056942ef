#include "model/execution_status.h"

#include <gtest/gtest.h>

namespace fleetjobs {
namespace {

using S = ExecutionStatus;
using A = ExecutionActor;

TEST(ExecutionStatusTest, TerminalAndDeviceSettable) {
  EXPECT_FALSE(IsTerminal(S::kQueued));
  EXPECT_FALSE(IsTerminal(S::kInProgress));
  for (S s : {S::kSucceeded, S::kFailed, S::kTimedOut, S::kRejected, S::kRemoved, S::kCanceled}) {
    EXPECT_TRUE(IsTerminal(s));
  }
  EXPECT_TRUE(IsDeviceSettable(S::kInProgress));
  EXPECT_TRUE(IsDeviceSettable(S::kSucceeded));
  EXPECT_TRUE(IsDeviceSettable(S::kFailed));
  EXPECT_TRUE(IsDeviceSettable(S::kRejected));
  EXPECT_FALSE(IsDeviceSettable(S::kQueued));
  EXPECT_FALSE(IsDeviceSettable(S::kCanceled));
  EXPECT_FALSE(IsDeviceSettable(S::kTimedOut));
  EXPECT_FALSE(IsDeviceSettable(S::kRemoved));
}

TEST(ExecutionStatusTest, NothingLeavesATerminalState) {
  for (int from = 0; from < kExecutionStatusCount; ++from) {
    if (!IsTerminal(static_cast<S>(from))) continue;
    for (int to = 0; to < kExecutionStatusCount; ++to) {
      for (A a : {A::kDevice, A::kOperator, A::kOperatorForce, A::kService}) {
        EXPECT_FALSE(ExecutionTransitionAllowed(static_cast<S>(from), static_cast<S>(to), a));
      }
    }
  }
}

TEST(ExecutionStatusTest, CancelNeedsForceWhenInProgress) {
  EXPECT_TRUE(ExecutionTransitionAllowed(S::kQueued, S::kCanceled, A::kOperator));
  EXPECT_FALSE(ExecutionTransitionAllowed(S::kInProgress, S::kCanceled, A::kOperator));
  EXPECT_TRUE(ExecutionTransitionAllowed(S::kInProgress, S::kCanceled, A::kOperatorForce));
}

TEST(ExecutionStatusTest, DeviceTransitions) {
  EXPECT_TRUE(ExecutionTransitionAllowed(S::kQueued, S::kInProgress, A::kDevice));
  EXPECT_TRUE(ExecutionTransitionAllowed(S::kInProgress, S::kInProgress, A::kDevice));
  EXPECT_TRUE(ExecutionTransitionAllowed(S::kQueued, S::kRejected, A::kDevice));
  EXPECT_FALSE(ExecutionTransitionAllowed(S::kQueued, S::kQueued, A::kDevice));
  EXPECT_FALSE(ExecutionTransitionAllowed(S::kInProgress, S::kTimedOut, A::kDevice));
  EXPECT_FALSE(ExecutionTransitionAllowed(S::kInProgress, S::kCanceled, A::kDevice));
}

}  // namespace
}  // namespace fleetjobs
