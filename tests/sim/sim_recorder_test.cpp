#include "sim/sim_recorder.h"

#include <gtest/gtest.h>

namespace fleetjobs::sim {
namespace {

using std::chrono::microseconds;

AnswerFacts Accepted() {
  AnswerFacts f;
  f.accepted = true;
  return f;
}

TEST(SimRecorderTest, AnswersStepTheLoopAndCountFinishedExecutions) {
  SimRecorder rec;
  DeviceLoop d({0, 0.0, 0.0}, 1);  // no progress updates: start, then SUCCEEDED
  AnswerFacts pending = Accepted();
  pending.anything_pending = true;
  rec.OnAnswer(d, Operation::kGetPending, microseconds(100), pending);
  AnswerFacts started = Accepted();
  started.started_job = "j";
  rec.OnAnswer(d, Operation::kStartNext, microseconds(200), started);
  ASSERT_EQ(d.Current().op, Operation::kUpdate);
  EXPECT_EQ(d.Current().status, UpdateStatus::kSucceeded);
  rec.OnAnswer(d, Operation::kUpdate, microseconds(300), Accepted());
  rec.OnAnswer(d, Operation::kStartNext, microseconds(200), Accepted());  // nothing more
  EXPECT_TRUE(d.idle());
  EXPECT_EQ(rec.requests(), 4u);
  EXPECT_EQ(rec.finished(), 1);

  SimSummary s = rec.Summarize({&d}, 2.0, false);
  EXPECT_EQ(s.devices, 1u);
  ASSERT_EQ(s.operations.size(), static_cast<size_t>(kOperationCount) + 1);
  EXPECT_EQ(s.operations[static_cast<int>(Operation::kStartNext)].count, 2u);
  EXPECT_EQ(s.operations.back().name, "all");
  EXPECT_EQ(s.operations.back().count, 4u);
  EXPECT_EQ(s.operations.back().errors, 0u);
  EXPECT_EQ(s.finished[static_cast<int>(UpdateStatus::kSucceeded)], 1);
}

TEST(SimRecorderTest, RejectedAnswersAndTransportErrorsAreErrorsAndIdleTheDevice) {
  SimRecorder rec;
  DeviceLoop a({1, 0.0, 0.0}, 1);
  rec.OnAnswer(a, Operation::kGetPending, microseconds(50), AnswerFacts{});  // not accepted
  EXPECT_TRUE(a.idle());
  DeviceLoop b({1, 0.0, 0.0}, 2);
  rec.OnTransportError(b, Operation::kGetPending);
  EXPECT_TRUE(b.idle());
  SimSummary s = rec.Summarize({&a, &b}, 1.0, true);
  const OperationStats& get = s.operations[static_cast<int>(Operation::kGetPending)];
  EXPECT_EQ(get.errors, 2u);
  EXPECT_EQ(get.count, 1u);  // a transport error has no latency to record
  EXPECT_EQ(rec.requests(), 2u);
  EXPECT_EQ(rec.finished(), 0);
  EXPECT_TRUE(s.interrupted);
}

}  // namespace
}  // namespace fleetjobs::sim
