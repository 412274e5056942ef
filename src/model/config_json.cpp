#include "model/config_json.h"

#include <boost/json.hpp>
#include <cmath>
#include <string>

namespace fleetjobs::config_json {
namespace json = boost::json;

namespace {

Error TypeError(std::string_view path, std::string_view what) {
  return MakeError(ErrorCode::kInvalidRequest, std::string(path) + " must be " + std::string(what));
}

std::string Path(std::string_view parent, std::string_view member) {
  std::string p(parent);
  p.append(".").append(member);
  return p;
}

std::string Index(std::string_view parent, size_t i) {
  return std::string(parent) + "[" + std::to_string(i) + "]";
}

Result<const json::object*> AsObject(const json::value& v, std::string_view path) {
  if (!v.is_object()) return TypeError(path, "an object");
  return &v.get_object();
}

// Reads an optional integer member; fractional numbers are refused.
Result<std::optional<int64_t>> OptInt(const json::object& o, std::string_view key, std::string_view parent) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<int64_t>();
  const json::value& v = it->value();
  if (v.is_int64()) return std::optional<int64_t>(v.get_int64());
  if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(v.get_uint64()));
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18) {
      return std::optional<int64_t>(static_cast<int64_t>(d));
    }
  }
  return TypeError(Path(parent, key), "an integer");
}

Result<int64_t> ReqInt(const json::object& o, std::string_view key, std::string_view parent) {
  FJ_ASSIGN_OR_RETURN(auto v, OptInt(o, key, parent));
  if (!v) return MakeError(ErrorCode::kInvalidRequest, Path(parent, key) + " is required");
  return *v;
}

Result<std::optional<double>> OptNumber(const json::object& o, std::string_view key,
                                        std::string_view parent) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<double>();
  const json::value& v = it->value();
  if (v.is_number()) {
    double d = v.to_number<double>();
    if (std::isfinite(d)) return std::optional<double>(d);
  }
  return TypeError(Path(parent, key), "a number");
}

Result<double> ReqNumber(const json::object& o, std::string_view key, std::string_view parent) {
  FJ_ASSIGN_OR_RETURN(auto v, OptNumber(o, key, parent));
  if (!v) return MakeError(ErrorCode::kInvalidRequest, Path(parent, key) + " is required");
  return *v;
}

Result<std::optional<std::string>> OptString(const json::object& o, std::string_view key,
                                             std::string_view parent) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) return TypeError(Path(parent, key), "a string");
  return std::optional<std::string>(std::string(it->value().get_string()));
}

Result<std::string> ReqString(const json::object& o, std::string_view key, std::string_view parent) {
  FJ_ASSIGN_OR_RETURN(auto v, OptString(o, key, parent));
  if (!v) return MakeError(ErrorCode::kInvalidRequest, Path(parent, key) + " is required");
  return *std::move(v);
}

Result<const json::array*> ReqArray(const json::object& o, std::string_view key, std::string_view parent) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) {
    return MakeError(ErrorCode::kInvalidRequest, Path(parent, key) + " is required");
  }
  if (!it->value().is_array()) return TypeError(Path(parent, key), "a list");
  return &it->value().get_array();
}

Result<FailureType> ParseFailureType(std::string_view s, std::string_view path) {
  if (s == "FAILED") return FailureType::kFailed;
  if (s == "REJECTED") return FailureType::kRejected;
  if (s == "TIMED_OUT") return FailureType::kTimedOut;
  if (s == "ALL") return FailureType::kAll;
  return MakeError(ErrorCode::kInvalidRequest,
                   std::string(path) + " must be one of FAILED, REJECTED, TIMED_OUT, ALL");
}

Result<EndBehavior> ParseEndBehavior(std::string_view s, std::string_view path) {
  if (s == "STOP_ROLLOUT") return EndBehavior::kStopRollout;
  if (s == "CANCEL") return EndBehavior::kCancel;
  if (s == "FORCE_CANCEL") return EndBehavior::kForceCancel;
  return MakeError(ErrorCode::kInvalidRequest,
                   std::string(path) + " must be one of STOP_ROLLOUT, CANCEL, FORCE_CANCEL");
}

}  // namespace

std::string_view FailureTypeName(FailureType t) {
  switch (t) {
    case FailureType::kFailed:
      return "FAILED";
    case FailureType::kRejected:
      return "REJECTED";
    case FailureType::kTimedOut:
      return "TIMED_OUT";
    case FailureType::kAll:
      return "ALL";
  }
  return "FAILED";
}

std::string_view EndBehaviorName(EndBehavior b) {
  switch (b) {
    case EndBehavior::kStopRollout:
      return "STOP_ROLLOUT";
    case EndBehavior::kCancel:
      return "CANCEL";
    case EndBehavior::kForceCancel:
      return "FORCE_CANCEL";
  }
  return "STOP_ROLLOUT";
}

// ---- Encoders -------------------------------------------------------------------------------

json::value Encode(const PresignedUrlConfig& c) {
  json::object o;
  if (c.role_arn) o["roleArn"] = *c.role_arn;
  if (c.expires_in_sec) o["expiresInSec"] = *c.expires_in_sec;
  return o;
}

json::value Encode(const RolloutConfig& c) {
  json::object o;
  if (c.maximum_per_minute) o["maximumPerMinute"] = *c.maximum_per_minute;
  if (c.exponential_rate) {
    const auto& e = *c.exponential_rate;
    json::object crit;
    if (e.rate_increase_criteria.number_of_notified_things) {
      crit["numberOfNotifiedThings"] = *e.rate_increase_criteria.number_of_notified_things;
    }
    if (e.rate_increase_criteria.number_of_succeeded_things) {
      crit["numberOfSucceededThings"] = *e.rate_increase_criteria.number_of_succeeded_things;
    }
    o["exponentialRate"] = json::object{{"baseRatePerMinute", e.base_rate_per_minute},
                                        {"incrementFactor", e.increment_factor},
                                        {"rateIncreaseCriteria", std::move(crit)}};
  }
  return o;
}

json::value Encode(const AbortConfig& c) {
  json::array list;
  for (const auto& cr : c.criteria_list) {
    list.push_back(json::object{{"failureType", FailureTypeName(cr.failure_type)},
                                {"action", "CANCEL"},
                                {"thresholdPercentage", cr.threshold_percentage},
                                {"minNumberOfExecutedThings", cr.min_number_of_executed_things}});
  }
  return json::object{{"criteriaList", std::move(list)}};
}

json::value Encode(const TimeoutConfig& c) {
  json::object o;
  if (c.in_progress_timeout_in_minutes) o["inProgressTimeoutInMinutes"] = *c.in_progress_timeout_in_minutes;
  return o;
}

json::value Encode(const RetryConfig& c) {
  json::array list;
  for (const auto& cr : c.criteria_list) {
    list.push_back(json::object{{"failureType", FailureTypeName(cr.failure_type)},
                                {"numberOfRetries", cr.number_of_retries}});
  }
  return json::object{{"criteriaList", std::move(list)}};
}

json::value Encode(const std::vector<MaintenanceWindow>& windows) {
  json::array list;
  for (const auto& w : windows) {
    list.push_back(json::object{{"startTime", w.start_time}, {"durationInMinutes", w.duration_in_minutes}});
  }
  return list;
}

json::value Encode(const SchedulingConfig& c) {
  json::object o;
  if (c.start_time) o["startTime"] = *c.start_time;
  if (c.end_time) o["endTime"] = *c.end_time;
  if (c.end_behavior) o["endBehavior"] = EndBehaviorName(*c.end_behavior);
  if (c.maintenance_windows) o["maintenanceWindows"] = Encode(*c.maintenance_windows);
  return o;
}

// ---- Decoders -------------------------------------------------------------------------------

Result<PresignedUrlConfig> DecodePresignedUrlConfig(const json::value& v, std::string_view field) {
  FJ_ASSIGN_OR_RETURN(const json::object* o, AsObject(v, field));
  PresignedUrlConfig c;
  FJ_ASSIGN_OR_RETURN(c.role_arn, OptString(*o, "roleArn", field));
  FJ_ASSIGN_OR_RETURN(c.expires_in_sec, OptInt(*o, "expiresInSec", field));
  return c;
}

Result<RolloutConfig> DecodeRolloutConfig(const json::value& v, std::string_view field) {
  FJ_ASSIGN_OR_RETURN(const json::object* o, AsObject(v, field));
  RolloutConfig c;
  FJ_ASSIGN_OR_RETURN(c.maximum_per_minute, OptInt(*o, "maximumPerMinute", field));
  auto it = o->find("exponentialRate");
  if (it != o->end() && !it->value().is_null()) {
    std::string path = Path(field, "exponentialRate");
    FJ_ASSIGN_OR_RETURN(const json::object* e, AsObject(it->value(), path));
    ExponentialRolloutRate rate;
    FJ_ASSIGN_OR_RETURN(rate.base_rate_per_minute, ReqInt(*e, "baseRatePerMinute", path));
    FJ_ASSIGN_OR_RETURN(rate.increment_factor, ReqNumber(*e, "incrementFactor", path));
    auto cit = e->find("rateIncreaseCriteria");
    std::string cpath = Path(path, "rateIncreaseCriteria");
    if (cit == e->end() || cit->value().is_null()) {
      return MakeError(ErrorCode::kInvalidRequest, cpath + " is required");
    }
    FJ_ASSIGN_OR_RETURN(const json::object* crit, AsObject(cit->value(), cpath));
    FJ_ASSIGN_OR_RETURN(rate.rate_increase_criteria.number_of_notified_things,
                        OptInt(*crit, "numberOfNotifiedThings", cpath));
    FJ_ASSIGN_OR_RETURN(rate.rate_increase_criteria.number_of_succeeded_things,
                        OptInt(*crit, "numberOfSucceededThings", cpath));
    c.exponential_rate = rate;
  }
  return c;
}

Result<AbortConfig> DecodeAbortConfig(const json::value& v, std::string_view field) {
  FJ_ASSIGN_OR_RETURN(const json::object* o, AsObject(v, field));
  FJ_ASSIGN_OR_RETURN(const json::array* list, ReqArray(*o, "criteriaList", field));
  AbortConfig c;
  std::string lpath = Path(field, "criteriaList");
  for (size_t i = 0; i < list->size(); ++i) {
    std::string path = Index(lpath, i);
    FJ_ASSIGN_OR_RETURN(const json::object* e, AsObject((*list)[i], path));
    AbortCriterion cr;
    FJ_ASSIGN_OR_RETURN(std::string type, ReqString(*e, "failureType", path));
    FJ_ASSIGN_OR_RETURN(cr.failure_type, ParseFailureType(type, Path(path, "failureType")));
    FJ_ASSIGN_OR_RETURN(std::string action, ReqString(*e, "action", path));
    if (action != "CANCEL") {
      return MakeError(ErrorCode::kInvalidRequest, Path(path, "action") + " must be CANCEL");
    }
    FJ_ASSIGN_OR_RETURN(cr.threshold_percentage, ReqNumber(*e, "thresholdPercentage", path));
    FJ_ASSIGN_OR_RETURN(cr.min_number_of_executed_things, ReqInt(*e, "minNumberOfExecutedThings", path));
    c.criteria_list.push_back(cr);
  }
  return c;
}

Result<TimeoutConfig> DecodeTimeoutConfig(const json::value& v, std::string_view field) {
  FJ_ASSIGN_OR_RETURN(const json::object* o, AsObject(v, field));
  TimeoutConfig c;
  FJ_ASSIGN_OR_RETURN(c.in_progress_timeout_in_minutes, OptInt(*o, "inProgressTimeoutInMinutes", field));
  return c;
}

Result<RetryConfig> DecodeRetryConfig(const json::value& v, std::string_view field) {
  FJ_ASSIGN_OR_RETURN(const json::object* o, AsObject(v, field));
  FJ_ASSIGN_OR_RETURN(const json::array* list, ReqArray(*o, "criteriaList", field));
  RetryConfig c;
  std::string lpath = Path(field, "criteriaList");
  for (size_t i = 0; i < list->size(); ++i) {
    std::string path = Index(lpath, i);
    FJ_ASSIGN_OR_RETURN(const json::object* e, AsObject((*list)[i], path));
    RetryCriterion cr;
    FJ_ASSIGN_OR_RETURN(std::string type, ReqString(*e, "failureType", path));
    FJ_ASSIGN_OR_RETURN(cr.failure_type, ParseFailureType(type, Path(path, "failureType")));
    FJ_ASSIGN_OR_RETURN(cr.number_of_retries, ReqInt(*e, "numberOfRetries", path));
    c.criteria_list.push_back(cr);
  }
  return c;
}

Result<std::vector<MaintenanceWindow>> DecodeMaintenanceWindows(const json::value& v,
                                                                std::string_view field) {
  if (!v.is_array()) return TypeError(field, "a list");
  std::vector<MaintenanceWindow> out;
  const auto& list = v.get_array();
  for (size_t i = 0; i < list.size(); ++i) {
    std::string path = Index(field, i);
    FJ_ASSIGN_OR_RETURN(const json::object* e, AsObject(list[i], path));
    MaintenanceWindow w;
    FJ_ASSIGN_OR_RETURN(w.start_time, ReqString(*e, "startTime", path));
    FJ_ASSIGN_OR_RETURN(w.duration_in_minutes, ReqInt(*e, "durationInMinutes", path));
    out.push_back(std::move(w));
  }
  return out;
}

Result<SchedulingConfig> DecodeSchedulingConfig(const json::value& v, std::string_view field) {
  FJ_ASSIGN_OR_RETURN(const json::object* o, AsObject(v, field));
  SchedulingConfig c;
  FJ_ASSIGN_OR_RETURN(c.start_time, OptString(*o, "startTime", field));
  FJ_ASSIGN_OR_RETURN(c.end_time, OptString(*o, "endTime", field));
  FJ_ASSIGN_OR_RETURN(auto behavior, OptString(*o, "endBehavior", field));
  if (behavior) {
    FJ_ASSIGN_OR_RETURN(c.end_behavior, ParseEndBehavior(*behavior, Path(field, "endBehavior")));
  }
  auto it = o->find("maintenanceWindows");
  if (it != o->end() && !it->value().is_null()) {
    FJ_ASSIGN_OR_RETURN(c.maintenance_windows,
                        DecodeMaintenanceWindows(it->value(), Path(field, "maintenanceWindows")));
  }
  return c;
}

}  // namespace fleetjobs::config_json
