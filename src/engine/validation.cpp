#include "engine/validation.h"

#include <boost/json/parse.hpp>
#include <chrono>
#include <cmath>
#include <set>
#include <string>

#include "engine/cron_schedule.h"
#include "engine/schedule_time.h"
#include "model/config_json.h"

namespace fleetjobs::validation {
namespace {

constexpr std::string_view kIdPattern = "[a-zA-Z0-9_-]+";
constexpr std::string_view kThingNamePattern = "[a-zA-Z0-9:_-]+";
constexpr std::string_view kGroupIdPattern = "[a-zA-Z0-9\\-]+";
constexpr std::string_view kTextPattern = "[^\\p{C}]+";
constexpr std::string_view kReasonCodePattern = "[\\p{Upper}\\p{Digit}_]+";
constexpr std::string_view kArnPattern = "^arn:[!-~]+$";
constexpr std::string_view kTagKeyPattern = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";
constexpr size_t kMaxEchoedValue = 256;  // longer values are not repeated in messages

// Decodes one code point at s[*i]; advances *i. Returns -1 on malformed UTF-8 (overlong forms,
// surrogates and values above U+10FFFF included).
int32_t NextCodePoint(std::string_view s, size_t* i) {
  auto b0 = static_cast<unsigned char>(s[*i]);
  if (b0 < 0x80) {
    ++*i;
    return b0;
  }
  int n = 0;
  int32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 3;
    cp = b0 & 0x07;
  } else {
    return -1;
  }
  if (*i + static_cast<size_t>(n) >= s.size()) return -1;  // truncated sequence
  for (int k = 1; k <= n; ++k) {
    auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr int32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *i += n + 1;
  return cp;
}

// Unicode general category C: Cc, Cf, Cs, Co and the non-characters of Cn. Unassigned code
// points are otherwise accepted (we carry no Unicode tables).
bool IsCategoryC(int32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;  // Cc
  if (cp == 0xAD || (cp >= 0x600 && cp <= 0x605) || cp == 0x61C || cp == 0x6DD || cp == 0x70F ||
      cp == 0x8E2 || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
      (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF ||
      (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0x110BD || cp == 0x110CD || (cp >= 0x13430 && cp <= 0x1343F) ||
      (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || cp == 0xE0001 ||
      (cp >= 0xE0020 && cp <= 0xE007F)) {
    return true;  // Cf
  }
  if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) return true;  // Co (planes 15-16 are private)
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return true;  // non-characters
  return false;
}

bool AllChars(std::string_view s, bool (*ok)(char)) {
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsIdChar(char c) { return IsAlnum(c) || c == '_' || c == '-'; }
bool IsThingNameChar(char c) { return IsIdChar(c) || c == ':'; }
bool IsGroupIdChar(char c) { return IsAlnum(c) || c == '-'; }
bool IsReasonCodeChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool IsArnBodyChar(char c) { return c >= '!' && c <= '~'; }

std::string Echo(std::string_view v) {
  if (v.size() > kMaxEchoedValue) return "";
  return std::string(v);
}

Error PatternError(std::string_view field, std::string_view value, std::string_view pattern) {
  return ConstraintError(field, Echo(value),
                         "Member must satisfy regular expression pattern: " + std::string(pattern));
}

Error MaxLengthError(std::string_view field, std::string_view value, size_t max) {
  return ConstraintError(field, Echo(value),
                         "Member must have length less than or equal to " + std::to_string(max));
}

Error MinLengthError(std::string_view field, std::string_view value, size_t min) {
  return ConstraintError(field, Echo(value),
                         "Member must have length greater than or equal to " + std::to_string(min));
}

Error MinValueError(std::string_view field, std::string_view value, std::string_view min) {
  return ConstraintError(field, value, "Member must have value greater than or equal to " + std::string(min));
}

Error MaxValueError(std::string_view field, std::string_view value, std::string_view max) {
  return ConstraintError(field, value, "Member must have value less than or equal to " + std::string(max));
}

Status IntRange(int64_t v, int64_t min, int64_t max, std::string_view field) {
  if (v < min) return MinValueError(field, std::to_string(v), std::to_string(min));
  if (v > max) return MaxValueError(field, std::to_string(v), std::to_string(max));
  return Status::Ok();
}

Status IntMin(int64_t v, int64_t min, std::string_view field) {
  if (v < min) return MinValueError(field, std::to_string(v), std::to_string(min));
  return Status::Ok();
}

// An ASCII identifier of 1..max characters from `ok`.
Status AsciiToken(std::string_view v, std::string_view field, size_t max, bool (*ok)(char),
                  std::string_view pattern) {
  if (v.empty()) return MinLengthError(field, v, 1);
  if (v.size() > max) return MaxLengthError(field, v, max);
  if (!AllChars(v, ok)) return PatternError(field, v, pattern);
  return Status::Ok();
}

// Text of 1..max code points matching [^\p{C}]+.
Status Text(std::string_view v, std::string_view field, size_t max) {
  int64_t len = Utf8Length(v);
  if (len < 0) return ConstraintError(field, "", "Member must be valid UTF-8");
  if (len == 0) return MinLengthError(field, v, 1);
  if (static_cast<size_t>(len) > max) return MaxLengthError(field, v, max);
  if (!IsNonControlText(v)) return PatternError(field, v, kTextPattern);
  return Status::Ok();
}

// Does `v` have at most `decimals` digits after the point (within floating-point noise)?
bool HasAtMostDecimals(double v, int decimals) {
  double scaled = v * std::pow(10.0, decimals);
  return std::fabs(scaled - std::round(scaled)) < 1e-6;
}

std::string FormatDouble(double v) {
  std::string s = std::to_string(v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

bool IsTagKeyCodePoint(int32_t cp) {
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    return IsAlnum(c) || c == ' ' || c == '_' || c == '.' || c == ':' || c == '/' || c == '=' || c == '+' ||
           c == '-' || c == '@';
  }
  // Letters, separators and numbers outside ASCII: approximated as "not category C".
  return !IsCategoryC(cp);
}

}  // namespace

Error ConstraintError(std::string_view field, std::string_view value, std::string_view constraint) {
  std::string msg = "1 validation error detected: Value ";
  if (!value.empty()) msg.append("'").append(value).append("' ");
  msg.append("at '").append(field).append("' failed to satisfy constraint: ").append(constraint);
  return MakeError(ErrorCode::kInvalidRequest, std::move(msg));
}

int64_t Utf8Length(std::string_view s) {
  int64_t n = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (NextCodePoint(s, &i) < 0) return -1;
    ++n;
  }
  return n;
}

bool IsNonControlText(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  while (i < s.size()) {
    int32_t cp = NextCodePoint(s, &i);
    if (cp < 0 || IsCategoryC(cp)) return false;
  }
  return true;
}

Status ValidateJobId(std::string_view v, std::string_view field) {
  return AsciiToken(v, field, kMaxIdLength, IsIdChar, kIdPattern);
}

Status ValidateTemplateId(std::string_view v, std::string_view field) {
  return AsciiToken(v, field, kMaxIdLength, IsIdChar, kIdPattern);
}

Status ValidateThingName(std::string_view v, std::string_view field) {
  return AsciiToken(v, field, 128, IsThingNameChar, kThingNamePattern);
}

Status ValidateThingGroupName(std::string_view v, std::string_view field) {
  return AsciiToken(v, field, 128, IsThingNameChar, kThingNamePattern);
}

Status ValidateThingGroupId(std::string_view v, std::string_view field) {
  return AsciiToken(v, field, 128, IsGroupIdChar, kGroupIdPattern);
}

Status ValidateNamespaceId(std::string_view v, std::string_view field) {
  // AWS publishes no maximum; 128 is our bound (docs/semantics.md).
  return AsciiToken(v, field, 128, IsIdChar, kIdPattern);
}

Status ValidateArnString(std::string_view v, std::string_view field, size_t max_length) {
  if (v.empty()) return MinLengthError(field, v, 1);
  if (v.size() > max_length) return MaxLengthError(field, v, max_length);
  if (v.substr(0, 4) != "arn:" || v.size() == 4 || !AllChars(v.substr(4), IsArnBodyChar)) {
    return PatternError(field, v, kArnPattern);
  }
  return Status::Ok();
}

Status ValidateDescription(std::string_view v, std::string_view field) {
  return Text(v, field, kMaxDescriptionLength);
}

Status ValidateReasonCode(std::string_view v, std::string_view field) {
  return AsciiToken(v, field, kMaxReasonCodeLength, IsReasonCodeChar, kReasonCodePattern);
}

Status ValidateDocument(std::string_view v, std::string_view field) {
  int64_t len = Utf8Length(v);
  if (len < 0) return ConstraintError(field, "", "Member must be valid UTF-8");
  if (static_cast<size_t>(len) > kMaxDocumentLength) {
    return ConstraintError(
        field, "", "Member must have length less than or equal to " + std::to_string(kMaxDocumentLength));
  }
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(v, ec);
  if (ec) {
    return MakeError(ErrorCode::kInvalidRequest, std::string(field) + " is not valid JSON: " + ec.message());
  }
  if (!doc.is_object()) {
    return MakeError(ErrorCode::kInvalidRequest, std::string(field) + " must be a JSON object");
  }
  return Status::Ok();
}

Status ValidateDocumentSource(std::string_view v, std::string_view field) {
  int64_t len = Utf8Length(v);
  if (len < 0) return ConstraintError(field, "", "Member must be valid UTF-8");
  if (len == 0) return MinLengthError(field, v, 1);
  if (static_cast<size_t>(len) > kMaxDocumentSourceLength) {
    return MaxLengthError(field, v, kMaxDocumentSourceLength);
  }
  return Status::Ok();
}

Status ValidateDocumentParameters(const std::map<std::string, std::string>& params) {
  for (const auto& [key, value] : params) {
    FJ_RETURN_IF_ERROR(AsciiToken(key, "documentParameters.key", 128, IsIdChar, kIdPattern));
    FJ_RETURN_IF_ERROR(Text(value, "documentParameters." + key, 30720));
  }
  return Status::Ok();
}

Status ValidatePackageVersions(const std::vector<std::string>& arns) {
  if (arns.size() > kMaxPackageVersions) {
    return ConstraintError(
        "destinationPackageVersions", "",
        "Member must have length less than or equal to " + std::to_string(kMaxPackageVersions));
  }
  for (size_t i = 0; i < arns.size(); ++i) {
    FJ_RETURN_IF_ERROR(ValidateArnString(arns[i], "destinationPackageVersions[" + std::to_string(i) + "]"));
  }
  return Status::Ok();
}

Status ValidatePresignedUrlConfig(const PresignedUrlConfig& c) {
  if (c.role_arn) {
    if (c.role_arn->size() < 20) return MinLengthError("presignedUrlConfig.roleArn", *c.role_arn, 20);
    if (c.role_arn->size() > 2048) return MaxLengthError("presignedUrlConfig.roleArn", *c.role_arn, 2048);
  }
  if (c.expires_in_sec) {
    FJ_RETURN_IF_ERROR(IntRange(*c.expires_in_sec, 60, 3600, "presignedUrlConfig.expiresInSec"));
  }
  return Status::Ok();
}

Status ValidateRolloutConfig(const RolloutConfig& c) {
  constexpr std::string_view kField = "jobExecutionsRolloutConfig";
  if (c.maximum_per_minute) {
    FJ_RETURN_IF_ERROR(IntMin(*c.maximum_per_minute, 1, "jobExecutionsRolloutConfig.maximumPerMinute"));
  }
  if (c.exponential_rate) {
    const auto& e = *c.exponential_rate;
    FJ_RETURN_IF_ERROR(IntRange(e.base_rate_per_minute, 1, 1000,
                                "jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute"));
    std::string factor_field = std::string(kField) + ".exponentialRate.incrementFactor";
    if (e.increment_factor < 1.1 - 1e-9) {
      return MinValueError(factor_field, FormatDouble(e.increment_factor), "1.1");
    }
    if (e.increment_factor > 5.0 + 1e-9) {
      return MaxValueError(factor_field, FormatDouble(e.increment_factor), "5");
    }
    if (!HasAtMostDecimals(e.increment_factor, 1)) {
      return ConstraintError(factor_field, FormatDouble(e.increment_factor),
                             "Member must have at most one digit after the decimal point");
    }
    const auto& crit = e.rate_increase_criteria;
    std::string crit_field = std::string(kField) + ".exponentialRate.rateIncreaseCriteria";
    if (crit.number_of_notified_things.has_value() == crit.number_of_succeeded_things.has_value()) {
      return MakeError(
          ErrorCode::kInvalidRequest,
          crit_field + " must set exactly one of numberOfNotifiedThings, numberOfSucceededThings");
    }
    if (crit.number_of_notified_things) {
      FJ_RETURN_IF_ERROR(IntMin(*crit.number_of_notified_things, 1, crit_field + ".numberOfNotifiedThings"));
    }
    if (crit.number_of_succeeded_things) {
      FJ_RETURN_IF_ERROR(
          IntMin(*crit.number_of_succeeded_things, 1, crit_field + ".numberOfSucceededThings"));
    }
  }
  return Status::Ok();
}

Status ValidateAbortConfig(const AbortConfig& c) {
  if (c.criteria_list.empty()) {
    return MinLengthError("abortConfig.criteriaList", "", 1);
  }
  for (size_t i = 0; i < c.criteria_list.size(); ++i) {
    const auto& cr = c.criteria_list[i];
    std::string path = "abortConfig.criteriaList[" + std::to_string(i) + "]";
    std::string tfield = path + ".thresholdPercentage";
    if (cr.threshold_percentage <= 0) {
      return ConstraintError(tfield, FormatDouble(cr.threshold_percentage), "Member must be greater than 0");
    }
    if (cr.threshold_percentage > 100) {
      return MaxValueError(tfield, FormatDouble(cr.threshold_percentage), "100");
    }
    if (!HasAtMostDecimals(cr.threshold_percentage, 2)) {
      return ConstraintError(tfield, FormatDouble(cr.threshold_percentage),
                             "Member must have at most two digits after the decimal point");
    }
    FJ_RETURN_IF_ERROR(IntMin(cr.min_number_of_executed_things, 1, path + ".minNumberOfExecutedThings"));
    if (cr.action != AbortAction::kCancel) {
      return ConstraintError(path + ".action", "", "Member must satisfy enum value set: [CANCEL]");
    }
  }
  return Status::Ok();
}

Status ValidateTimeoutConfig(const TimeoutConfig& c) {
  if (c.in_progress_timeout_in_minutes) {
    FJ_RETURN_IF_ERROR(IntRange(*c.in_progress_timeout_in_minutes, 1, kMaxTimeoutMinutes,
                                "timeoutConfig.inProgressTimeoutInMinutes"));
  }
  return Status::Ok();
}

Status ValidateRetryConfig(const RetryConfig& c) {
  constexpr std::string_view kList = "jobExecutionsRetryConfig.criteriaList";
  if (c.criteria_list.empty()) return MinLengthError(kList, "", 1);
  if (c.criteria_list.size() > 2) return MaxLengthError(kList, "", 2);
  std::set<FailureType> seen;
  int64_t total = 0;
  for (size_t i = 0; i < c.criteria_list.size(); ++i) {
    const auto& cr = c.criteria_list[i];
    std::string path = std::string(kList) + "[" + std::to_string(i) + "]";
    if (cr.failure_type != FailureType::kFailed && cr.failure_type != FailureType::kTimedOut &&
        cr.failure_type != FailureType::kAll) {
      return ConstraintError(path + ".failureType", config_json::FailureTypeName(cr.failure_type),
                             "Member must satisfy enum value set: [FAILED, TIMED_OUT, ALL]");
    }
    if (!seen.insert(cr.failure_type).second) {
      return MakeError(ErrorCode::kInvalidRequest,
                       std::string(kList) + " lists failureType " +
                           std::string(config_json::FailureTypeName(cr.failure_type)) + " more than once");
    }
    FJ_RETURN_IF_ERROR(IntRange(cr.number_of_retries, 0, 10, path + ".numberOfRetries"));
    total += cr.number_of_retries;
  }
  if (seen.count(FailureType::kAll) != 0 && seen.size() > 1) {
    return MakeError(ErrorCode::kInvalidRequest,
                     std::string(kList) + ": failureType ALL cannot be combined with another criterion");
  }
  if (total > 10) {
    return MakeError(ErrorCode::kInvalidRequest,
                     std::string(kList) + ": the numberOfRetries of all criteria must add up to at most 10");
  }
  return Status::Ok();
}

Status ValidateMaintenanceWindows(const std::vector<MaintenanceWindow>& windows, std::string_view field) {
  for (size_t i = 0; i < windows.size(); ++i) {
    std::string path = std::string(field) + "[" + std::to_string(i) + "]";
    const auto& w = windows[i];
    if (w.start_time.empty()) return MinLengthError(path + ".startTime", w.start_time, 1);
    if (w.start_time.size() > 256) return MaxLengthError(path + ".startTime", w.start_time, 256);
    auto cron = CronSchedule::Parse(w.start_time);
    if (!cron.ok()) {
      return MakeError(ErrorCode::kInvalidRequest, path + ".startTime: " + cron.error().message);
    }
    FJ_RETURN_IF_ERROR(IntRange(w.duration_in_minutes, 1, 1430, path + ".durationInMinutes"));
  }
  return Status::Ok();
}

Status ValidateSchedulingConfig(const SchedulingConfig& c, Timestamp now) {
  using std::chrono::days;
  using std::chrono::minutes;
  constexpr std::string_view kStart = "schedulingConfig.startTime";
  constexpr std::string_view kEnd = "schedulingConfig.endTime";
  std::optional<Timestamp> start;
  if (c.start_time) {
    if (c.start_time->empty()) return MinLengthError(kStart, "", 1);
    if (c.start_time->size() > 64) return MaxLengthError(kStart, *c.start_time, 64);
    FJ_ASSIGN_OR_RETURN(start, ParseScheduleTime(*c.start_time, kStart));
    if (*start < now + minutes(30)) {
      return MakeError(ErrorCode::kInvalidRequest,
                       std::string(kStart) + " must be at least 30 minutes after the current time");
    }
    if (*start > now + days(365)) {
      return MakeError(ErrorCode::kInvalidRequest,
                       std::string(kStart) + " must be at most one year after the current time");
    }
  }
  if (c.end_time) {
    if (c.end_time->empty()) return MinLengthError(kEnd, "", 1);
    if (c.end_time->size() > 64) return MaxLengthError(kEnd, *c.end_time, 64);
    FJ_ASSIGN_OR_RETURN(Timestamp end, ParseScheduleTime(*c.end_time, kEnd));
    if (end < now + minutes(30)) {
      return MakeError(ErrorCode::kInvalidRequest,
                       std::string(kEnd) + " must be at least 30 minutes after the current time");
    }
    if (end > now + days(730)) {
      return MakeError(ErrorCode::kInvalidRequest,
                       std::string(kEnd) + " must be at most two years after the current time");
    }
    if (start) {
      if (end < *start + minutes(30)) {
        return MakeError(ErrorCode::kInvalidRequest,
                         std::string(kEnd) + " must be at least 30 minutes after schedulingConfig.startTime");
      }
      if (end > *start + days(730)) {
        return MakeError(ErrorCode::kInvalidRequest,
                         std::string(kEnd) + " must be at most two years after schedulingConfig.startTime");
      }
    }
  }
  if (c.end_behavior && !c.end_time) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "schedulingConfig.endBehavior requires schedulingConfig.endTime");
  }
  if (c.maintenance_windows) {
    FJ_RETURN_IF_ERROR(
        ValidateMaintenanceWindows(*c.maintenance_windows, "schedulingConfig.maintenanceWindows"));
  }
  return Status::Ok();
}

Status ValidateStatusDetails(const StatusDetails& details, std::string_view field) {
  if (details.size() > kMaxStatusDetails) {
    return ConstraintError(field, "",
                           "Map must have at most " + std::to_string(kMaxStatusDetails) + " entries");
  }
  for (const auto& [key, value] : details) {
    FJ_RETURN_IF_ERROR(AsciiToken(key, std::string(field) + ".key", 128, IsThingNameChar, kThingNamePattern));
    FJ_RETURN_IF_ERROR(Text(value, std::string(field) + "." + key, kMaxStatusDetailsValueLength));
  }
  return Status::Ok();
}

Status ValidateStepTimeout(int64_t minutes, std::string_view field) {
  if (minutes == -1) return Status::Ok();
  if (minutes < 1 || minutes > kMaxTimeoutMinutes) {
    return ConstraintError(field, std::to_string(minutes),
                           "Member must be between 1 and " + std::to_string(kMaxTimeoutMinutes) + ", or -1");
  }
  return Status::Ok();
}

Status ValidatePageRequest(const PageRequest& page) {
  return IntRange(page.limit, 1, kMaxPageSize, "maxResults");
}

Status ValidateTags(const std::map<std::string, std::string>& tags) {
  if (tags.size() > kMaxTags) {
    return MakeError(ErrorCode::kLimitExceeded,
                     "A resource can have at most " + std::to_string(kMaxTags) + " tags");
  }
  for (const auto& [key, value] : tags) {
    int64_t klen = Utf8Length(key);
    if (klen < 0) return ConstraintError("tags.Key", "", "Member must be valid UTF-8");
    if (klen == 0) return MinLengthError("tags.Key", key, 1);
    if (klen > 128) return MaxLengthError("tags.Key", key, 128);
    size_t i = 0;
    while (i < key.size()) {
      if (!IsTagKeyCodePoint(NextCodePoint(key, &i))) return PatternError("tags.Key", key, kTagKeyPattern);
    }
    int64_t vlen = Utf8Length(value);
    if (vlen < 0) return ConstraintError("tags.Value", "", "Member must be valid UTF-8");
    if (vlen > 256) return MaxLengthError("tags.Value", value, 256);
  }
  return Status::Ok();
}

}  // namespace fleetjobs::validation
