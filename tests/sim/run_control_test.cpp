#include "sim/run_control.h"

#include <gtest/gtest.h>

#include <thread>

namespace fleetjobs::sim {
namespace {

using SteadyClock = RunControl::SteadyClock;

TEST(RunControlTest, AnUntilIdleRunEndsWhenTheLastDeviceGoesIdle) {
  RunControl run;
  std::thread devices([&] {
    for (int i = 0; i < 3; ++i) run.DeviceIdle(3, /*until_idle=*/true);
  });
  int ticks = 0;
  const bool interrupted = run.AwaitEnd(3, true, SteadyClock::time_point::max(), [&] { ++ticks; });
  devices.join();
  EXPECT_FALSE(interrupted);
  EXPECT_EQ(run.idle.load(), 3u);
}

TEST(RunControlTest, TheDeadlineInterruptsOnlyAnUntilIdleRun) {
  RunControl run;
  int ticks = 0;
  EXPECT_TRUE(run.AwaitEnd(2, true, SteadyClock::now(), [&] { ++ticks; }));
  EXPECT_FALSE(run.AwaitEnd(2, false, SteadyClock::now(), [&] { ++ticks; }));
  EXPECT_EQ(ticks, 0);  // the deadline had passed before the first wait
}

TEST(RunControlTest, DrainStopsNewRequestsAndWaitsForTheOnesOnTheWire) {
  RunControl run;
  run.in_flight.store(2);
  std::thread answers([&] {
    run.RequestDone();
    run.RequestDone();
  });
  run.Drain(std::chrono::hours(1));  // returns only once both are answered
  answers.join();
  EXPECT_TRUE(run.stopping.load());
  EXPECT_EQ(run.in_flight.load(), 0u);
}

TEST(RunControlTest, ProgressReportsTheCounters) {
  RunControl run;
  SimRecorder recorder;
  run.DeviceIdle(5, false);
  SimProgress p = run.Progress(5, recorder, SteadyClock::now());
  EXPECT_EQ(p.devices, 5u);
  EXPECT_EQ(p.idle, 1u);
  EXPECT_EQ(p.requests, 0u);
}

}  // namespace
}  // namespace fleetjobs::sim
