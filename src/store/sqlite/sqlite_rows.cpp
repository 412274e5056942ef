#include "store/sqlite/sqlite_rows.h"

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string_view>

#include "model/config_json.h"

namespace fleetjobs::sqlite_rows {
namespace {

namespace json = boost::json;

Error Corrupt(std::string_view what, std::string_view text) {
  return MakeError(ErrorCode::kInternal,
                   "corrupt stored " + std::string(what) + ": " + std::string(text.substr(0, 200)));
}

std::string MapJson(const std::map<std::string, std::string>& map) {
  json::object o;
  for (const auto& [k, v] : map) o[k] = v;
  return json::serialize(o);
}

Result<std::map<std::string, std::string>> ParseMap(const std::string& text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Corrupt(what, text);
  std::map<std::string, std::string> out;
  for (const auto& [k, val] : v.get_object()) {
    if (!val.is_string()) return Corrupt(what, text);
    out.emplace(std::string(k), std::string(val.get_string()));
  }
  return out;
}

Result<std::vector<std::string>> ParseList(const std::string& text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return Corrupt(what, text);
  std::vector<std::string> out;
  out.reserve(v.get_array().size());
  for (const auto& e : v.get_array()) {
    if (!e.is_string()) return Corrupt(what, text);
    out.emplace_back(e.get_string());
  }
  return out;
}

template <typename T>
std::optional<std::string> ConfigJson(const std::optional<T>& config) {
  if (!config) return std::nullopt;
  return json::serialize(config_json::Encode(*config));
}

// Decodes a stored config (written by ConfigJson) into `out`; NULL leaves `out` absent.
template <typename T, typename DecodeFn>
Status ParseConfig(const std::optional<std::string>& text, std::string_view what, DecodeFn decode,
                   std::optional<T>& out) {
  if (!text) return Status::Ok();
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec) return Corrupt(what, *text);
  auto decoded = decode(v, what);
  if (!decoded.ok()) return Corrupt(what, decoded.error().message);
  out = std::move(decoded).value();
  return Status::Ok();
}

// The execution counters, then the per-thing counters: one array of 2 x kExecutionStatusCount.
// Rows written before migration 2 hold only the first half; no thing had two executions then, so
// the per-thing counters equal the execution counters.
std::string CountsJson(const JobProcessDetails& executions, const JobProcessDetails& things) {
  json::array a;
  for (int64_t c : executions.by_status) a.push_back(c);
  for (int64_t c : things.by_status) a.push_back(c);
  return json::serialize(a);
}

Status ParseCounts(const std::string& text, JobProcessDetails& executions, JobProcessDetails& things) {
  constexpr size_t kN = static_cast<size_t>(kExecutionStatusCount);
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array() || (v.get_array().size() != kN && v.get_array().size() != 2 * kN)) {
    return Corrupt("job counters", text);
  }
  const auto& a = v.get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_int64()) return Corrupt("job counters", text);
    (i < kN ? executions.by_status[i] : things.by_status[i - kN]) = a[i].get_int64();
  }
  if (a.size() == kN) things = executions;
  return Status::Ok();
}

std::optional<int64_t> OptMillis(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return ToEpochMillis(*t);
}

std::optional<Timestamp> OptTime(const std::optional<int64_t>& ms) {
  if (!ms) return std::nullopt;
  return FromEpochMillis(*ms);
}

}  // namespace

std::string StringListJson(const std::vector<std::string>& list) {
  json::array a;
  a.reserve(list.size());
  for (const auto& s : list) a.emplace_back(s);
  return json::serialize(a);
}

// ---- things and groups ------------------------------------------------------------------------

void BindThing(SqliteQuery& q, const Thing& t) {
  q.Bind(t.thing_name)
      .Bind(t.thing_id)
      .Bind(t.thing_arn)
      .Bind(t.thing_type_name)
      .Bind(t.billing_group_name)
      .Bind(MapJson(t.attributes))
      .Bind(t.version);
}

Result<Thing> ReadThing(const SqliteQuery& q) {
  Thing t;
  t.thing_name = q.Text(0);
  t.thing_id = q.Text(1);
  t.thing_arn = q.Text(2);
  t.thing_type_name = q.OptText(3);
  t.billing_group_name = q.OptText(4);
  FJ_ASSIGN_OR_RETURN(t.attributes, ParseMap(q.Text(5), "thing attributes"));
  t.version = q.Int(6);
  return t;
}

void BindThingGroup(SqliteQuery& q, const ThingGroup& g) {
  q.Bind(g.group_name)
      .Bind(g.group_id)
      .Bind(g.group_arn)
      .Bind(g.parent_group_name)
      .Bind(g.description)
      .Bind(MapJson(g.attributes))
      .Bind(g.version)
      .Bind(ToEpochMillis(g.created_at));
}

Result<ThingGroup> ReadThingGroup(const SqliteQuery& q) {
  ThingGroup g;
  g.group_name = q.Text(0);
  g.group_id = q.Text(1);
  g.group_arn = q.Text(2);
  g.parent_group_name = q.OptText(3);
  g.description = q.OptText(4);
  FJ_ASSIGN_OR_RETURN(g.attributes, ParseMap(q.Text(5), "thing group attributes"));
  g.version = q.Int(6);
  g.created_at = FromEpochMillis(q.Int(7));
  return g;
}

// ---- jobs -------------------------------------------------------------------------------------

void BindJob(SqliteQuery& q, const Job& j) {
  q.Bind(j.job_id)
      .Bind(j.job_arn)
      .Bind(static_cast<int64_t>(j.target_selection))
      .Bind(static_cast<int64_t>(j.status))
      .Bind(j.force_canceled)
      .Bind(j.reason_code)
      .Bind(j.comment)
      .Bind(j.description)
      .Bind(StringListJson(j.targets))
      .Bind(j.document_source)
      .Bind(ConfigJson(j.presigned_url_config))
      .Bind(ConfigJson(j.rollout_config))
      .Bind(ConfigJson(j.abort_config))
      .Bind(ConfigJson(j.timeout_config))
      .Bind(ConfigJson(j.retry_config))
      .Bind(ConfigJson(j.scheduling_config))
      .Bind(j.namespace_id)
      .Bind(j.job_template_arn)
      .Bind(MapJson(j.document_parameters))
      .Bind(StringListJson(j.destination_package_versions))
      .Bind(ToEpochMillis(j.created_at))
      .Bind(ToEpochMillis(j.last_updated_at))
      .Bind(OptMillis(j.completed_at))
      .Bind(CountsJson(j.process_details, j.thing_details))
      .Bind(StringListJson(j.processing_targets))
      .Bind(j.is_concurrent)
      .Bind(j.row_version)
      .Bind(j.rollout.notified)
      .Bind(j.rollout.remaining)
      .Bind(OptMillis(j.rollout.minute_start))
      .Bind(j.rollout.released_in_minute)
      .Bind(j.rollout.minute_rate);
}

Result<std::optional<SchedulingConfig>> ReadSchedulingConfig(const SqliteQuery& q, int col) {
  std::optional<SchedulingConfig> out;
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(col), "schedulingConfig", config_json::DecodeSchedulingConfig, out));
  return out;
}

Result<Job> ReadJob(const SqliteQuery& q) {
  Job j;
  j.job_id = q.Text(0);
  j.job_arn = q.Text(1);
  j.target_selection = static_cast<TargetSelection>(q.Int(2));
  j.status = static_cast<JobStatus>(q.Int(3));
  j.force_canceled = q.Int(4) != 0;
  j.reason_code = q.OptText(5);
  j.comment = q.OptText(6);
  j.description = q.OptText(7);
  FJ_ASSIGN_OR_RETURN(j.targets, ParseList(q.Text(8), "job targets"));
  j.document_source = q.OptText(9);
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(10), "presignedUrlConfig", config_json::DecodePresignedUrlConfig,
                                 j.presigned_url_config));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(11), "jobExecutionsRolloutConfig",
                                 config_json::DecodeRolloutConfig, j.rollout_config));
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(12), "abortConfig", config_json::DecodeAbortConfig, j.abort_config));
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(13), "timeoutConfig", config_json::DecodeTimeoutConfig, j.timeout_config));
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(14), "jobExecutionsRetryConfig", config_json::DecodeRetryConfig, j.retry_config));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(15), "schedulingConfig", config_json::DecodeSchedulingConfig,
                                 j.scheduling_config));
  j.namespace_id = q.OptText(16);
  j.job_template_arn = q.OptText(17);
  FJ_ASSIGN_OR_RETURN(j.document_parameters, ParseMap(q.Text(18), "job document parameters"));
  FJ_ASSIGN_OR_RETURN(j.destination_package_versions, ParseList(q.Text(19), "job package versions"));
  j.created_at = FromEpochMillis(q.Int(20));
  j.last_updated_at = FromEpochMillis(q.Int(21));
  j.completed_at = OptTime(q.OptInt(22));
  FJ_RETURN_IF_ERROR(ParseCounts(q.Text(23), j.process_details, j.thing_details));
  FJ_ASSIGN_OR_RETURN(j.processing_targets, ParseList(q.Text(24), "job processing targets"));
  j.is_concurrent = q.Int(25) != 0;
  j.row_version = q.Int(26);
  j.rollout.notified = q.Int(27);
  j.rollout.remaining = q.Int(28);
  j.rollout.minute_start = OptTime(q.OptInt(29));
  j.rollout.released_in_minute = q.Int(30);
  j.rollout.minute_rate = q.Int(31);
  j.document = q.OptText(32);
  return j;
}

// ---- executions -------------------------------------------------------------------------------

void BindExecution(SqliteQuery& q, const JobExecution& e) {
  q.Bind(e.job_id)
      .Bind(e.thing_name)
      .Bind(e.execution_number)
      .Bind(static_cast<int64_t>(e.status))
      .Bind(e.force_canceled);
  if (e.status_details.empty()) {
    q.BindNull();
  } else {
    q.Bind(MapJson(e.status_details));
  }
  q.Bind(ToEpochMillis(e.queued_at))
      .Bind(OptMillis(e.started_at))
      .Bind(ToEpochMillis(e.last_updated_at))
      .Bind(e.version_number)
      .Bind(e.retry_attempt)
      .Bind(OptMillis(e.in_progress_deadline))
      .Bind(OptMillis(e.step_deadline))
      .Bind(e.namespace_id);
}

Result<JobExecution> ReadExecution(const SqliteQuery& q) {
  JobExecution e;
  e.job_id = q.Text(0);
  e.thing_name = q.Text(1);
  e.execution_number = q.Int(2);
  e.status = static_cast<ExecutionStatus>(q.Int(3));
  e.force_canceled = q.Int(4) != 0;
  if (auto details = q.OptText(5)) {
    FJ_ASSIGN_OR_RETURN(e.status_details, ParseMap(*details, "execution status details"));
  }
  e.queued_at = FromEpochMillis(q.Int(6));
  e.started_at = OptTime(q.OptInt(7));
  e.last_updated_at = FromEpochMillis(q.Int(8));
  e.version_number = q.Int(9);
  e.retry_attempt = q.Int(10);
  e.in_progress_deadline = OptTime(q.OptInt(11));
  e.step_deadline = OptTime(q.OptInt(12));
  e.namespace_id = q.OptText(13);
  return e;
}

// ---- job templates ----------------------------------------------------------------------------

void BindJobTemplate(SqliteQuery& q, const JobTemplate& t) {
  q.Bind(t.template_id)
      .Bind(t.template_arn)
      .Bind(t.description)
      .Bind(t.document)
      .Bind(t.document_source)
      .Bind(ConfigJson(t.presigned_url_config))
      .Bind(ConfigJson(t.rollout_config))
      .Bind(ConfigJson(t.abort_config))
      .Bind(ConfigJson(t.timeout_config))
      .Bind(ConfigJson(t.retry_config))
      .Bind(ConfigJson(t.maintenance_windows))
      .Bind(StringListJson(t.destination_package_versions))
      .Bind(ToEpochMillis(t.created_at));
}

Result<JobTemplate> ReadJobTemplate(const SqliteQuery& q) {
  JobTemplate t;
  t.template_id = q.Text(0);
  t.template_arn = q.Text(1);
  t.description = q.Text(2);
  t.document = q.OptText(3);
  t.document_source = q.OptText(4);
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(5), "presignedUrlConfig", config_json::DecodePresignedUrlConfig,
                                 t.presigned_url_config));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(6), "jobExecutionsRolloutConfig", config_json::DecodeRolloutConfig,
                                 t.rollout_config));
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(7), "abortConfig", config_json::DecodeAbortConfig, t.abort_config));
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(8), "timeoutConfig", config_json::DecodeTimeoutConfig, t.timeout_config));
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(9), "jobExecutionsRetryConfig", config_json::DecodeRetryConfig, t.retry_config));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(10), "maintenanceWindows", config_json::DecodeMaintenanceWindows,
                                 t.maintenance_windows));
  FJ_ASSIGN_OR_RETURN(t.destination_package_versions, ParseList(q.Text(11), "template package versions"));
  t.created_at = FromEpochMillis(q.Int(12));
  return t;
}

}  // namespace fleetjobs::sqlite_rows
