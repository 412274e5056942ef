#include "engine/cron_schedule.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <chrono>

namespace fleetjobs {
namespace {

namespace chr = std::chrono;

constexpr std::string_view kForm = "cron(Minutes Hours Day-of-month Month Day-of-week Year)";
constexpr size_t kMaxQuoted = 64;

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

enum class FieldKind { kMinutes, kHours, kDayOfMonth, kMonth, kDayOfWeek, kYear };

struct FieldSpec {
  FieldKind kind;
  std::string_view name;
  int min;
  int max;
};

constexpr std::array<FieldSpec, 6> kFields = {{
    {FieldKind::kMinutes, "Minutes", 0, 59},
    {FieldKind::kHours, "Hours", 0, 23},
    {FieldKind::kDayOfMonth, "Day-of-month", 1, 31},
    {FieldKind::kMonth, "Month", 1, 12},
    {FieldKind::kDayOfWeek, "Day-of-week", 1, 7},
    {FieldKind::kYear, "Year", CronSchedule::kMinYear, CronSchedule::kMaxYear},
}};

// Values of one field, indexed by value - spec.min (the Year field spans 230 values).
using ValueSet = std::bitset<256>;

// Quotes user text for an error message: bounded, control bytes replaced.
std::string Quote(std::string_view text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kMaxQuoted; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    out.push_back(c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c));
  }
  if (text.size() > kMaxQuoted) out.append("...");
  out.push_back('\'');
  return out;
}

Error InvalidExpression(std::string reason) {
  return MakeError(ErrorCode::kInvalidRequest, "Invalid cron expression: " + std::move(reason));
}

Error FieldError(const FieldSpec& spec, std::string_view field_text, std::string reason) {
  return InvalidExpression(std::string(spec.name) + " field " + Quote(field_text) + ": " + std::move(reason));
}

std::string RangeText(const FieldSpec& spec) {
  std::string out = std::to_string(spec.min) + "-" + std::to_string(spec.max);
  if (spec.kind == FieldKind::kMonth) out += " or JAN-DEC";
  if (spec.kind == FieldKind::kDayOfWeek) out += " or SUN-SAT";
  return out;
}

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::string UpperCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Upper(c);
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A plain number (at most 9 digits so it cannot overflow); -1 when `s` is not one.
int ParseNumber(std::string_view s) {
  if (!AllDigits(s) || s.size() > 9) return -1;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// One value of a field: a number in range or, for Month and Day-of-week, a three-letter name.
// `token` is upper-cased already.
Result<int> ParseValue(const FieldSpec& spec, std::string_view field_text, std::string_view token) {
  if (token.empty()) return FieldError(spec, field_text, "a value is missing");
  if (AllDigits(token)) {
    int v = ParseNumber(token);
    if (v < spec.min || v > spec.max) {
      return FieldError(spec, field_text,
                        "value " + Quote(token) + " is out of range " + std::to_string(spec.min) + "-" +
                            std::to_string(spec.max));
    }
    return v;
  }
  if (spec.kind == FieldKind::kMonth) {
    for (size_t i = 0; i < kMonthNames.size(); ++i) {
      if (token == kMonthNames[i]) return static_cast<int>(i) + 1;
    }
  }
  if (spec.kind == FieldKind::kDayOfWeek) {
    for (size_t i = 0; i < kDayNames.size(); ++i) {
      if (token == kDayNames[i]) return static_cast<int>(i) + 1;
    }
  }
  for (char c : token) {
    if (c == '?') {
      return FieldError(spec, field_text, "'?' may only stand alone, in Day-of-month or Day-of-week");
    }
    if (c == 'L' && (spec.kind == FieldKind::kDayOfMonth || spec.kind == FieldKind::kDayOfWeek)) {
      return FieldError(spec, field_text,
                        spec.kind == FieldKind::kDayOfMonth
                            ? "'L' must stand alone in Day-of-month as L or LW"
                            : "'L' must stand alone in Day-of-week as L or nL (e.g. 6L)");
    }
    if (c == 'W' && spec.kind == FieldKind::kDayOfMonth) {
      return FieldError(spec, field_text, "'W' must stand alone in Day-of-month as nW (e.g. 15W) or LW");
    }
    if (c == '#' && spec.kind == FieldKind::kDayOfWeek) {
      return FieldError(spec, field_text, "'#' must stand alone in Day-of-week as n#k (e.g. 2#1)");
    }
  }
  return FieldError(spec, field_text,
                    Quote(token) + " is not a valid value (expected " + RangeText(spec) + ")");
}

// The common list grammar: item(,item)* with item = * | v | v-v, each optionally followed by /step
// (except in Day-of-week, where EventBridge documents no '/').
Result<ValueSet> ParseList(const FieldSpec& spec, std::string_view field_text, std::string_view upper) {
  ValueSet set;
  const int span = spec.max - spec.min + 1;
  size_t pos = 0;
  while (true) {
    size_t comma = upper.find(',', pos);
    std::string_view item = upper.substr(pos, comma == std::string_view::npos ? upper.npos : comma - pos);
    if (item.empty()) return FieldError(spec, field_text, "empty element in the list");

    int step = 1;
    bool has_step = false;
    size_t slash = item.find('/');
    std::string_view base = item;
    if (slash != std::string_view::npos) {
      if (spec.kind == FieldKind::kDayOfWeek) {
        return FieldError(spec, field_text, "'/' is not allowed in Day-of-week");
      }
      std::string_view step_text = item.substr(slash + 1);
      base = item.substr(0, slash);
      step = ParseNumber(step_text);
      if (step < 1 || step > span) {
        return FieldError(
            spec, field_text,
            "increment " + Quote(step_text) + " must be a number from 1 to " + std::to_string(span));
      }
      if (base.empty()) return FieldError(spec, field_text, "'/' needs a start value or '*' before it");
      has_step = true;
    }

    int first = spec.min;
    int last = spec.max;
    if (base == "*") {
      // every value, already set
    } else if (size_t dash = base.find('-'); dash != std::string_view::npos) {
      FJ_ASSIGN_OR_RETURN(first, ParseValue(spec, field_text, base.substr(0, dash)));
      FJ_ASSIGN_OR_RETURN(last, ParseValue(spec, field_text, base.substr(dash + 1)));
      if (first > last) {
        return FieldError(spec, field_text,
                          "range " + Quote(base) + " runs backwards; ranges may not wrap around");
      }
    } else {
      FJ_ASSIGN_OR_RETURN(first, ParseValue(spec, field_text, base));
      last = has_step ? spec.max : first;
    }
    for (int v = first; v <= last; v += step) set.set(static_cast<size_t>(v - spec.min));

    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return set;
}

template <size_t N>
void CopyInto(const ValueSet& set, const FieldSpec& spec, std::bitset<N>& out, int offset) {
  for (int v = spec.min; v <= spec.max; ++v) {
    if (set[static_cast<size_t>(v - spec.min)]) out.set(static_cast<size_t>(v - offset));
  }
}

unsigned LastDayOfMonth(int year, unsigned month) {
  return static_cast<unsigned>(
      chr::year_month_day_last(chr::year(year), chr::month_day_last(chr::month(month))).day());
}

// 1 = SUN .. 7 = SAT, as in the Day-of-week field.
int CronWeekday(int year, unsigned month, unsigned day) {
  chr::sys_days d{chr::year(year) / chr::month(month) / chr::day(day)};
  return static_cast<int>(chr::weekday(d).c_encoding()) + 1;
}

// The weekday (Mon-Fri) nearest to day `n`, never leaving the month; 0 when the month has no day n.
unsigned NearestWeekday(int year, unsigned month, unsigned n) {
  unsigned last = LastDayOfMonth(year, month);
  if (n > last) return 0;
  int wd = CronWeekday(year, month, n);
  if (wd == 7) return n == 1 ? 3 : n - 1;         // Saturday: the Friday before, or Monday the 3rd
  if (wd == 1) return n == last ? n - 2 : n + 1;  // Sunday: the Monday after, or the Friday before
  return n;
}

unsigned LastWeekdayOfMonth(int year, unsigned month) {
  unsigned last = LastDayOfMonth(year, month);
  int wd = CronWeekday(year, month, last);
  if (wd == 7) return last - 1;
  if (wd == 1) return last - 2;
  return last;
}

std::vector<std::string_view> SplitFields(std::string_view body) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < body.size()) {
    while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
    size_t start = i;
    while (i < body.size() && body[i] != ' ' && body[i] != '\t') ++i;
    if (i > start) out.push_back(body.substr(start, i - start));
  }
  return out;
}

const chr::sys_days kFirstDay = chr::sys_days(chr::year(CronSchedule::kMinYear) / chr::January / 1);
const chr::sys_days kEndDay = chr::sys_days(chr::year(CronSchedule::kMaxYear + 1) / chr::January / 1);

}  // namespace

Result<CronSchedule> CronSchedule::Parse(std::string_view expression) {
  constexpr std::string_view kPrefix = "cron(";
  if (expression.substr(0, 5) == "rate(") {
    return InvalidExpression("rate() expressions are not supported here; use " + std::string(kForm));
  }
  if (expression.size() < kPrefix.size() + 1 || expression.substr(0, kPrefix.size()) != kPrefix ||
      expression.back() != ')') {
    return InvalidExpression(Quote(expression) + " must have the form " + std::string(kForm));
  }
  std::string_view body = expression.substr(kPrefix.size(), expression.size() - kPrefix.size() - 1);
  std::vector<std::string_view> fields = SplitFields(body);
  if (fields.size() != kFields.size()) {
    return InvalidExpression("expected 6 fields in " + std::string(kForm) + ", got " +
                             std::to_string(fields.size()));
  }

  CronSchedule s;
  s.expression_ = std::string(expression);
  for (size_t i = 0; i < kFields.size(); ++i) {
    const FieldSpec& spec = kFields[i];
    std::string_view text = fields[i];
    std::string upper = UpperCopy(text);
    switch (spec.kind) {
      case FieldKind::kMinutes: {
        FJ_ASSIGN_OR_RETURN(ValueSet set, ParseList(spec, text, upper));
        CopyInto(set, spec, s.minutes_, 0);
        break;
      }
      case FieldKind::kHours: {
        FJ_ASSIGN_OR_RETURN(ValueSet set, ParseList(spec, text, upper));
        CopyInto(set, spec, s.hours_, 0);
        break;
      }
      case FieldKind::kMonth: {
        FJ_ASSIGN_OR_RETURN(ValueSet set, ParseList(spec, text, upper));
        CopyInto(set, spec, s.months_, 0);
        break;
      }
      case FieldKind::kYear: {
        FJ_ASSIGN_OR_RETURN(ValueSet set, ParseList(spec, text, upper));
        CopyInto(set, spec, s.years_, kMinYear);
        break;
      }
      case FieldKind::kDayOfMonth: {
        std::string_view u = upper;
        if (u == "?") {
          s.dom_any_ = true;
        } else if (u == "L") {
          s.dom_last_day_ = true;
        } else if (u == "LW") {
          s.dom_last_weekday_ = true;
        } else if (u.size() >= 2 && u.back() == 'W' && AllDigits(u.substr(0, u.size() - 1))) {
          FJ_ASSIGN_OR_RETURN(s.dom_nearest_weekday_, ParseValue(spec, text, u.substr(0, u.size() - 1)));
        } else if (u.find('#') != std::string_view::npos) {
          return FieldError(spec, text, "'#' is only allowed in Day-of-week");
        } else {
          FJ_ASSIGN_OR_RETURN(ValueSet set, ParseList(spec, text, upper));
          CopyInto(set, spec, s.dom_days_, 0);
        }
        break;
      }
      case FieldKind::kDayOfWeek: {
        std::string_view u = upper;
        size_t hash = u.find('#');
        if (u == "?") {
          s.dow_any_ = true;
        } else if (u == "L") {
          s.dow_days_.set(7);  // alone, L is the last day of the week: Saturday
        } else if (hash != std::string_view::npos) {
          if (u.find(',') != std::string_view::npos) {
            return FieldError(spec, text, "'#' allows only one expression in Day-of-week (no lists)");
          }
          FJ_ASSIGN_OR_RETURN(s.dow_nth_day_, ParseValue(spec, text, u.substr(0, hash)));
          std::string_view nth = u.substr(hash + 1);
          s.dow_nth_ = ParseNumber(nth);
          if (s.dow_nth_ < 1 || s.dow_nth_ > 5) {
            return FieldError(spec, text, "the number after '#' must be 1-5, not " + Quote(nth));
          }
        } else if (u.size() >= 2 && u.back() == 'L' && u.find_first_of(",-/*") == std::string_view::npos) {
          FJ_ASSIGN_OR_RETURN(s.dow_last_, ParseValue(spec, text, u.substr(0, u.size() - 1)));
        } else {
          FJ_ASSIGN_OR_RETURN(ValueSet set, ParseList(spec, text, upper));
          CopyInto(set, spec, s.dow_days_, 0);
        }
        break;
      }
    }
  }
  if (s.dom_any_ && s.dow_any_) {
    return InvalidExpression("Day-of-month and Day-of-week cannot both be '?'; set one of them");
  }
  if (!s.dom_any_ && !s.dow_any_) {
    return InvalidExpression(
        "one of Day-of-month and Day-of-week must be '?' (a value or '*' in one needs '?' in the other)");
  }
  return s;
}

bool CronSchedule::DayMatches(int year, unsigned month, unsigned day) const {
  if (!dom_any_) {
    if (dom_last_day_) return day == LastDayOfMonth(year, month);
    if (dom_last_weekday_) return day == LastWeekdayOfMonth(year, month);
    if (dom_nearest_weekday_ != 0) {
      return day == NearestWeekday(year, month, static_cast<unsigned>(dom_nearest_weekday_));
    }
    return dom_days_[day];
  }
  int wd = CronWeekday(year, month, day);
  if (dow_last_ != 0) return wd == dow_last_ && day + 7 > LastDayOfMonth(year, month);
  if (dow_nth_day_ != 0) return wd == dow_nth_day_ && static_cast<int>((day - 1) / 7) + 1 == dow_nth_;
  return dow_days_[static_cast<size_t>(wd)];
}

bool CronSchedule::Matches(Timestamp t) const {
  auto minute = chr::floor<chr::minutes>(t);
  auto day = chr::floor<chr::days>(minute);
  if (day < kFirstDay || day >= kEndDay) return false;
  chr::year_month_day ymd(day);
  int y = static_cast<int>(ymd.year());
  unsigned m = static_cast<unsigned>(ymd.month());
  if (!YearIn(y) || !months_[m] || !DayMatches(y, m, static_cast<unsigned>(ymd.day()))) return false;
  auto minute_of_day = (minute - day).count();
  return hours_[static_cast<size_t>(minute_of_day / 60)] && minutes_[static_cast<size_t>(minute_of_day % 60)];
}

std::optional<Timestamp> CronSchedule::NextAfter(Timestamp after) const {
  // Bound the input first so calendar arithmetic never sees an absurd year.
  if (after >= Timestamp(kEndDay)) return std::nullopt;
  chr::sys_time<chr::minutes> start = chr::floor<chr::minutes>(after) + chr::minutes(1);
  if (start < kFirstDay) start = kFirstDay;

  chr::sys_days day = chr::floor<chr::days>(start);
  int minute_of_day = static_cast<int>((start - day).count());
  while (day < kEndDay) {
    chr::year_month_day ymd(day);
    int y = static_cast<int>(ymd.year());
    unsigned m = static_cast<unsigned>(ymd.month());
    if (!YearIn(y)) {
      int next = y + 1;
      while (next <= kMaxYear && !YearIn(next)) ++next;
      if (next > kMaxYear) return std::nullopt;
      day = chr::sys_days(chr::year(next) / chr::January / 1);
      minute_of_day = 0;
      continue;
    }
    if (!months_[m]) {
      unsigned next = m + 1;
      while (next <= 12 && !months_[next]) ++next;
      day = next <= 12 ? chr::sys_days(chr::year(y) / chr::month(next) / 1)
                       : chr::sys_days(chr::year(y + 1) / chr::January / 1);
      minute_of_day = 0;
      continue;
    }
    if (DayMatches(y, m, static_cast<unsigned>(ymd.day()))) {
      for (int h = minute_of_day / 60; h < 24; ++h) {
        if (!hours_[static_cast<size_t>(h)]) continue;
        int first_minute = h == minute_of_day / 60 ? minute_of_day % 60 : 0;
        for (int mi = first_minute; mi < 60; ++mi) {
          if (minutes_[static_cast<size_t>(mi)]) {
            return Timestamp(chr::duration_cast<chr::milliseconds>(day.time_since_epoch() + chr::hours(h) +
                                                                   chr::minutes(mi)));
          }
        }
      }
    }
    day += chr::days(1);
    minute_of_day = 0;
  }
  return std::nullopt;
}

std::vector<Timestamp> CronSchedule::Next(Timestamp after, int count) const {
  std::vector<Timestamp> out;
  if (count <= 0) return out;
  out.reserve(static_cast<size_t>(std::min(count, 1024)));
  Timestamp cursor = after;
  while (static_cast<int>(out.size()) < count) {
    std::optional<Timestamp> next = NextAfter(cursor);
    if (!next) break;
    out.push_back(*next);
    cursor = *next;
  }
  return out;
}

}  // namespace fleetjobs
