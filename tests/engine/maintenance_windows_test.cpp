#include "engine/maintenance_windows.h"

#include <gtest/gtest.h>

#include "engine/schedule_time.h"

namespace fleetjobs::testing {
namespace {

Timestamp At(const char* text) {
  auto t = ParseScheduleTime(text, "t");
  EXPECT_TRUE(t.ok());
  return *t;
}

MaintenanceWindows Windows(std::vector<MaintenanceWindow> w) {
  auto parsed = MaintenanceWindows::Parse(w);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return std::move(parsed).value();
}

TEST(MaintenanceWindowsTest, NoWindowsIsAlwaysOpen) {
  MaintenanceWindows none;
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(none.IsOpen(At("2030-01-01T00:00")));
  EXPECT_FALSE(none.NextOpen(At("2030-01-01T00:00")));
}

TEST(MaintenanceWindowsTest, OpenFromStartForDuration) {
  MaintenanceWindows w = Windows({{"cron(0 2 * * ? *)", 90}});  // 02:00-03:30 every day
  EXPECT_FALSE(w.IsOpen(At("2030-01-01T01:59")));
  EXPECT_TRUE(w.IsOpen(At("2030-01-01T02:00")));
  EXPECT_TRUE(w.IsOpen(At("2030-01-01T03:29")));
  EXPECT_FALSE(w.IsOpen(At("2030-01-01T03:30")));
  EXPECT_EQ(w.NextOpen(At("2030-01-01T03:30")), At("2030-01-02T02:00"));
  EXPECT_EQ(w.NextOpen(At("2030-01-01T01:00")), At("2030-01-01T02:00"));
}

TEST(MaintenanceWindowsTest, WindowsSpanningMidnightAndSeveralWindows) {
  MaintenanceWindows w = Windows({{"cron(0 23 ? * SAT *)", 120}, {"cron(30 12 1 * ? *)", 10}});
  // 2030-01-05 is a Saturday.
  EXPECT_TRUE(w.IsOpen(At("2030-01-06T00:59")));
  EXPECT_FALSE(w.IsOpen(At("2030-01-06T01:00")));
  EXPECT_TRUE(w.IsOpen(At("2030-02-01T12:35")));
  std::vector<Timestamp> starts = w.NextStarts(At("2030-01-01T00:00"), 7);
  ASSERT_EQ(starts.size(), 7u);
  EXPECT_EQ(starts[0], At("2030-01-01T12:30"));
  EXPECT_EQ(starts[1], At("2030-01-05T23:00"));
  EXPECT_EQ(starts[4], At("2030-01-26T23:00"));
  EXPECT_EQ(starts[5], At("2030-02-01T12:30"));
  EXPECT_EQ(starts[6], At("2030-02-02T23:00"));
}

TEST(MaintenanceWindowsTest, BadCronIsRejectedOnParseAndIgnoredForStoredJobs) {
  EXPECT_FALSE(MaintenanceWindows::Parse({{"cron(0 2 * * * *)", 10}}).ok());
  SchedulingConfig sc;
  sc.maintenance_windows = std::vector<MaintenanceWindow>{{"garbage", 10}};
  EXPECT_TRUE(MaintenanceWindows::ForJob(sc).empty());
}

}  // namespace
}  // namespace fleetjobs::testing
