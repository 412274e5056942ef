#include "engine/cron_schedule.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/schedule_time.h"

namespace fleetjobs {
namespace {

// "YYYY-MM-DDTHH:MM" (UTC) to a Timestamp; the tests only use valid times.
Timestamp T(const char* text) {
  auto t = ParseScheduleTime(text, "test");
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : Timestamp();
}

CronSchedule MustParse(const std::string& expr) {
  auto s = CronSchedule::Parse(expr);
  EXPECT_TRUE(s.ok()) << expr << ": " << (s.ok() ? "" : s.error().message);
  if (!s.ok()) return *CronSchedule::Parse("cron(0 0 1 1 ? 1970)");
  return std::move(s).value();
}

// The next start after `after` as "YYYY-MM-DDTHH:MM", or "none".
std::string NextOf(const std::string& expr, const char* after) {
  auto next = MustParse(expr).NextAfter(T(after));
  return next ? FormatScheduleTime(*next) : "none";
}

std::vector<std::string> NextN(const std::string& expr, const char* after, int n) {
  std::vector<std::string> out;
  for (Timestamp t : MustParse(expr).Next(T(after), n)) out.push_back(FormatScheduleTime(t));
  return out;
}

std::string ErrorOf(const std::string& expr) {
  auto s = CronSchedule::Parse(expr);
  if (s.ok()) return "OK";
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest) << expr;
  return s.error().message;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// The AWS IoT examples and the basic fields.

TEST(CronScheduleTest, AwsIotExamples) {
  // Every Monday at midnight.
  EXPECT_EQ(NextOf("cron(0 0 ? * MON *)", "2023-12-31T12:00"), "2024-01-01T00:00");
  EXPECT_EQ(NextOf("cron(0 0 ? * MON *)", "2024-01-01T00:00"), "2024-01-08T00:00");
  // Every day at 02:30.
  EXPECT_EQ(NextOf("cron(30 2 * * ? *)", "2024-03-10T02:29"), "2024-03-10T02:30");
  EXPECT_EQ(NextOf("cron(30 2 * * ? *)", "2024-03-10T02:30"), "2024-03-11T02:30");
  EXPECT_EQ(NextN("cron(30 2 * * ? *)", "2024-12-30T03:00", 3),
            (std::vector<std::string>{"2024-12-31T02:30", "2025-01-01T02:30", "2025-01-02T02:30"}));
}

TEST(CronScheduleTest, StrictlyAfterAndTruncatesSecondsAndMillis) {
  CronSchedule every_minute = MustParse("cron(* * * * ? *)");
  Timestamp t = T("2024-05-05T10:00");
  EXPECT_EQ(FormatScheduleTime(*every_minute.NextAfter(t)), "2024-05-05T10:01");
  EXPECT_EQ(FormatScheduleTime(*every_minute.NextAfter(t + std::chrono::milliseconds(1))),
            "2024-05-05T10:01");
  EXPECT_EQ(FormatScheduleTime(*every_minute.NextAfter(t + std::chrono::seconds(59))), "2024-05-05T10:01");
  EXPECT_EQ(FormatScheduleTime(*every_minute.NextAfter(t - std::chrono::milliseconds(1))),
            "2024-05-05T10:00");
  // Results are whole minutes.
  EXPECT_EQ(ToEpochMillis(*every_minute.NextAfter(t + std::chrono::seconds(7))) % 60000, 0);
}

TEST(CronScheduleTest, MinuteLists) {
  EXPECT_EQ(NextN("cron(5,10,55 * * * ? *)", "2024-01-01T00:07", 4),
            (std::vector<std::string>{"2024-01-01T00:10", "2024-01-01T00:55", "2024-01-01T01:05",
                                      "2024-01-01T01:10"}));
}

TEST(CronScheduleTest, Ranges) {
  EXPECT_EQ(NextN("cron(58-59 22-23 * * ? *)", "2024-01-01T22:58", 4),
            (std::vector<std::string>{"2024-01-01T22:59", "2024-01-01T23:58", "2024-01-01T23:59",
                                      "2024-01-02T22:58"}));
  EXPECT_EQ(NextOf("cron(0 0 10-12 * ? *)", "2024-01-12T00:00"), "2024-02-10T00:00");
  EXPECT_EQ(NextOf("cron(0 0 1 MAR-MAY ? *)", "2024-05-01T00:00"), "2025-03-01T00:00");
}

TEST(CronScheduleTest, Steps) {
  // */n: from the field's first value.
  EXPECT_EQ(NextN("cron(*/20 0 * * ? *)", "2023-12-31T23:00", 4),
            (std::vector<std::string>{"2024-01-01T00:00", "2024-01-01T00:20", "2024-01-01T00:40",
                                      "2024-01-02T00:00"}));
  // a/n: from a to the end of the range.
  EXPECT_EQ(NextN("cron(5/20 0 * * ? *)", "2023-12-31T23:00", 4),
            (std::vector<std::string>{"2024-01-01T00:05", "2024-01-01T00:25", "2024-01-01T00:45",
                                      "2024-01-02T00:05"}));
  // a-b/n: inside the range only.
  EXPECT_EQ(NextN("cron(10-30/10 0 * * ? *)", "2023-12-31T23:00", 4),
            (std::vector<std::string>{"2024-01-01T00:10", "2024-01-01T00:20", "2024-01-01T00:30",
                                      "2024-01-02T00:10"}));
  // A step larger than what remains leaves the start alone.
  EXPECT_EQ(NextN("cron(50/20 0 * * ? *)", "2023-12-31T23:00", 2),
            (std::vector<std::string>{"2024-01-01T00:50", "2024-01-02T00:50"}));
  // The EventBridge examples: every 15 minutes; every 5 minutes from 08:00 to 17:55 on weekdays.
  EXPECT_EQ(NextOf("cron(0/15 * * * ? *)", "2024-01-01T10:07"), "2024-01-01T10:15");
  EXPECT_EQ(NextOf("cron(0/5 8-17 ? * MON-FRI *)", "2024-01-05T17:55"), "2024-01-08T08:00");  // Fri -> Mon
  EXPECT_EQ(NextOf("cron(0/5 8-17 ? * MON-FRI *)", "2024-01-08T17:50"), "2024-01-08T17:55");
  // Steps in hours, day-of-month, month and year.
  EXPECT_EQ(NextN("cron(0 */8 * * ? *)", "2024-01-01T00:00", 3),
            (std::vector<std::string>{"2024-01-01T08:00", "2024-01-01T16:00", "2024-01-02T00:00"}));
  EXPECT_EQ(NextN("cron(0 0 1/10 * ? *)", "2024-02-01T00:00", 3),
            (std::vector<std::string>{"2024-02-11T00:00", "2024-02-21T00:00", "2024-03-01T00:00"}));
  EXPECT_EQ(NextN("cron(0 0 1 */4 ? *)", "2024-01-01T00:00", 3),
            (std::vector<std::string>{"2024-05-01T00:00", "2024-09-01T00:00", "2025-01-01T00:00"}));
  EXPECT_EQ(NextN("cron(0 0 1 1 ? 2030/5)", "2024-01-01T00:00", 3),
            (std::vector<std::string>{"2030-01-01T00:00", "2035-01-01T00:00", "2040-01-01T00:00"}));
}

TEST(CronScheduleTest, MonthAndDayNamesAnyCase) {
  EXPECT_EQ(NextOf("cron(0 9 ? JAN-MAR MON-FRI *)", "2024-03-29T09:00"), "2025-01-01T09:00");
  EXPECT_EQ(NextOf("cron(0 9 ? jan-mar mon-fri *)", "2024-03-29T09:00"), "2025-01-01T09:00");
  EXPECT_EQ(NextOf("cron(0 9 ? * Sat,SUN *)", "2024-01-01T00:00"), "2024-01-06T09:00");
  EXPECT_EQ(NextOf("cron(0 0 1 JUL,DEC ? *)", "2024-07-01T00:00"), "2024-12-01T00:00");
  // Names and numbers mix; 1 = SUN and 7 = SAT.
  EXPECT_EQ(NextOf("cron(0 0 ? * 1 *)", "2024-01-01T00:00"), "2024-01-07T00:00");
  EXPECT_EQ(NextOf("cron(0 0 ? * 7 *)", "2024-01-01T00:00"), "2024-01-06T00:00");
  EXPECT_EQ(NextOf("cron(0 0 ? * 2-FRI *)", "2024-01-05T00:00"), "2024-01-08T00:00");
  EXPECT_EQ(NextOf("cron(0 0 1 2-MAR ? *)", "2024-02-01T00:00"), "2024-03-01T00:00");
}

TEST(CronScheduleTest, StarInEitherDayField) {
  EXPECT_EQ(NextOf("cron(0 12 * * ? *)", "2024-01-01T12:00"), "2024-01-02T12:00");
  EXPECT_EQ(NextOf("cron(0 12 ? * * *)", "2024-01-01T12:00"), "2024-01-02T12:00");
}

// ---------------------------------------------------------------------------------------------
// L, W and #.

TEST(CronScheduleTest, LastDayOfMonth) {
  EXPECT_EQ(NextN("cron(0 0 L * ? *)", "2024-01-01T00:00", 4),
            (std::vector<std::string>{"2024-01-31T00:00", "2024-02-29T00:00", "2024-03-31T00:00",
                                      "2024-04-30T00:00"}));
  EXPECT_EQ(NextOf("cron(0 0 L 2 ? *)", "2023-01-01T00:00"), "2023-02-28T00:00");
  EXPECT_EQ(NextOf("cron(0 0 L 2 ? *)", "2099-03-01T00:00"), "2100-02-28T00:00");  // 2100 is not leap
  EXPECT_EQ(NextOf("cron(0 0 L 2 ? *)", "1999-03-01T00:00"), "2000-02-29T00:00");  // 2000 is
}

TEST(CronScheduleTest, LastWeekdayOfMonth) {
  // 2024: Mar 31 is a Sunday, Jun 30 a Sunday, Aug 31 a Saturday, Nov 30 a Saturday.
  EXPECT_EQ(NextN("cron(0 0 LW * ? *)", "2024-03-01T00:00", 6),
            (std::vector<std::string>{"2024-03-29T00:00", "2024-04-30T00:00", "2024-05-31T00:00",
                                      "2024-06-28T00:00", "2024-07-31T00:00", "2024-08-30T00:00"}));
  EXPECT_EQ(NextOf("cron(0 0 lw 11 ? *)", "2024-01-01T00:00"), "2024-11-29T00:00");
}

TEST(CronScheduleTest, NearestWeekday) {
  // Jun 15 2024 is a Saturday -> Friday 14th; Sep 15 2024 a Sunday -> Monday 16th.
  EXPECT_EQ(NextOf("cron(0 0 15W 6 ? *)", "2024-01-01T00:00"), "2024-06-14T00:00");
  EXPECT_EQ(NextOf("cron(0 0 15W 9 ? *)", "2024-01-01T00:00"), "2024-09-16T00:00");
  // A weekday stays: Jan 15 2024 is a Monday.
  EXPECT_EQ(NextOf("cron(0 0 15W 1 ? *)", "2024-01-01T00:00"), "2024-01-15T00:00");
  // Never leaves the month: Jun 1 2024 is a Saturday -> Monday 3rd, not Friday May 31.
  EXPECT_EQ(NextOf("cron(0 0 1W 6 ? *)", "2024-01-01T00:00"), "2024-06-03T00:00");
  // Mar 31 2024 is a Sunday -> Friday 29th, not Monday Apr 1.
  EXPECT_EQ(NextOf("cron(0 0 31W 3 ? *)", "2024-01-01T00:00"), "2024-03-29T00:00");
  // A month without that day has no match: 31W skips April and June.
  EXPECT_EQ(NextN("cron(0 0 31W * ? *)", "2024-04-01T00:00", 2),
            (std::vector<std::string>{"2024-05-31T00:00", "2024-07-31T00:00"}));
  // The nearest weekday may fall before `after` even though day n is later.
  EXPECT_EQ(NextOf("cron(0 0 15W 6 ? *)", "2024-06-14T12:00"), "2025-06-16T00:00");  // a Sunday in 2025
}

TEST(CronScheduleTest, LastGivenWeekdayOfMonth) {
  // 5L: the last Thursday (Thanksgiving-ish).
  EXPECT_EQ(NextOf("cron(0 0 ? 11 5L *)", "2024-01-01T00:00"), "2024-11-28T00:00");
  EXPECT_EQ(NextN("cron(15 10 ? * 6L *)", "2024-01-01T00:00", 3),
            (std::vector<std::string>{"2024-01-26T10:15", "2024-02-23T10:15", "2024-03-29T10:15"}));
  EXPECT_EQ(NextOf("cron(0 0 ? * FRIL *)", "2024-01-01T00:00"), "2024-01-26T00:00");
  EXPECT_EQ(NextOf("cron(0 0 ? 2 1L *)", "2024-01-01T00:00"), "2024-02-25T00:00");
  // L alone in Day-of-week is the last day of the week: every Saturday.
  EXPECT_EQ(NextN("cron(0 0 ? * L *)", "2024-01-01T00:00", 2),
            (std::vector<std::string>{"2024-01-06T00:00", "2024-01-13T00:00"}));
}

TEST(CronScheduleTest, NthWeekdayOfMonth) {
  // 2#1: the first Monday. Sep 2 2024.
  EXPECT_EQ(NextOf("cron(0 0 ? 9 2#1 *)", "2024-01-01T00:00"), "2024-09-02T00:00");
  // Jan 1 2024 is the first Monday; strictly after it comes Feb 5.
  EXPECT_EQ(NextOf("cron(0 0 ? * MON#1 *)", "2024-01-01T00:00"), "2024-02-05T00:00");
  EXPECT_EQ(NextOf("cron(0 0 ? * mon#1 *)", "2023-12-31T00:00"), "2024-01-01T00:00");
  // 3#2: the second Tuesday (the EventBridge example).
  EXPECT_EQ(NextN("cron(0 0 ? * 3#2 *)", "2024-01-01T00:00", 3),
            (std::vector<std::string>{"2024-01-09T00:00", "2024-02-13T00:00", "2024-03-12T00:00"}));
  // 6#5: a fifth Friday only exists in some months (Mar 2024 is the first of 2024).
  EXPECT_EQ(NextOf("cron(0 0 ? * 6#5 *)", "2024-01-01T00:00"), "2024-03-29T00:00");
  // A fifth Sunday in February needs a leap year whose Feb 29 is a Sunday: 2004, 2032, 2060...
  EXPECT_EQ(NextN("cron(0 0 ? 2 1#5 *)", "2004-03-01T00:00", 2),
            (std::vector<std::string>{"2032-02-29T00:00", "2060-02-29T00:00"}));
}

// ---------------------------------------------------------------------------------------------
// Calendar edges.

TEST(CronScheduleTest, LeapYears) {
  EXPECT_EQ(NextOf("cron(0 0 29 2 ? *)", "2024-02-29T00:00"), "2028-02-29T00:00");
  EXPECT_EQ(NextOf("cron(0 0 29 2 ? *)", "2097-03-01T00:00"), "2104-02-29T00:00");  // skips 2100
  EXPECT_EQ(NextOf("cron(0 0 29 FEB ? 2100-2103)", "2000-01-01T00:00"), "none");
}

TEST(CronScheduleTest, MonthEnds) {
  // Day 31 only fires in 31-day months.
  EXPECT_EQ(NextN("cron(0 0 31 * ? *)", "2024-01-31T00:00", 3),
            (std::vector<std::string>{"2024-03-31T00:00", "2024-05-31T00:00", "2024-07-31T00:00"}));
  EXPECT_EQ(NextOf("cron(59 23 * * ? *)", "2024-12-31T23:59"), "2025-01-01T23:59");
  EXPECT_EQ(NextOf("cron(0 0 1 * ? *)", "2024-12-31T23:59"), "2025-01-01T00:00");
}

TEST(CronScheduleTest, NeverMatchingExpressionsEndQuickly) {
  // Feb 30, Apr 31 and a fifth Monday of a 28-day February cannot happen: nullopt without a
  // minute-by-minute search. Repeated to make a slow implementation obvious.
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(NextOf("cron(0 0 30 2 ? *)", "1970-01-01T00:00"), "none");
    EXPECT_EQ(NextOf("cron(* * 31 4,6,9,11 ? *)", "1970-01-01T00:00"), "none");
    EXPECT_EQ(NextOf("cron(* * 30-31 FEB ? *)", "1970-01-01T00:00"), "none");
  }
  EXPECT_TRUE(MustParse("cron(0 0 30 2 ? *)").Next(T("1970-01-01T00:00"), 5).empty());
}

TEST(CronScheduleTest, YearField) {
  EXPECT_EQ(NextOf("cron(0 0 1 1 ? 2025-2027)", "2027-01-01T00:00"), "none");
  EXPECT_EQ(NextOf("cron(0 0 1 1 ? 2025-2027)", "2020-06-01T00:00"), "2025-01-01T00:00");
  EXPECT_EQ(NextOf("cron(0 0 1 1 ? 2030,2026)", "2026-01-01T00:00"), "2030-01-01T00:00");
  EXPECT_EQ(NextOf("cron(0 0 1 1 ? 2199)", "2198-06-01T00:00"), "2199-01-01T00:00");
  EXPECT_EQ(NextOf("cron(0 0 1 1 ? 2199)", "2199-01-01T00:00"), "none");
  EXPECT_EQ(NextOf("cron(0 0 ? * * 1970)", "1969-12-31T23:59"), "1970-01-01T00:00");
}

TEST(CronScheduleTest, RangeOfTime) {
  CronSchedule s = MustParse("cron(59 23 31 12 ? *)");
  EXPECT_EQ(FormatScheduleTime(*s.NextAfter(T("2199-12-31T23:58"))), "2199-12-31T23:59");
  EXPECT_FALSE(s.NextAfter(T("2199-12-31T23:59")).has_value());
  EXPECT_FALSE(s.NextAfter(T("2500-01-01T00:00")).has_value());
  EXPECT_EQ(s.Next(T("2197-01-01T00:00"), 10).size(), 3u);
  // Before 1970 the search starts at 1970.
  EXPECT_EQ(NextOf("cron(0 0 * * ? *)", "1900-05-05T05:05"), "1970-01-01T00:00");
  // Absurd instants are answered, not overflowed.
  EXPECT_FALSE(s.NextAfter(FromEpochMillis(std::numeric_limits<int64_t>::max())).has_value());
  auto from_min = s.NextAfter(FromEpochMillis(std::numeric_limits<int64_t>::min()));
  ASSERT_TRUE(from_min.has_value());
  EXPECT_EQ(FormatScheduleTime(*from_min), "1970-12-31T23:59");
  EXPECT_FALSE(s.Matches(FromEpochMillis(std::numeric_limits<int64_t>::max())));
  EXPECT_FALSE(s.Matches(FromEpochMillis(std::numeric_limits<int64_t>::min())));
}

TEST(CronScheduleTest, NextCounts) {
  CronSchedule s = MustParse("cron(0 * * * ? *)");
  EXPECT_TRUE(s.Next(T("2024-01-01T00:00"), 0).empty());
  EXPECT_TRUE(s.Next(T("2024-01-01T00:00"), -3).empty());
  std::vector<Timestamp> hours = s.Next(T("2024-01-01T00:00"), 48);
  ASSERT_EQ(hours.size(), 48u);
  for (size_t i = 1; i < hours.size(); ++i) EXPECT_EQ(hours[i] - hours[i - 1], std::chrono::hours(1));
  EXPECT_EQ(FormatScheduleTime(hours.back()), "2024-01-03T00:00");
}

TEST(CronScheduleTest, MatchesAgreesWithNextAfter) {
  CronSchedule s = MustParse("cron(0/30 9-10 ? * MON-FRI *)");
  EXPECT_TRUE(s.Matches(T("2024-01-08T09:30")));
  EXPECT_TRUE(s.Matches(T("2024-01-08T09:30") + std::chrono::seconds(42)));
  EXPECT_FALSE(s.Matches(T("2024-01-08T09:31")));
  EXPECT_FALSE(s.Matches(T("2024-01-07T09:30")));  // Sunday
  EXPECT_FALSE(s.Matches(T("2024-01-08T11:00")));
  EXPECT_EQ(s.expression(), "cron(0/30 9-10 ? * MON-FRI *)");
}

TEST(CronScheduleTest, WhitespaceBetweenFields) {
  EXPECT_EQ(NextOf("cron(0  0\t? * MON *)", "2024-01-01T00:00"), "2024-01-08T00:00");
  EXPECT_EQ(NextOf("cron( 0 0 ? * MON * )", "2024-01-01T00:00"), "2024-01-08T00:00");
}

// ---------------------------------------------------------------------------------------------
// Rejections: each names the field.

TEST(CronScheduleParseTest, RejectsWrongShape) {
  EXPECT_TRUE(Contains(ErrorOf(""), "must have the form cron("));
  EXPECT_TRUE(Contains(ErrorOf("0 0 ? * MON *"), "must have the form cron("));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * MON *"), "must have the form cron("));
  EXPECT_TRUE(Contains(ErrorOf("CRON(0 0 ? * MON *)"), "must have the form cron("));
  EXPECT_TRUE(Contains(ErrorOf(" cron(0 0 ? * MON *)"), "must have the form cron("));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * MON *) "), "must have the form cron("));
  EXPECT_TRUE(Contains(ErrorOf("cron 0 0 ? * MON *)"), "must have the form cron("));
  EXPECT_TRUE(Contains(ErrorOf("rate(5 minutes)"), "rate() expressions are not supported"));
  EXPECT_TRUE(Contains(ErrorOf("cron()"), "expected 6 fields"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * MON)"), "got 5"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 0 ? * MON *)"), "got 7"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 * * *)"), "got 5"));  // Unix cron
}

TEST(CronScheduleParseTest, RejectsOutOfRange) {
  EXPECT_TRUE(Contains(ErrorOf("cron(60 0 * * ? *)"), "Minutes field '60': value '60' is out of range 0-59"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 24 * * ? *)"), "Hours field '24'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 0 * ? *)"), "Day-of-month field '0'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 32 * ? *)"), "Day-of-month field '32'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 13 ? *)"), "Month field '13'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 0 ? *)"), "Month field '0'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 0 *)"), "Day-of-week field '0'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 8 *)"), "Day-of-week field '8'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 1 ? 1969)"), "Year field '1969'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 1 ? 2200)"), "Year field '2200'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 1 ? 99999999999999999999)"), "Year field"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1-32 * ? *)"), "Day-of-month field '1-32'"));
  EXPECT_TRUE(
      Contains(ErrorOf("cron(0 0 ? * 2#6 *)"), "Day-of-week field '2#6': the number after '#' must be 1-5"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 2#0 *)"), "Day-of-week field '2#0'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 8#1 *)"), "Day-of-week field '8#1'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 8L *)"), "Day-of-week field '8L'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 32W * ? *)"), "Day-of-month field '32W'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 0W * ? *)"), "Day-of-month field '0W'"));
}

TEST(CronScheduleParseTest, RejectsQuestionMarkMisuse) {
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * ? *)"), "cannot both be '?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 * * * *)"), "must be '?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 * MON *)"), "must be '?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 L * 6L *)"), "must be '?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(? 0 * * ? *)"), "Minutes field '?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 ? * * ? *)"), "Hours field '?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 * ? ? *)"), "Month field '?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 * * ? ?)"), "Year field '?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1,? * ? *)"), "Day-of-month field '1,?'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ?"
                               "? * ? *)"),
                       "Day-of-month field '?"
                       "?'"));
}

TEST(CronScheduleParseTest, RejectsMisplacedSpecialCharacters) {
  // L, W only in Day-of-month / Day-of-week, and only in their documented forms.
  EXPECT_TRUE(Contains(ErrorOf("cron(L 0 * * ? *)"), "Minutes field 'L'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 L ? *)"), "Month field 'L'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 W * ? *)"), "Day-of-month field 'W'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1,L * ? *)"), "'L' must stand alone"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1W,15 * ? *)"), "'W' must stand alone"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1-5W * ? *)"), "'W' must stand alone"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 L-3 * ? *)"), "Day-of-month field 'L-3'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 WL * ? *)"), "Day-of-month field 'WL'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 15W *)"), "Day-of-week field '15W'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 2L,3 *)"), "'L' must stand alone"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * LL *)"), "Day-of-week field 'LL'"));
  // # only in Day-of-week, one expression only.
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1#2 * ? *)"), "'#' is only allowed in Day-of-week"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 3#1,6#3 *)"), "only one expression"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 2#1#2 *)"), "Day-of-week field '2#1#2'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * #1 *)"), "Day-of-week field '#1'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 2# *)"), "Day-of-week field '2#'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 1#2 ? *)"), "Month field '1#2'"));
  // '/' is not among the Day-of-week wildcards.
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * 1/2 *)"), "'/' is not allowed in Day-of-week"));
}

TEST(CronScheduleParseTest, RejectsBadListsRangesAndSteps) {
  EXPECT_TRUE(Contains(ErrorOf("cron(1,,2 0 * * ? *)"), "Minutes field '1,,2': empty element"));
  EXPECT_TRUE(Contains(ErrorOf("cron(1, 0 * * ? *)"), "Minutes field '1,': empty element"));
  EXPECT_TRUE(Contains(ErrorOf("cron(,1 0 * * ? *)"), "empty element"));
  EXPECT_TRUE(Contains(ErrorOf("cron(1,2, 0 * * ? *)"), "empty element"));
  EXPECT_TRUE(
      Contains(ErrorOf("cron(30-10 0 * * ? *)"), "Minutes field '30-10': range '30-10' runs backwards"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 22-2 * * ? *)"), "Hours field '22-2'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * FRI-MON *)"), "Day-of-week field 'FRI-MON'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(1-2-3 0 * * ? *)"), "Minutes field '1-2-3'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(-5 0 * * ? *)"), "Minutes field '-5'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(5- 0 * * ? *)"), "Minutes field '5-'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(*/0 0 * * ? *)"), "Minutes field '*/0': increment '0'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(*/61 0 * * ? *)"), "increment '61' must be a number from 1 to 60"));
  EXPECT_TRUE(Contains(ErrorOf("cron(*/ 0 * * ? *)"), "Minutes field '*/'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(/5 0 * * ? *)"), "Minutes field '/5'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(1/2/3 0 * * ? *)"), "Minutes field '1/2/3'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(*/x 0 * * ? *)"), "Minutes field '*/x'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(** 0 * * ? *)"), "Minutes field '**'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(+5 0 * * ? *)"), "Minutes field '+5'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(5.0 0 * * ? *)"), "Minutes field '5.0'"));
}

TEST(CronScheduleParseTest, RejectsNamesInTheWrongField) {
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 MON ? *)"), "Month field 'MON'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * JAN *)"), "Day-of-week field 'JAN'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 JAN * ? *)"), "Day-of-month field 'JAN'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(MON 0 * * ? *)"), "Minutes field 'MON'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 1 JANUARY ? *)"), "Month field 'JANUARY'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * MONDAY *)"), "Day-of-week field 'MONDAY'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * MO *)"), "expected 1-7 or SUN-SAT"));
}

TEST(CronScheduleParseTest, RejectsGarbage) {
  EXPECT_TRUE(Contains(ErrorOf("cron(a b c d e f)"), "Minutes field 'a'"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * MON \x01)"), "Year field '?'"));  // control byte masked
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 \xc3\xa9 * ? *)"), "Day-of-month field"));
  EXPECT_TRUE(Contains(ErrorOf("cron(0 0 ? * MON *)) "), "must have the form"));
  std::string long_field(300, '1');
  std::string message = ErrorOf("cron(" + long_field + " 0 * * ? *)");
  EXPECT_TRUE(Contains(message, "Minutes field"));
  EXPECT_LT(message.size(), 250u);  // quoted text is bounded
}

TEST(CronScheduleParseTest, AcceptsEveryDocumentedForm) {
  for (const char* ok : {
           "cron(0 10 * * ? *)",
           "cron(15 12 * * ? *)",
           "cron(0 18 ? * MON-FRI *)",
           "cron(0 8 1 * ? *)",
           "cron(0/15 * * * ? *)",
           "cron(0/10 * ? * MON-FRI *)",
           "cron(0/5 8-17 ? * MON-FRI *)",
           "cron(0 9 ? * 2#1 *)",
           "cron(0 0 L * ? *)",
           "cron(0 0 LW * ? *)",
           "cron(0 0 15W * ? *)",
           "cron(0 0 ? * 5L *)",
           "cron(0 0 ? * L *)",
           "cron(0 0 ? * * *)",
           "cron(0-59 0-23 1-31 1-12 ? 1970-2199)",
           "cron(1,2,3 4,5 6,7 8,9 ? 2024,2025)",
           "cron(*/1 */1 */1 */1 ? */1)",
           "cron(59 23 31 DEC ? 2199)",
           "cron(0 0 ? JAN,FEB,MAR SUN,MON,TUE,WED,THU,FRI,SAT *)",
           "cron(00 05 ? * 01 *)",
       }) {
    EXPECT_EQ(ErrorOf(ok), "OK") << ok;
  }
}

// ---------------------------------------------------------------------------------------------
// Properties over many generated expressions.

std::string Pick(std::mt19937& rng, const std::vector<std::string>& options) {
  return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng)];
}

// "cron(f1 f2 ...)". The fields are computed before the call, one statement each, so the random
// draws happen in a fixed order (the operands of '+' are unsequenced).
std::string CronOf(const std::vector<std::string>& fields) {
  std::string out = "cron(";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ' ';
    out += fields[i];
  }
  out += ')';
  return out;
}

// A random valid Day-of-month / Day-of-week pair (one of them '?').
std::pair<std::string, std::string> RandomDays(std::mt19937& rng) {
  static const std::vector<std::string> kDom = {"*",   "1",       "15",  "28",      "29",  "30",
                                                "31",  "L",       "LW",  "1W",      "15W", "31W",
                                                "1-7", "10-20/3", "5/7", "1,15,31", "*/2"};
  static const std::vector<std::string> kDow = {"*", "1",  "MON", "SAT", "2-6", "MON-FRI", "1,7",    "5L",
                                                "L", "1L", "2#1", "6#5", "7#4", "SUN#3",   "TUE,THU"};
  if (rng() % 2 == 0) return {Pick(rng, kDom), "?"};
  return {"?", Pick(rng, kDow)};
}

std::string RandomMonths(std::mt19937& rng) {
  return Pick(rng, {"*", "1", "2", "FEB", "2,8", "JAN-MAR", "*/5", "11/1", "DEC", "4,6,9,11"});
}

std::string RandomYears(std::mt19937& rng) {
  return Pick(rng, {"*", "*", "2024-2030", "2025,2028", "2032/4", "2101", "2024/7"});
}

// The start searched from: 1999..2100, at any minute and millisecond.
Timestamp RandomTime(std::mt19937& rng) {
  int64_t lo = ToEpochMillis(T("1999-01-01T00:00"));
  int64_t hi = ToEpochMillis(T("2100-01-01T00:00"));
  return FromEpochMillis(std::uniform_int_distribution<int64_t>(lo, hi)(rng));
}

TEST(CronScheduleFuzzTest, DaySkippingAgreesWithADayByDayScan) {
  // Fixed time of day, random day/month/year fields: NextAfter must find the first day, scanned
  // one by one with Matches(), over four years from the start.
  std::mt19937 rng(20240601);
  for (int i = 0; i < 1500; ++i) {
    auto [dom, dow] = RandomDays(rng);
    std::string months = RandomMonths(rng);
    std::string years = RandomYears(rng);
    std::string expr = CronOf({"17", "5", dom, months, dow, years});
    CronSchedule s = MustParse(expr);
    Timestamp after = RandomTime(rng);
    std::optional<Timestamp> next = s.NextAfter(after);
    auto first_day = std::chrono::floor<std::chrono::days>(after);
    std::optional<Timestamp> scanned;
    for (int d = 0; d < 4 * 366 && !scanned; ++d) {
      Timestamp candidate =
          first_day + std::chrono::days(d) + std::chrono::hours(5) + std::chrono::minutes(17);
      if (candidate > after && s.Matches(candidate)) scanned = candidate;
    }
    if (scanned) {
      ASSERT_TRUE(next.has_value()) << expr << " after " << FormatScheduleTime(after);
      EXPECT_EQ(FormatScheduleTime(*next), FormatScheduleTime(*scanned))
          << expr << " after " << ToEpochMillis(after);
    } else if (next) {
      EXPECT_GT(*next - after, std::chrono::days(4 * 366 - 2)) << expr;
      EXPECT_TRUE(s.Matches(*next)) << expr;
    }
  }
}

TEST(CronScheduleFuzzTest, MinuteSearchAgreesWithAMinuteByMinuteScan) {
  std::mt19937 rng(7);
  static const std::vector<std::string> kMinutes = {"*",        "0",    "59",    "*/7", "5/20",
                                                    "10-30/10", "0,30", "58-59", "3"};
  static const std::vector<std::string> kHours = {"*", "0", "23", "*/5", "9-17", "22/1", "0,12", "7"};
  for (int i = 0; i < 300; ++i) {
    std::string minute_field = Pick(rng, kMinutes);
    std::string hour_field = Pick(rng, kHours);
    std::string dom = Pick(rng, {"*", "?", "L", "1-2"});
    // Exactly one '?' among the day fields.
    std::string dow = dom == "?" ? Pick(rng, {"*", "2-6", "1"}) : "?";
    std::string expr = CronOf({minute_field, hour_field, dom, "*", dow, "*"});
    CronSchedule s = MustParse(expr);
    Timestamp after = RandomTime(rng);
    std::optional<Timestamp> next = s.NextAfter(after);
    std::optional<Timestamp> scanned;
    auto minute = std::chrono::floor<std::chrono::minutes>(after) + std::chrono::minutes(1);
    for (int m = 0; m < 3 * 24 * 60 && !scanned; ++m) {
      if (s.Matches(minute + std::chrono::minutes(m))) scanned = minute + std::chrono::minutes(m);
    }
    ASSERT_TRUE(next.has_value()) << expr;
    if (scanned) {
      EXPECT_EQ(FormatScheduleTime(*next), FormatScheduleTime(*scanned))
          << expr << " after " << ToEpochMillis(after);
    } else {
      EXPECT_GE(*next - after, std::chrono::days(3)) << expr;
    }
  }
}

TEST(CronScheduleFuzzTest, SuccessiveStartsIncreaseAndMatch) {
  std::mt19937 rng(99);
  for (int i = 0; i < 200; ++i) {
    auto [dom, dow] = RandomDays(rng);
    std::string minute = Pick(rng, {"0", "*/15", "7,8"});
    std::string hour = Pick(rng, {"0", "*/6", "23"});
    std::string months = RandomMonths(rng);
    std::string years = RandomYears(rng);
    std::string expr = CronOf({minute, hour, dom, months, dow, years});
    CronSchedule s = MustParse(expr);
    Timestamp after = RandomTime(rng);
    std::vector<Timestamp> starts = s.Next(after, 12);
    for (size_t k = 0; k < starts.size(); ++k) {
      EXPECT_TRUE(s.Matches(starts[k])) << expr;
      EXPECT_GT(starts[k], k == 0 ? after : starts[k - 1]) << expr;
      EXPECT_EQ(ToEpochMillis(starts[k]) % 60000, 0) << expr;
    }
  }
}

TEST(CronScheduleFuzzTest, RandomStringsNeverCrash) {
  std::mt19937 rng(12345);
  const std::string alphabet = "0123456789 ,-*/?LW#()cronCRONjanJANmonMONfriFRIxyzl w\t\x01\xff";
  const std::vector<std::string> seeds = {"cron(0 0 ? * MON *)",          "cron(30 2 * * ? *)",
                                          "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 0 15W * ? *)",
                                          "cron(0 0 ? * 6#3 *)",          "cron(0 0 LW 2 ? 2024-2030)"};
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string input;
    switch (i % 3) {
      case 0: {  // pure noise, sometimes wrapped
        int len = std::uniform_int_distribution<int>(0, 40)(rng);
        for (int k = 0; k < len; ++k) input.push_back(alphabet[rng() % alphabet.size()]);
        if (rng() % 2) input = CronOf({input});
        break;
      }
      case 1: {  // six random tokens
        input = "cron(";
        for (int f = 0; f < 6; ++f) {
          int len = std::uniform_int_distribution<int>(1, 6)(rng);
          for (int k = 0; k < len; ++k) input.push_back(alphabet[rng() % 30]);
          input.push_back(' ');
        }
        input.back() = ')';
        break;
      }
      default: {  // mutated valid expressions
        input = seeds[rng() % seeds.size()];
        int edits = std::uniform_int_distribution<int>(1, 3)(rng);
        for (int e = 0; e < edits && !input.empty(); ++e) {
          size_t at = rng() % input.size();
          char c = alphabet[rng() % alphabet.size()];
          switch (rng() % 3) {
            case 0:
              input[at] = c;
              break;
            case 1:
              input.insert(input.begin() + static_cast<std::ptrdiff_t>(at), c);
              break;
            default:
              input.erase(at, 1);
              break;
          }
        }
        break;
      }
    }
    auto s = CronSchedule::Parse(input);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest);
      EXPECT_FALSE(s.error().message.empty());
      continue;
    }
    ++parsed;
    Timestamp after = RandomTime(rng);
    auto next = s->NextAfter(after);
    if (next) {
      EXPECT_GT(*next, after) << input;
      EXPECT_TRUE(s->Matches(*next)) << input;
    }
    (void)s->NextAfter(FromEpochMillis(std::numeric_limits<int64_t>::min()));
    (void)s->NextAfter(FromEpochMillis(std::numeric_limits<int64_t>::max()));
  }
  EXPECT_GT(parsed, 100);  // the mutations keep some inputs valid, so the search is exercised too
}

}  // namespace
}  // namespace fleetjobs
