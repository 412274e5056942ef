#include "engine/schedule_time.h"

#include <gtest/gtest.h>

namespace fleetjobs {
namespace {

TEST(ScheduleTimeTest, ParsesUtcMinutes) {
  auto t = ParseScheduleTime("2023-11-14T22:13", "startTime");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(ToEpochMillis(*t), 1'699'999'980'000);
  EXPECT_EQ(FormatScheduleTime(*t), "2023-11-14T22:13");
  auto leap = ParseScheduleTime("2024-02-29T00:00", "startTime");
  ASSERT_TRUE(leap.ok());
  EXPECT_EQ(FormatScheduleTime(*leap), "2024-02-29T00:00");
}

TEST(ScheduleTimeTest, RefusesOtherForms) {
  for (const char* bad :
       {"2023-11-14T22:13:00", "2023-11-14", "2023-13-01T00:00", "2023-02-29T00:00", "2023-11-14T24:00",
        "2023-11-14T10:60", "2023-11-14t10:00", "2023-1a-14T10:00", ""}) {
    auto t = ParseScheduleTime(bad, "schedulingConfig.startTime");
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidRequest);
    EXPECT_NE(t.error().message.find("schedulingConfig.startTime"), std::string::npos);
  }
}

}  // namespace
}  // namespace fleetjobs
