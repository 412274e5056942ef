// CronSchedule: the cron expressions of schedulingConfig.maintenanceWindows[].startTime.
//
// AWS IoT Jobs takes the Amazon EventBridge grammar: `cron(Minutes Hours Day-of-month Month
// Day-of-week Year)`, six fields, evaluated in UTC, exactly one of Day-of-month and Day-of-week
// being `?`. docs/cron.md states the accepted grammar exactly; in short:
//   Minutes 0-59, Hours 0-23, Month 1-12|JAN-DEC, Year 1970-2199:   , - * /
//   Day-of-month 1-31:                                               , - * / ?  L  LW  nW
//   Day-of-week 1-7|SUN-SAT (1 = SUN):                               , - * ?  L  nL  n#k
// `L`, `LW`, `nW`, `nL` and `n#k` stand alone in their field (no lists), as in EventBridge.
//
// Parse() is the only way to build a schedule, so every CronSchedule is valid. It never trusts
// its input: any string gives either a schedule or a kInvalidRequest error naming the field.
//
// NextAfter() walks the calendar by years, months and days and only looks at minutes on a day
// that matches, so an expression that never fires (Feb 30) answers nullopt after a few thousand
// cheap day checks. All times are UTC minutes; seconds and milliseconds of `after` are dropped.
//
// Thread safety: immutable after Parse(); any method may be called concurrently.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace fleetjobs {

class CronSchedule {
 public:
  static constexpr int kMinYear = 1970;
  static constexpr int kMaxYear = 2199;

  // Parses "cron(...)"; a kInvalidRequest Error with a message naming the bad field otherwise.
  static Result<CronSchedule> Parse(std::string_view expression);

  // The first matching minute strictly after `after` (seconds/millis truncated); nullopt if none
  // before the end of year 2199.
  std::optional<Timestamp> NextAfter(Timestamp after) const;

  // Up to `count` successive start times strictly after `after` (fewer when the schedule ends).
  std::vector<Timestamp> Next(Timestamp after, int count) const;

  // True when the minute containing `t` is a start time of this schedule.
  bool Matches(Timestamp t) const;

  // The expression as given to Parse().
  const std::string& expression() const { return expression_; }

 private:
  CronSchedule() = default;

  // Whether the calendar day matches the Day-of-month / Day-of-week / Month / Year fields.
  bool DayMatches(int year, unsigned month, unsigned day) const;
  bool YearIn(int year) const { return year >= kMinYear && year <= kMaxYear && years_[year - kMinYear]; }

  std::string expression_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<13> months_;  // 1..12
  std::bitset<kMaxYear - kMinYear + 1> years_;

  // Day-of-month: `?` (dom_any_) or a set of days, or exactly one of L / LW / nW.
  bool dom_any_ = false;
  std::bitset<32> dom_days_;  // 1..31
  bool dom_last_day_ = false;
  bool dom_last_weekday_ = false;
  int dom_nearest_weekday_ = 0;  // n of `nW`, 0 when unused

  // Day-of-week (1 = SUN .. 7 = SAT): `?` (dow_any_) or a set of days, or exactly one of nL / n#k.
  bool dow_any_ = false;
  std::bitset<8> dow_days_;  // 1..7
  int dow_last_ = 0;         // n of `nL`, 0 when unused (`L` alone is SAT, in dow_days_)
  int dow_nth_day_ = 0;      // n of `n#k`, 0 when unused
  int dow_nth_ = 0;          // k of `n#k`
};

}  // namespace fleetjobs
