#include "store/sqlite/sqlite_txn.h"

#include <boost/json.hpp>

#include "model/config_json.h"
#include "store/sqlite/sqlite_query.h"
#include "store/sqlite/sqlite_statements.h"

namespace fleetjobs {
namespace {

namespace json = boost::json;

std::string MapJson(const std::map<std::string, std::string>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return json::serialize(o);
}

std::map<std::string, std::string> ParseMap(const std::string& text) {
  std::map<std::string, std::string> out;
  if (text.empty()) return out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, val] : v.get_object()) {
    if (val.is_string()) out.emplace(std::string(k), std::string(val.get_string()));
  }
  return out;
}

std::string ListJson(const std::vector<std::string>& l) {
  json::array a;
  for (const auto& s : l) a.push_back(json::string(s));
  return json::serialize(a);
}

std::vector<std::string> ParseList(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.get_array()) {
    if (e.is_string()) out.emplace_back(e.get_string());
  }
  return out;
}

template <typename T>
std::optional<std::string> ConfigJson(const std::optional<T>& c) {
  if (!c) return std::nullopt;
  return json::serialize(config_json::Encode(*c));
}

// Decodes a stored config; stored text was written by ConfigJson, so a failure means corruption.
template <typename T, typename Decode>
Status ParseConfig(const std::optional<std::string>& text, std::optional<T>& out, Decode decode) {
  if (!text) return Status::Ok();
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "corrupt stored config: " + *text);
  auto r = decode(v, "stored");
  if (!r.ok()) return MakeError(ErrorCode::kInternal, "corrupt stored config: " + r.error().message);
  out = std::move(r).value();
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

// Cursors are the sort-key values of the last row, joined by '\n' (no key may contain one).
std::string JoinCursor(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.push_back('\n');
    out.append(p);
  }
  return out;
}

Result<std::vector<std::string>> SplitCursor(const std::string& cursor, size_t n) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (true) {
    size_t nl = cursor.find('\n', pos);
    parts.push_back(cursor.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  if (parts.size() != n) return MakeError(ErrorCode::kInvalidRequest, "Invalid nextToken");
  return parts;
}

Result<int64_t> ParseInt(const std::string& s) {
  try {
    size_t used = 0;
    int64_t v = std::stoll(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  return MakeError(ErrorCode::kInvalidRequest, "Invalid nextToken");
}

int64_t Limit(const PageRequest& page) { return (page.limit < 1 ? 1 : page.limit) + 1; }

Thing ReadThing(const SqliteQuery& q) {
  Thing t;
  t.thing_name = q.Text(0);
  t.thing_id = q.Text(1);
  t.thing_arn = q.Text(2);
  t.thing_type_name = q.OptText(3);
  t.billing_group_name = q.OptText(4);
  t.attributes = ParseMap(q.Text(5));
  t.version = q.Int(6);
  return t;
}

ThingGroup ReadGroup(const SqliteQuery& q) {
  ThingGroup g;
  g.group_name = q.Text(0);
  g.group_id = q.Text(1);
  g.group_arn = q.Text(2);
  g.parent_group_name = q.OptText(3);
  g.description = q.OptText(4);
  g.attributes = ParseMap(q.Text(5));
  g.version = q.Int(6);
  g.created_at = FromEpochMillis(q.Int(7));
  return g;
}

std::string CountsJson(const JobProcessDetails& d) {
  json::array a;
  for (int64_t c : d.by_status) a.push_back(c);
  return json::serialize(a);
}

void ParseCounts(const std::string& text, JobProcessDetails& d) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return;
  const auto& a = v.get_array();
  for (size_t i = 0; i < a.size() && i < static_cast<size_t>(kExecutionStatusCount); ++i) {
    if (a[i].is_int64()) d.by_status[i] = a[i].get_int64();
  }
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
  j.targets = ParseList(q.Text(8));
  j.document = q.OptText(9);
  j.document_source = q.OptText(10);
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(11), j.presigned_url_config, config_json::DecodePresignedUrlConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(12), j.rollout_config, config_json::DecodeRolloutConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(13), j.abort_config, config_json::DecodeAbortConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(14), j.timeout_config, config_json::DecodeTimeoutConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(15), j.retry_config, config_json::DecodeRetryConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(16), j.scheduling_config, config_json::DecodeSchedulingConfig));
  j.namespace_id = q.OptText(17);
  j.job_template_arn = q.OptText(18);
  j.document_parameters = ParseMap(q.Text(19));
  j.destination_package_versions = ParseList(q.Text(20));
  j.created_at = FromEpochMillis(q.Int(21));
  j.last_updated_at = FromEpochMillis(q.Int(22));
  j.completed_at = OptTime(q.OptInt(23));
  ParseCounts(q.Text(24), j.process_details);
  j.processing_targets = ParseList(q.Text(25));
  j.is_concurrent = q.Int(26) != 0;
  j.row_version = q.Int(27);
  return j;
}

void BindJob(SqliteQuery& q, const Job& j) {
  q.Bind(j.job_id)
      .Bind(j.job_arn)
      .Bind(static_cast<int64_t>(j.target_selection))
      .Bind(static_cast<int64_t>(j.status))
      .Bind(static_cast<int64_t>(j.force_canceled))
      .Bind(j.reason_code)
      .Bind(j.comment)
      .Bind(j.description)
      .Bind(ListJson(j.targets))
      .Bind(j.document)
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
      .Bind(ListJson(j.destination_package_versions))
      .Bind(ToEpochMillis(j.created_at))
      .Bind(ToEpochMillis(j.last_updated_at))
      .Bind(OptMillis(j.completed_at))
      .Bind(CountsJson(j.process_details))
      .Bind(ListJson(j.processing_targets))
      .Bind(static_cast<int64_t>(j.is_concurrent))
      .Bind(j.row_version);
}

JobExecution ReadExecution(const SqliteQuery& q) {
  JobExecution e;
  e.job_id = q.Text(0);
  e.thing_name = q.Text(1);
  e.execution_number = q.Int(2);
  e.status = static_cast<ExecutionStatus>(q.Int(3));
  e.force_canceled = q.Int(4) != 0;
  if (auto d = q.OptText(5)) e.status_details = ParseMap(*d);
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

void BindExecution(SqliteQuery& q, const JobExecution& e) {
  q.Bind(e.job_id)
      .Bind(e.thing_name)
      .Bind(e.execution_number)
      .Bind(static_cast<int64_t>(e.status))
      .Bind(static_cast<int64_t>(e.force_canceled));
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

Result<JobTemplate> ReadTemplate(const SqliteQuery& q) {
  JobTemplate t;
  t.template_id = q.Text(0);
  t.template_arn = q.Text(1);
  t.description = q.Text(2);
  t.document = q.OptText(3);
  t.document_source = q.OptText(4);
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(5), t.presigned_url_config, config_json::DecodePresignedUrlConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(6), t.rollout_config, config_json::DecodeRolloutConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(7), t.abort_config, config_json::DecodeAbortConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(8), t.timeout_config, config_json::DecodeTimeoutConfig));
  FJ_RETURN_IF_ERROR(ParseConfig(q.OptText(9), t.retry_config, config_json::DecodeRetryConfig));
  FJ_RETURN_IF_ERROR(
      ParseConfig(q.OptText(10), t.maintenance_windows, config_json::DecodeMaintenanceWindows));
  t.destination_package_versions = ParseList(q.Text(11));
  t.created_at = FromEpochMillis(q.Int(12));
  return t;
}

// Collects up to page.limit rows and sets next from the last kept row when one more exists.
template <typename T, typename ReadFn, typename CursorFn>
Result<Page<T>> CollectPage(SqliteQuery& q, const PageRequest& page, ReadFn read, CursorFn cursor) {
  Page<T> out;
  size_t limit = static_cast<size_t>(page.limit < 1 ? 1 : page.limit);
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    if (out.items.size() == limit) {
      out.next = cursor(out.items.back());
      break;
    }
    if constexpr (std::is_same_v<decltype(read(q)), Result<T>>) {
      FJ_ASSIGN_OR_RETURN(T item, read(q));
      out.items.push_back(std::move(item));
    } else {
      out.items.push_back(read(q));
    }
  }
  return out;
}

}  // namespace

Status SqliteTxn::CheckWritable() const {
  if (read_only_) return MakeError(ErrorCode::kInternal, "write attempted in a read-only transaction");
  return Status::Ok();
}

Status SqliteTxn::WriteOne(const char* sql, const std::function<void(SqliteQuery&)>& bind,
                           const std::string& missing) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql);
  bind(q);
  FJ_RETURN_IF_ERROR(q.Exec());
  if (q.Changes() == 0) return MakeError(ErrorCode::kNotFound, missing);
  return Status::Ok();
}

// ---- things ---------------------------------------------------------------------------------

Result<Thing> SqliteTxn::GetThing(std::string_view name) {
  SqliteQuery q(store_, sql::kGetThing);
  q.Bind(name);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "Thing " + std::string(name) + " does not exist");
  return ReadThing(q);
}

Status SqliteTxn::InsertThing(const Thing& t) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql::kInsertThing);
  q.Bind(t.thing_name).Bind(t.thing_id).Bind(t.thing_arn).Bind(t.thing_type_name).Bind(t.billing_group_name);
  q.Bind(MapJson(t.attributes)).Bind(t.version);
  Status st = q.Exec();
  if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists) {
    return MakeError(ErrorCode::kAlreadyExists, "Thing " + t.thing_name + " already exists");
  }
  return st;
}

Status SqliteTxn::UpdateThing(const Thing& t) {
  return WriteOne(
      sql::kUpdateThing,
      [&](SqliteQuery& q) {
        q.Bind(t.thing_name)
            .Bind(t.thing_id)
            .Bind(t.thing_arn)
            .Bind(t.thing_type_name)
            .Bind(t.billing_group_name);
        q.Bind(MapJson(t.attributes)).Bind(t.version);
      },
      "Thing " + t.thing_name + " does not exist");
}

Status SqliteTxn::DeleteThing(std::string_view name) {
  FJ_RETURN_IF_ERROR(WriteOne(
      sql::kDeleteThing, [&](SqliteQuery& q) { q.Bind(name); },
      "Thing " + std::string(name) + " does not exist"));
  SqliteQuery q(store_, sql::kDeleteThingMemberships);
  q.Bind(name);
  return q.Exec();
}

Result<Page<Thing>> SqliteTxn::ListThings(const ThingFilter& f, const PageRequest& page) {
  SqliteQuery q(store_, sql::kListThings);
  q.Bind(page.after.empty() ? std::optional<std::string>() : std::optional<std::string>(page.after));
  q.Bind(f.attribute_name).Bind(f.attribute_value).Bind(static_cast<int64_t>(f.use_prefix_attribute_value));
  q.Bind(f.thing_type_name).Bind(Limit(page));
  return CollectPage<Thing>(q, page, ReadThing, [](const Thing& t) { return t.thing_name; });
}

// ---- thing groups ---------------------------------------------------------------------------

Result<ThingGroup> SqliteTxn::GetThingGroup(std::string_view name) {
  SqliteQuery q(store_, sql::kGetThingGroup);
  q.Bind(name);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "Thing group " + std::string(name) + " does not exist");
  return ReadGroup(q);
}

Status SqliteTxn::InsertThingGroup(const ThingGroup& g) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql::kInsertThingGroup);
  q.Bind(g.group_name).Bind(g.group_id).Bind(g.group_arn).Bind(g.parent_group_name).Bind(g.description);
  q.Bind(MapJson(g.attributes)).Bind(g.version).Bind(ToEpochMillis(g.created_at));
  Status st = q.Exec();
  if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists) {
    return MakeError(ErrorCode::kAlreadyExists, "Thing group " + g.group_name + " already exists");
  }
  return st;
}

Status SqliteTxn::DeleteThingGroup(std::string_view name) {
  FJ_RETURN_IF_ERROR(WriteOne(
      sql::kDeleteThingGroup, [&](SqliteQuery& q) { q.Bind(name); },
      "Thing group " + std::string(name) + " does not exist"));
  SqliteQuery q(store_, sql::kDeleteGroupMemberships);
  q.Bind(name);
  return q.Exec();
}

Result<Page<ThingGroup>> SqliteTxn::ListThingGroups(const ThingGroupFilter& f, const PageRequest& page) {
  SqliteQuery q(store_, sql::kListThingGroups);
  q.Bind(page.after.empty() ? std::optional<std::string>() : std::optional<std::string>(page.after));
  q.Bind(f.parent_group).Bind(f.name_prefix).Bind(static_cast<int64_t>(f.root_only)).Bind(Limit(page));
  return CollectPage<ThingGroup>(q, page, ReadGroup, [](const ThingGroup& g) { return g.group_name; });
}

Result<std::vector<std::string>> SqliteTxn::ListChildGroupNames(std::string_view parent) {
  SqliteQuery q(store_, sql::kListChildGroups);
  q.Bind(parent);
  std::vector<std::string> out;
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(q.Text(0));
  }
  return out;
}

// ---- memberships ----------------------------------------------------------------------------

Status SqliteTxn::AddMembership(std::string_view group, std::string_view thing) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql::kAddMembership);
  q.Bind(group).Bind(thing);
  return q.Exec();
}

Status SqliteTxn::RemoveMembership(std::string_view group, std::string_view thing) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql::kRemoveMembership);
  q.Bind(group).Bind(thing);
  return q.Exec();
}

Result<std::vector<std::string>> SqliteTxn::ListGroupsOfThing(std::string_view thing) {
  SqliteQuery q(store_, sql::kGroupsOfThing);
  q.Bind(thing);
  std::vector<std::string> out;
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(q.Text(0));
  }
  return out;
}

Result<Page<std::string>> SqliteTxn::ListThingsInGroup(std::string_view group, const PageRequest& page) {
  SqliteQuery q(store_, sql::kThingsInGroup);
  q.Bind(group);
  q.Bind(page.after.empty() ? std::optional<std::string>() : std::optional<std::string>(page.after));
  q.Bind(Limit(page));
  return CollectPage<std::string>(
      q, page, [](const SqliteQuery& r) { return r.Text(0); }, [](const std::string& s) { return s; });
}

// ---- jobs -----------------------------------------------------------------------------------

Result<Job> SqliteTxn::GetJob(std::string_view job_id) {
  SqliteQuery q(store_, sql::kGetJob);
  q.Bind(job_id);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "Job " + std::string(job_id) + " does not exist");
  return ReadJob(q);
}

Status SqliteTxn::InsertJob(const Job& job) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  {
    SqliteQuery q(store_, sql::kInsertJob);
    BindJob(q, job);
    Status st = q.Exec();
    if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists) {
      return MakeError(ErrorCode::kAlreadyExists, "Job " + job.job_id + " already exists");
    }
    FJ_RETURN_IF_ERROR(st);
  }
  for (const auto& arn : job.targets) {
    SqliteQuery q(store_, sql::kInsertJobTarget);
    q.Bind(job.job_id).Bind(arn);
    FJ_RETURN_IF_ERROR(q.Exec());
  }
  return Status::Ok();
}

Status SqliteTxn::UpdateJob(const Job& job) {
  FJ_RETURN_IF_ERROR(WriteOne(
      sql::kUpdateJob, [&](SqliteQuery& q) { BindJob(q, job); }, "Job " + job.job_id + " does not exist"));
  // Targets only grow (AssociateTargetsWithJob); INSERT OR IGNORE keeps this idempotent.
  for (const auto& arn : job.targets) {
    SqliteQuery q(store_, sql::kInsertJobTarget);
    q.Bind(job.job_id).Bind(arn);
    FJ_RETURN_IF_ERROR(q.Exec());
  }
  return Status::Ok();
}

Status SqliteTxn::DeleteJob(std::string_view job_id) {
  FJ_RETURN_IF_ERROR(WriteOne(
      sql::kDeleteJob, [&](SqliteQuery& q) { q.Bind(job_id); },
      "Job " + std::string(job_id) + " does not exist"));
  for (const char* stmt : {sql::kDeleteJobExecutions, sql::kDeleteJobTargets}) {
    SqliteQuery q(store_, stmt);
    q.Bind(job_id);
    FJ_RETURN_IF_ERROR(q.Exec());
  }
  return Status::Ok();
}

Result<Page<Job>> SqliteTxn::ListJobs(const JobFilter& f, const PageRequest& page) {
  SqliteQuery q(store_, sql::kListJobs);
  if (page.after.empty()) {
    q.BindNull().BindNull();
  } else {
    FJ_ASSIGN_OR_RETURN(auto parts, SplitCursor(page.after, 2));
    FJ_ASSIGN_OR_RETURN(int64_t created, ParseInt(parts[0]));
    q.Bind(created).Bind(parts[1]);
  }
  q.Bind(f.status ? std::optional<int64_t>(static_cast<int64_t>(*f.status)) : std::nullopt);
  q.Bind(f.target_selection ? std::optional<int64_t>(static_cast<int64_t>(*f.target_selection))
                            : std::nullopt);
  q.Bind(f.namespace_id).Bind(f.target_arn).Bind(Limit(page));
  return CollectPage<Job>(q, page, ReadJob, [](const Job& j) {
    return JoinCursor({std::to_string(ToEpochMillis(j.created_at)), j.job_id});
  });
}

Result<int64_t> SqliteTxn::CountJobs(JobStatus status) {
  SqliteQuery q(store_, sql::kCountJobs);
  q.Bind(static_cast<int64_t>(status));
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

// ---- executions -----------------------------------------------------------------------------

Result<JobExecution> SqliteTxn::GetExecution(std::string_view job_id, std::string_view thing_name,
                                             std::optional<int64_t> execution_number) {
  SqliteQuery q(store_, execution_number ? sql::kGetExecution : sql::kGetLatestExecution);
  q.Bind(job_id).Bind(thing_name);
  if (execution_number) q.Bind(*execution_number);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    std::string msg = "Job execution of job " + std::string(job_id) + " on thing " + std::string(thing_name);
    if (execution_number) msg += " with execution number " + std::to_string(*execution_number);
    return MakeError(ErrorCode::kNotFound, msg + " does not exist");
  }
  return ReadExecution(q);
}

Status SqliteTxn::InsertExecution(const JobExecution& e) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql::kInsertExecution);
  BindExecution(q, e);
  return q.Exec();
}

Status SqliteTxn::UpdateExecution(const JobExecution& e) {
  return WriteOne(
      sql::kUpdateExecution, [&](SqliteQuery& q) { BindExecution(q, e); },
      "Job execution of job " + e.job_id + " on thing " + e.thing_name + " does not exist");
}

Status SqliteTxn::DeleteExecution(std::string_view job_id, std::string_view thing_name,
                                  int64_t execution_number) {
  return WriteOne(
      sql::kDeleteExecution, [&](SqliteQuery& q) { q.Bind(job_id).Bind(thing_name).Bind(execution_number); },
      "Job execution of job " + std::string(job_id) + " on thing " + std::string(thing_name) +
          " does not exist");
}

Result<Page<JobExecution>> SqliteTxn::ListExecutionsForJob(std::string_view job_id, const ExecutionFilter& f,
                                                           const PageRequest& page) {
  SqliteQuery q(store_, sql::kListExecutionsForJob);
  q.Bind(job_id);
  if (page.after.empty()) {
    q.BindNull().BindNull();
  } else {
    FJ_ASSIGN_OR_RETURN(auto parts, SplitCursor(page.after, 2));
    FJ_ASSIGN_OR_RETURN(int64_t number, ParseInt(parts[1]));
    q.Bind(parts[0]).Bind(number);
  }
  q.Bind(f.status ? std::optional<int64_t>(static_cast<int64_t>(*f.status)) : std::nullopt);
  q.Bind(static_cast<int64_t>(f.latest_only)).Bind(Limit(page));
  return CollectPage<JobExecution>(q, page, ReadExecution, [](const JobExecution& e) {
    return JoinCursor({e.thing_name, std::to_string(e.execution_number)});
  });
}

Result<Page<JobExecution>> SqliteTxn::ListExecutionsForThing(std::string_view thing_name,
                                                             const ExecutionFilter& f,
                                                             const PageRequest& page) {
  SqliteQuery q(store_, sql::kListExecutionsForThing);
  q.Bind(thing_name);
  if (page.after.empty()) {
    q.BindNull().BindNull().BindNull();
  } else {
    FJ_ASSIGN_OR_RETURN(auto parts, SplitCursor(page.after, 3));
    FJ_ASSIGN_OR_RETURN(int64_t queued, ParseInt(parts[0]));
    FJ_ASSIGN_OR_RETURN(int64_t number, ParseInt(parts[2]));
    q.Bind(queued).Bind(parts[1]).Bind(number);
  }
  q.Bind(f.status ? std::optional<int64_t>(static_cast<int64_t>(*f.status)) : std::nullopt);
  q.Bind(f.namespace_id).Bind(f.job_id).Bind(static_cast<int64_t>(f.latest_only)).Bind(Limit(page));
  return CollectPage<JobExecution>(q, page, ReadExecution, [](const JobExecution& e) {
    return JoinCursor(
        {std::to_string(ToEpochMillis(e.queued_at)), e.job_id, std::to_string(e.execution_number)});
  });
}

Result<std::vector<JobExecution>> SqliteTxn::ListPendingExecutionsForThing(std::string_view thing_name,
                                                                           int limit) {
  SqliteQuery q(store_, sql::kListPendingForThing);
  q.Bind(thing_name).Bind(static_cast<int64_t>(limit));
  std::vector<JobExecution> out;
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadExecution(q));
  }
  return out;
}

// ---- job templates --------------------------------------------------------------------------

Result<JobTemplate> SqliteTxn::GetJobTemplate(std::string_view template_id) {
  SqliteQuery q(store_, sql::kGetTemplate);
  q.Bind(template_id);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row)
    return MakeError(ErrorCode::kNotFound, "Job template " + std::string(template_id) + " does not exist");
  return ReadTemplate(q);
}

Status SqliteTxn::InsertJobTemplate(const JobTemplate& t) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql::kInsertTemplate);
  q.Bind(t.template_id).Bind(t.template_arn).Bind(t.description).Bind(t.document).Bind(t.document_source);
  q.Bind(ConfigJson(t.presigned_url_config))
      .Bind(ConfigJson(t.rollout_config))
      .Bind(ConfigJson(t.abort_config));
  q.Bind(ConfigJson(t.timeout_config)).Bind(ConfigJson(t.retry_config));
  q.Bind(t.maintenance_windows
             ? std::optional<std::string>(json::serialize(config_json::Encode(*t.maintenance_windows)))
             : std::nullopt);
  q.Bind(ListJson(t.destination_package_versions)).Bind(ToEpochMillis(t.created_at));
  Status st = q.Exec();
  if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists) {
    return MakeError(ErrorCode::kAlreadyExists, "Job template " + t.template_id + " already exists");
  }
  return st;
}

Status SqliteTxn::DeleteJobTemplate(std::string_view template_id) {
  return WriteOne(
      sql::kDeleteTemplate, [&](SqliteQuery& q) { q.Bind(template_id); },
      "Job template " + std::string(template_id) + " does not exist");
}

Result<Page<JobTemplate>> SqliteTxn::ListJobTemplates(const PageRequest& page) {
  SqliteQuery q(store_, sql::kListTemplates);
  q.Bind(page.after.empty() ? std::optional<std::string>() : std::optional<std::string>(page.after));
  q.Bind(Limit(page));
  return CollectPage<JobTemplate>(q, page, ReadTemplate, [](const JobTemplate& t) { return t.template_id; });
}

// ---- tags and settings ----------------------------------------------------------------------

Result<std::map<std::string, std::string>> SqliteTxn::GetTags(std::string_view resource_arn) {
  SqliteQuery q(store_, sql::kGetTags);
  q.Bind(resource_arn);
  std::map<std::string, std::string> out;
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.emplace(q.Text(0), q.Text(1));
  }
  return out;
}

Status SqliteTxn::PutTags(std::string_view resource_arn, const std::map<std::string, std::string>& tags) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  for (const auto& [k, v] : tags) {
    SqliteQuery q(store_, sql::kPutTag);
    q.Bind(resource_arn).Bind(k).Bind(v);
    FJ_RETURN_IF_ERROR(q.Exec());
  }
  return Status::Ok();
}

Status SqliteTxn::RemoveTags(std::string_view resource_arn, const std::vector<std::string>& keys) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  for (const auto& k : keys) {
    SqliteQuery q(store_, sql::kRemoveTag);
    q.Bind(resource_arn).Bind(k);
    FJ_RETURN_IF_ERROR(q.Exec());
  }
  return Status::Ok();
}

Status SqliteTxn::DeleteAllTags(std::string_view resource_arn) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql::kDeleteAllTags);
  q.Bind(resource_arn);
  return q.Exec();
}

Result<std::string> SqliteTxn::GetSetting(std::string_view key) {
  SqliteQuery q(store_, sql::kGetSetting);
  q.Bind(key);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "setting " + std::string(key) + " is not set");
  return q.Text(0);
}

Status SqliteTxn::PutSetting(std::string_view key, std::string_view value) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(store_, sql::kPutSetting);
  q.Bind(key).Bind(value);
  return q.Exec();
}

}  // namespace fleetjobs
