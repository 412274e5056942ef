#include "store/sqlite/sqlite_txn.h"

#include <type_traits>
#include <utility>

#include "store/sqlite/sqlite_cursor.h"
#include "store/sqlite/sqlite_query.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_statements.h"

namespace fleetjobs {
namespace {

using sqlite_rows::BindExecution;
using sqlite_rows::BindJob;
using sqlite_rows::BindJobTemplate;
using sqlite_rows::BindThing;
using sqlite_rows::BindThingGroup;
using sqlite_rows::ReadExecution;
using sqlite_rows::ReadJob;
using sqlite_rows::ReadJobTemplate;
using sqlite_rows::ReadThing;
using sqlite_rows::ReadThingGroup;
using sqlite_rows::StringListJson;

std::string ThingMissing(std::string_view name) { return "Thing " + std::string(name) + " does not exist"; }
std::string GroupMissing(std::string_view name) {
  return "Thing group " + std::string(name) + " does not exist";
}
std::string JobMissing(std::string_view id) { return "Job " + std::string(id) + " does not exist"; }
std::string TemplateMissing(std::string_view id) {
  return "Job template " + std::string(id) + " does not exist";
}
std::string ExecutionName(std::string_view job_id, std::string_view thing_name,
                          std::optional<int64_t> number) {
  std::string s = "Job execution of job " + std::string(job_id) + " on thing " + std::string(thing_name);
  if (number) s += " with execution number " + std::to_string(*number);
  return s;
}

// Replaces a constraint violation's generic message with one naming the resource.
Status Renamed(Status st, const std::string& what) {
  if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists) {
    return MakeError(ErrorCode::kAlreadyExists, what + " already exists");
  }
  return st;
}

// A single-part cursor (a name), decoded; absent on the first page.
Result<std::optional<std::string>> AfterName(const PageRequest& page) {
  if (page.after.empty()) return std::optional<std::string>();
  FJ_ASSIGN_OR_RETURN(auto parts, sqlite_cursor::Decode(page.after, 1));
  return std::optional<std::string>(std::move(parts[0]));
}

size_t PageSize(const PageRequest& page) { return static_cast<size_t>(page.limit < 1 ? 1 : page.limit); }

// One row more than the page, to learn whether a next page exists.
int64_t FetchLimit(const PageRequest& page) { return static_cast<int64_t>(PageSize(page)) + 1; }

template <typename E>
std::optional<int64_t> OptEnum(const std::optional<E>& e) {
  if (!e) return std::nullopt;
  return static_cast<int64_t>(*e);
}

// Collects up to the page size of rows; when one more exists, next is the cursor of the last kept.
template <typename T, typename ReadFn, typename CursorFn>
Result<Page<T>> CollectPage(SqliteQuery& q, const PageRequest& page, ReadFn read, CursorFn cursor) {
  Page<T> out;
  const size_t size = PageSize(page);
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    if (out.items.size() == size) {
      out.next = cursor(out.items.back());
      break;
    }
    FJ_ASSIGN_OR_RETURN(T item, read(q));
    out.items.push_back(std::move(item));
  }
  return out;
}

template <typename T, typename ReadFn>
Result<std::vector<T>> CollectAll(SqliteQuery& q, ReadFn read) {
  std::vector<T> out;
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    FJ_ASSIGN_OR_RETURN(T item, read(q));
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::string> ReadName(const SqliteQuery& q) { return q.Text(0); }

std::string NameCursor(const std::string& name) { return sqlite_cursor::Encode({name}); }

}  // namespace

Status SqliteTxn::CheckWritable() const {
  if (read_only_) return MakeError(ErrorCode::kInternal, "write attempted in a read-only transaction");
  return Status::Ok();
}

Status SqliteTxn::Write(const char* sql, const std::function<void(SqliteQuery&)>& bind) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(conn_, sql);
  bind(q);
  return q.Exec();
}

Status SqliteTxn::WriteOne(const char* sql, const std::function<void(SqliteQuery&)>& bind,
                           const std::string& missing) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  SqliteQuery q(conn_, sql);
  bind(q);
  FJ_RETURN_IF_ERROR(q.Exec());
  if (q.Changes() == 0) return MakeError(ErrorCode::kNotFound, missing);
  return Status::Ok();
}

// ---- things -------------------------------------------------------------------------------------

Result<Thing> SqliteTxn::GetThing(std::string_view name) {
  SqliteQuery q(conn_, sql::kGetThing);
  q.Bind(name);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, ThingMissing(name));
  return ReadThing(q);
}

Status SqliteTxn::InsertThing(const Thing& thing) {
  return Renamed(Write(sql::kInsertThing, [&](SqliteQuery& q) { BindThing(q, thing); }),
                 "Thing " + thing.thing_name);
}

Status SqliteTxn::UpdateThing(const Thing& thing) {
  return WriteOne(
      sql::kUpdateThing, [&](SqliteQuery& q) { BindThing(q, thing); }, ThingMissing(thing.thing_name));
}

Status SqliteTxn::DeleteThing(std::string_view name) {
  FJ_RETURN_IF_ERROR(WriteOne(
      sql::kDeleteThing, [&](SqliteQuery& q) { q.Bind(name); }, ThingMissing(name)));
  return Write(sql::kDeleteThingMemberships, [&](SqliteQuery& q) { q.Bind(name); });
}

Result<Page<Thing>> SqliteTxn::ListThings(const ThingFilter& f, const PageRequest& page) {
  FJ_ASSIGN_OR_RETURN(std::optional<std::string> after, AfterName(page));
  SqliteQuery q(conn_, sql::kListThings);
  q.Bind(after).Bind(f.attribute_name).Bind(f.attribute_value).Bind(f.use_prefix_attribute_value);
  q.Bind(f.thing_type_name).Bind(FetchLimit(page));
  return CollectPage<Thing>(q, page, ReadThing, [](const Thing& t) { return NameCursor(t.thing_name); });
}

// ---- thing groups -------------------------------------------------------------------------------

Result<ThingGroup> SqliteTxn::GetThingGroup(std::string_view name) {
  SqliteQuery q(conn_, sql::kGetThingGroup);
  q.Bind(name);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, GroupMissing(name));
  return ReadThingGroup(q);
}

Status SqliteTxn::InsertThingGroup(const ThingGroup& group) {
  return Renamed(Write(sql::kInsertThingGroup, [&](SqliteQuery& q) { BindThingGroup(q, group); }),
                 "Thing group " + group.group_name);
}

Status SqliteTxn::DeleteThingGroup(std::string_view name) {
  FJ_RETURN_IF_ERROR(WriteOne(
      sql::kDeleteThingGroup, [&](SqliteQuery& q) { q.Bind(name); }, GroupMissing(name)));
  return Write(sql::kDeleteGroupMemberships, [&](SqliteQuery& q) { q.Bind(name); });
}

Result<Page<ThingGroup>> SqliteTxn::ListThingGroups(const ThingGroupFilter& f, const PageRequest& page) {
  FJ_ASSIGN_OR_RETURN(std::optional<std::string> after, AfterName(page));
  SqliteQuery q(conn_, sql::kListThingGroups);
  q.Bind(after).Bind(f.parent_group).Bind(f.name_prefix).Bind(f.root_only).Bind(FetchLimit(page));
  return CollectPage<ThingGroup>(q, page, ReadThingGroup,
                                 [](const ThingGroup& g) { return NameCursor(g.group_name); });
}

Result<std::vector<std::string>> SqliteTxn::ListChildGroupNames(std::string_view parent) {
  SqliteQuery q(conn_, sql::kListChildGroups);
  q.Bind(parent);
  return CollectAll<std::string>(q, ReadName);
}

// ---- memberships --------------------------------------------------------------------------------

Status SqliteTxn::AddMembership(std::string_view group, std::string_view thing) {
  return Write(sql::kAddMembership, [&](SqliteQuery& q) { q.Bind(group).Bind(thing); });
}

Status SqliteTxn::RemoveMembership(std::string_view group, std::string_view thing) {
  return Write(sql::kRemoveMembership, [&](SqliteQuery& q) { q.Bind(group).Bind(thing); });
}

Result<std::vector<std::string>> SqliteTxn::ListGroupsOfThing(std::string_view thing) {
  SqliteQuery q(conn_, sql::kGroupsOfThing);
  q.Bind(thing);
  return CollectAll<std::string>(q, ReadName);
}

Result<Page<std::string>> SqliteTxn::ListThingsInGroup(std::string_view group, const PageRequest& page) {
  FJ_ASSIGN_OR_RETURN(std::optional<std::string> after, AfterName(page));
  SqliteQuery q(conn_, sql::kThingsInGroup);
  q.Bind(group).Bind(after).Bind(FetchLimit(page));
  return CollectPage<std::string>(q, page, ReadName, NameCursor);
}

// ---- jobs ---------------------------------------------------------------------------------------

Result<Job> SqliteTxn::GetJob(std::string_view job_id) {
  SqliteQuery q(conn_, sql::kGetJob);
  q.Bind(job_id);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, JobMissing(job_id));
  return ReadJob(q);
}

Result<std::optional<SchedulingConfig>> SqliteTxn::GetJobSchedulingConfig(std::string_view job_id) {
  SqliteQuery q(conn_, sql::kGetJobScheduling);
  q.Bind(job_id);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, JobMissing(job_id));
  return sqlite_rows::ReadSchedulingConfig(q, 0);
}

Status SqliteTxn::ReplaceJobTargets(const Job& job) {
  FJ_RETURN_IF_ERROR(Write(sql::kDeleteJobTargets, [&](SqliteQuery& q) { q.Bind(job.job_id); }));
  for (const std::string& arn : job.targets) {
    FJ_RETURN_IF_ERROR(Write(sql::kInsertJobTarget, [&](SqliteQuery& q) { q.Bind(job.job_id).Bind(arn); }));
  }
  return Status::Ok();
}

Status SqliteTxn::InsertJob(const Job& job) {
  FJ_RETURN_IF_ERROR(
      Renamed(Write(sql::kInsertJob, [&](SqliteQuery& q) { BindJob(q, job); }), "Job " + job.job_id));
  if (job.document) {
    FJ_RETURN_IF_ERROR(
        Write(sql::kPutJobDocument, [&](SqliteQuery& q) { q.Bind(job.job_id).Bind(*job.document); }));
  }
  return ReplaceJobTargets(job);
}

Status SqliteTxn::UpdateJob(const Job& job) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  // Engine updates are mostly counter changes: touch the document and the target index only when
  // they changed.
  std::string old_targets;
  {
    SqliteQuery q(conn_, sql::kGetJobTargetsJson);
    q.Bind(job.job_id);
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return MakeError(ErrorCode::kNotFound, JobMissing(job.job_id));
    old_targets = q.Text(0);
  }
  FJ_RETURN_IF_ERROR(Write(sql::kUpdateJob, [&](SqliteQuery& q) { BindJob(q, job); }));
  if (job.document) {
    FJ_RETURN_IF_ERROR(
        Write(sql::kPutJobDocument, [&](SqliteQuery& q) { q.Bind(job.job_id).Bind(*job.document); }));
  } else {
    FJ_RETURN_IF_ERROR(Write(sql::kDeleteJobDocument, [&](SqliteQuery& q) { q.Bind(job.job_id); }));
  }
  if (old_targets != StringListJson(job.targets)) FJ_RETURN_IF_ERROR(ReplaceJobTargets(job));
  return Status::Ok();
}

Status SqliteTxn::DeleteJob(std::string_view job_id) {
  FJ_RETURN_IF_ERROR(WriteOne(
      sql::kDeleteJob, [&](SqliteQuery& q) { q.Bind(job_id); }, JobMissing(job_id)));
  for (const char* stmt : {sql::kDeleteJobDocument, sql::kDeleteJobExecutions, sql::kDeleteJobTargets,
                           sql::kDeleteJobRolloutQueue}) {
    FJ_RETURN_IF_ERROR(Write(stmt, [&](SqliteQuery& q) { q.Bind(job_id); }));
  }
  return Status::Ok();
}

Result<Page<Job>> SqliteTxn::ListJobs(const JobFilter& f, const PageRequest& page) {
  std::optional<int64_t> after_created;
  std::optional<std::string> after_id;
  if (!page.after.empty()) {
    FJ_ASSIGN_OR_RETURN(auto parts, sqlite_cursor::Decode(page.after, 2));
    FJ_ASSIGN_OR_RETURN(after_created, sqlite_cursor::ParseInt(parts[0]));
    after_id = std::move(parts[1]);
  }
  SqliteQuery q(conn_, f.target_arn ? sql::kListJobsByTarget : sql::kListJobs);
  q.Bind(after_created).Bind(after_id).Bind(OptEnum(f.status)).Bind(OptEnum(f.target_selection));
  q.Bind(f.namespace_id).Bind(f.target_arn).Bind(FetchLimit(page));
  return CollectPage<Job>(q, page, ReadJob, [](const Job& j) {
    return sqlite_cursor::Encode({std::to_string(ToEpochMillis(j.created_at)), j.job_id});
  });
}

Result<int64_t> SqliteTxn::CountJobs(JobStatus status) {
  SqliteQuery q(conn_, sql::kCountJobs);
  q.Bind(static_cast<int64_t>(status));
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

// ---- executions ---------------------------------------------------------------------------------

Result<JobExecution> SqliteTxn::GetExecution(std::string_view job_id, std::string_view thing_name,
                                             std::optional<int64_t> execution_number) {
  SqliteQuery q(conn_, execution_number ? sql::kGetExecution : sql::kGetLatestExecution);
  q.Bind(job_id).Bind(thing_name);
  if (execution_number) q.Bind(*execution_number);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return MakeError(ErrorCode::kNotFound,
                     ExecutionName(job_id, thing_name, execution_number) + " does not exist");
  }
  return ReadExecution(q);
}

Status SqliteTxn::InsertExecution(const JobExecution& e) {
  return Renamed(Write(sql::kInsertExecution, [&](SqliteQuery& q) { BindExecution(q, e); }),
                 ExecutionName(e.job_id, e.thing_name, e.execution_number));
}

Status SqliteTxn::UpdateExecution(const JobExecution& e) {
  return WriteOne(
      sql::kUpdateExecution, [&](SqliteQuery& q) { BindExecution(q, e); },
      ExecutionName(e.job_id, e.thing_name, e.execution_number) + " does not exist");
}

Status SqliteTxn::DeleteExecution(std::string_view job_id, std::string_view thing_name,
                                  int64_t execution_number) {
  return WriteOne(
      sql::kDeleteExecution, [&](SqliteQuery& q) { q.Bind(job_id).Bind(thing_name).Bind(execution_number); },
      ExecutionName(job_id, thing_name, execution_number) + " does not exist");
}

Result<Page<JobExecution>> SqliteTxn::ListExecutionsForJob(std::string_view job_id, const ExecutionFilter& f,
                                                           const PageRequest& page) {
  std::optional<std::string> after_thing;
  std::optional<int64_t> after_number;
  if (!page.after.empty()) {
    FJ_ASSIGN_OR_RETURN(auto parts, sqlite_cursor::Decode(page.after, 2));
    FJ_ASSIGN_OR_RETURN(after_number, sqlite_cursor::ParseInt(parts[1]));
    after_thing = std::move(parts[0]);
  }
  SqliteQuery q(conn_, sql::kListExecutionsForJob);
  q.Bind(job_id).Bind(after_thing).Bind(after_number).Bind(OptEnum(f.status)).Bind(f.latest_only);
  q.Bind(FetchLimit(page));
  return CollectPage<JobExecution>(q, page, ReadExecution, [](const JobExecution& e) {
    return sqlite_cursor::Encode({e.thing_name, std::to_string(e.execution_number)});
  });
}

Result<Page<JobExecution>> SqliteTxn::ListTimedExecutions(const PageRequest& page) {
  std::optional<std::string> after_job;
  std::optional<std::string> after_thing;
  std::optional<int64_t> after_number;
  if (!page.after.empty()) {
    FJ_ASSIGN_OR_RETURN(auto parts, sqlite_cursor::Decode(page.after, 3));
    FJ_ASSIGN_OR_RETURN(after_number, sqlite_cursor::ParseInt(parts[2]));
    after_job = std::move(parts[0]);
    after_thing = std::move(parts[1]);
  }
  SqliteQuery q(conn_, sql::kListTimedExecutions);
  q.Bind(after_job).Bind(after_thing).Bind(after_number).Bind(FetchLimit(page));
  return CollectPage<JobExecution>(q, page, ReadExecution, [](const JobExecution& e) {
    return sqlite_cursor::Encode({e.job_id, e.thing_name, std::to_string(e.execution_number)});
  });
}

Status SqliteTxn::AppendRolloutThings(std::string_view job_id, const std::vector<std::string>& things) {
  int64_t seq = 0;
  {
    SqliteQuery q(conn_, sql::kRolloutQueueTail);
    q.Bind(job_id);
    FJ_ASSIGN_OR_RETURN(bool row, q.Step());
    if (row) seq = q.Int(0);
  }
  for (const std::string& thing : things) {
    ++seq;
    FJ_RETURN_IF_ERROR(
        Write(sql::kRolloutQueueInsert, [&](SqliteQuery& q) { q.Bind(job_id).Bind(seq).Bind(thing); }));
  }
  return Status::Ok();
}

Result<std::vector<std::string>> SqliteTxn::TakeRolloutThings(std::string_view job_id, int limit) {
  std::vector<std::string> things;
  int64_t last = 0;
  {
    SqliteQuery q(conn_, sql::kRolloutQueueHead);
    q.Bind(job_id).Bind(static_cast<int64_t>(limit));
    for (;;) {
      FJ_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      last = q.Int(0);
      things.push_back(q.Text(1));
    }
  }
  if (!things.empty()) {
    FJ_RETURN_IF_ERROR(Write(sql::kRolloutQueuePop, [&](SqliteQuery& q) { q.Bind(job_id).Bind(last); }));
  }
  return things;
}

Status SqliteTxn::ClearRolloutThings(std::string_view job_id) {
  return Write(sql::kDeleteJobRolloutQueue, [&](SqliteQuery& q) { q.Bind(job_id); });
}

Result<Page<JobExecution>> SqliteTxn::ListExecutionsForThing(std::string_view thing_name,
                                                             const ExecutionFilter& f,
                                                             const PageRequest& page) {
  std::optional<int64_t> after_queued;
  std::optional<std::string> after_job;
  std::optional<int64_t> after_number;
  if (!page.after.empty()) {
    FJ_ASSIGN_OR_RETURN(auto parts, sqlite_cursor::Decode(page.after, 3));
    FJ_ASSIGN_OR_RETURN(after_queued, sqlite_cursor::ParseInt(parts[0]));
    FJ_ASSIGN_OR_RETURN(after_number, sqlite_cursor::ParseInt(parts[2]));
    after_job = std::move(parts[1]);
  }
  SqliteQuery q(conn_, sql::kListExecutionsForThing);
  q.Bind(thing_name).Bind(after_queued).Bind(after_job).Bind(after_number);
  q.Bind(OptEnum(f.status)).Bind(f.namespace_id).Bind(f.job_id).Bind(f.latest_only).Bind(FetchLimit(page));
  return CollectPage<JobExecution>(q, page, ReadExecution, [](const JobExecution& e) {
    return sqlite_cursor::Encode(
        {std::to_string(ToEpochMillis(e.queued_at)), e.job_id, std::to_string(e.execution_number)});
  });
}

Result<std::vector<JobExecution>> SqliteTxn::ListPendingExecutionsForThing(std::string_view thing_name,
                                                                           int limit) {
  std::vector<JobExecution> out;
  for (ExecutionStatus status : {ExecutionStatus::kInProgress, ExecutionStatus::kQueued}) {
    const int64_t want = static_cast<int64_t>(limit) - static_cast<int64_t>(out.size());
    if (want <= 0) break;
    SqliteQuery q(conn_, sql::kListPendingForThing);
    q.Bind(thing_name).Bind(static_cast<int64_t>(status)).Bind(want);
    FJ_ASSIGN_OR_RETURN(std::vector<JobExecution> part, CollectAll<JobExecution>(q, ReadExecution));
    for (JobExecution& e : part) out.push_back(std::move(e));
  }
  return out;
}

// ---- job templates ------------------------------------------------------------------------------

Result<JobTemplate> SqliteTxn::GetJobTemplate(std::string_view template_id) {
  SqliteQuery q(conn_, sql::kGetTemplate);
  q.Bind(template_id);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, TemplateMissing(template_id));
  return ReadJobTemplate(q);
}

Status SqliteTxn::InsertJobTemplate(const JobTemplate& tmpl) {
  return Renamed(Write(sql::kInsertTemplate, [&](SqliteQuery& q) { BindJobTemplate(q, tmpl); }),
                 "Job template " + tmpl.template_id);
}

Status SqliteTxn::DeleteJobTemplate(std::string_view template_id) {
  return WriteOne(
      sql::kDeleteTemplate, [&](SqliteQuery& q) { q.Bind(template_id); }, TemplateMissing(template_id));
}

Result<Page<JobTemplate>> SqliteTxn::ListJobTemplates(const PageRequest& page) {
  FJ_ASSIGN_OR_RETURN(std::optional<std::string> after, AfterName(page));
  SqliteQuery q(conn_, sql::kListTemplates);
  q.Bind(after).Bind(FetchLimit(page));
  return CollectPage<JobTemplate>(q, page, ReadJobTemplate,
                                  [](const JobTemplate& t) { return NameCursor(t.template_id); });
}

// ---- tags and settings --------------------------------------------------------------------------

Result<std::map<std::string, std::string>> SqliteTxn::GetTags(std::string_view resource_arn) {
  SqliteQuery q(conn_, sql::kGetTags);
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
  for (const auto& tag : tags) {
    FJ_RETURN_IF_ERROR(
        Write(sql::kPutTag, [&](SqliteQuery& q) { q.Bind(resource_arn).Bind(tag.first).Bind(tag.second); }));
  }
  return Status::Ok();
}

Status SqliteTxn::RemoveTags(std::string_view resource_arn, const std::vector<std::string>& keys) {
  FJ_RETURN_IF_ERROR(CheckWritable());
  for (const std::string& key : keys) {
    FJ_RETURN_IF_ERROR(Write(sql::kRemoveTag, [&](SqliteQuery& q) { q.Bind(resource_arn).Bind(key); }));
  }
  return Status::Ok();
}

Status SqliteTxn::DeleteAllTags(std::string_view resource_arn) {
  return Write(sql::kDeleteAllTags, [&](SqliteQuery& q) { q.Bind(resource_arn); });
}

Result<std::string> SqliteTxn::GetSetting(std::string_view key) {
  SqliteQuery q(conn_, sql::kGetSetting);
  q.Bind(key);
  FJ_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "Setting " + std::string(key) + " is not set");
  return q.Text(0);
}

Status SqliteTxn::PutSetting(std::string_view key, std::string_view value) {
  return Write(sql::kPutSetting, [&](SqliteQuery& q) { q.Bind(key).Bind(value); });
}

}  // namespace fleetjobs
