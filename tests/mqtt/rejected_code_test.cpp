#include "mqtt/rejected_code.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace fleetjobs::mqtt {
namespace {

TEST(RejectedCodeTest, OnlyTheNineAwsStrings) {
  const std::set<std::string> allowed = {
      "InvalidTopic",    "InvalidJson",   "InvalidRequest",   "InvalidStateTransition", "ResourceNotFound",
      "VersionMismatch", "InternalError", "RequestThrottled", "TerminalStateReached"};
  std::set<std::string> seen;
  for (int i = 0; i <= static_cast<int>(RejectedCode::kTerminalStateReached); ++i) {
    seen.insert(std::string(RejectedCodeName(static_cast<RejectedCode>(i))));
  }
  EXPECT_EQ(seen, allowed);
  // Every engine error maps to one of them.
  for (int i = 0; i <= static_cast<int>(ErrorCode::kPayloadTooLarge); ++i) {
    std::string name(RejectedCodeName(RejectedCodeFor(static_cast<ErrorCode>(i))));
    EXPECT_TRUE(allowed.count(name)) << name;
  }
}

TEST(RejectedCodeTest, Table) {
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kInvalidRequest), RejectedCode::kInvalidRequest);
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kNotFound), RejectedCode::kResourceNotFound);
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kVersionMismatch), RejectedCode::kVersionMismatch);
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kInvalidStateTransition), RejectedCode::kInvalidStateTransition);
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kTerminalState), RejectedCode::kTerminalStateReached);
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kThrottled), RejectedCode::kRequestThrottled);
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kUnavailable), RejectedCode::kRequestThrottled);
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kInternal), RejectedCode::kInternalError);
  EXPECT_EQ(RejectedCodeFor(ErrorCode::kConflict), RejectedCode::kInternalError);
  EXPECT_TRUE(CarriesExecutionState(RejectedCode::kVersionMismatch));
  EXPECT_TRUE(CarriesExecutionState(RejectedCode::kInvalidStateTransition));
  EXPECT_FALSE(CarriesExecutionState(RejectedCode::kResourceNotFound));
  EXPECT_FALSE(CarriesExecutionState(RejectedCode::kInvalidRequest));
}

}  // namespace
}  // namespace fleetjobs::mqtt
