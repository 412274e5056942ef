#include "sim/device_loop.h"

#include <gtest/gtest.h>

namespace fleetjobs::sim {
namespace {

// Drives a device through one execution with `updates` progress updates; returns its final status.
UpdateStatus RunOne(DeviceLoop& d, int updates, const std::string& job = "j") {
  EXPECT_EQ(d.Current().op, Operation::kStartNext);
  d.OnStartNext(job);
  for (int i = 1; i <= updates; ++i) {
    DeviceStep s = d.Current();
    EXPECT_EQ(s.op, Operation::kUpdate);
    EXPECT_EQ(s.status, UpdateStatus::kInProgress);
    EXPECT_EQ(s.progress, i);
    EXPECT_EQ(s.job_id, job);
    d.OnUpdate(true);
  }
  DeviceStep last = d.Current();
  EXPECT_EQ(last.op, Operation::kUpdate);
  EXPECT_NE(last.status, UpdateStatus::kInProgress);
  d.OnUpdate(true);
  return last.status;
}

TEST(DeviceLoopTest, FullCycleThenIdle) {
  DeviceLoop d({2, 0.0, 0.0}, 1);
  ASSERT_FALSE(d.idle());
  EXPECT_EQ(d.Current().op, Operation::kGetPending);
  d.OnPending(true);
  EXPECT_EQ(RunOne(d, 2), UpdateStatus::kSucceeded);
  EXPECT_EQ(d.Current().op, Operation::kStartNext);
  d.OnStartNext(std::nullopt);
  EXPECT_TRUE(d.idle());
  EXPECT_EQ(d.finished(UpdateStatus::kSucceeded), 1);
  d.Wake();
  EXPECT_EQ(d.Current().op, Operation::kGetPending);
  d.OnPending(false);
  EXPECT_TRUE(d.idle());
}

TEST(DeviceLoopTest, NoProgressUpdatesGoesStraightToTheFinalUpdate) {
  DeviceLoop d({0, 1.0, 0.0}, 1);
  d.OnPending(true);
  EXPECT_EQ(RunOne(d, 0), UpdateStatus::kFailed);
  EXPECT_EQ(d.finished(UpdateStatus::kFailed), 1);
}

TEST(DeviceLoopTest, RatesAreFollowedAndReproducible) {
  auto run = [](uint64_t seed) {
    DeviceLoop d({0, 0.2, 0.1}, seed);
    d.OnPending(true);
    for (int i = 0; i < 10000; ++i) RunOne(d, 0);
    return std::vector<int64_t>{d.finished(UpdateStatus::kSucceeded), d.finished(UpdateStatus::kFailed),
                                d.finished(UpdateStatus::kRejected)};
  };
  auto a = run(42);
  EXPECT_EQ(a, run(42));
  EXPECT_NE(a, run(43));
  EXPECT_NEAR(a[1], 2000, 200);
  EXPECT_NEAR(a[2], 1000, 150);
  EXPECT_EQ(a[0] + a[1] + a[2], 10000);
}

TEST(DeviceLoopTest, RefusedUpdateAbandonsTheExecutionAndTransportErrorIdles) {
  DeviceLoop d({3, 0.0, 0.0}, 1);
  d.OnPending(true);
  d.OnStartNext(std::string("j"));
  d.OnUpdate(false);
  EXPECT_EQ(d.abandoned(), 1);
  EXPECT_EQ(d.Current().op, Operation::kStartNext);
  d.OnTransportError();
  EXPECT_TRUE(d.idle());
}

}  // namespace
}  // namespace fleetjobs::sim
