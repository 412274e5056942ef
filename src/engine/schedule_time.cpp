#include "engine/schedule_time.h"

#include <chrono>
#include <cstdio>

namespace fleetjobs {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Result<Timestamp> ParseScheduleTime(std::string_view text, std::string_view field) {
  auto bad = [&]() {
    return MakeError(ErrorCode::kInvalidRequest, std::string(field) + " '" + std::string(text.substr(0, 64)) +
                                                     "' must be a UTC time in the format YYYY-MM-DDTHH:MM");
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (text.size() != 16 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':')
    return bad();
  if (!Digits(text, 0, 4, &y) || !Digits(text, 5, 2, &mo) || !Digits(text, 8, 2, &d) ||
      !Digits(text, 11, 2, &h) || !Digits(text, 14, 2, &mi)) {
    return bad();
  }
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59) return bad();
  auto day = std::chrono::sys_days(ymd);
  return Timestamp(std::chrono::duration_cast<std::chrono::milliseconds>(
      day.time_since_epoch() + std::chrono::hours(h) + std::chrono::minutes(mi)));
}

std::string FormatScheduleTime(Timestamp t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(day);
  auto rest = std::chrono::floor<std::chrono::minutes>(t - day);
  int h = static_cast<int>(rest.count() / 60);
  int m = static_cast<int>(rest.count() % 60);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), h, m);
  return buf;
}

}  // namespace fleetjobs
