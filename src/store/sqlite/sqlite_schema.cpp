#include "store/sqlite/sqlite_schema.h"

#include <array>
#include <string>

namespace fleetjobs::sqlite_schema {
namespace {

// Migration N is kMigrations[N-1]. Append only; never edit a released migration.
constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
CREATE TABLE things (
  name TEXT PRIMARY KEY, id TEXT NOT NULL, arn TEXT NOT NULL, type TEXT, billing_group TEXT,
  attributes_json TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE thing_groups (
  name TEXT PRIMARY KEY, id TEXT NOT NULL, arn TEXT NOT NULL, parent TEXT, description TEXT,
  attributes_json TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX thing_groups_parent ON thing_groups(parent, name);
CREATE TABLE memberships (
  group_name TEXT NOT NULL, thing_name TEXT NOT NULL, PRIMARY KEY (group_name, thing_name)) WITHOUT ROWID;
CREATE INDEX memberships_thing ON memberships(thing_name, group_name);
CREATE TABLE jobs (
  job_id TEXT PRIMARY KEY, job_arn TEXT NOT NULL, target_selection INTEGER NOT NULL, status INTEGER NOT NULL,
  force_canceled INTEGER NOT NULL, reason_code TEXT, comment TEXT, description TEXT, targets_json TEXT NOT NULL,
  document TEXT, document_source TEXT, presigned_json TEXT, rollout_json TEXT, abort_json TEXT, timeout_json TEXT,
  retry_json TEXT, scheduling_json TEXT, namespace_id TEXT, job_template_arn TEXT,
  document_parameters_json TEXT NOT NULL, package_versions_json TEXT NOT NULL,
  created_at INTEGER NOT NULL, last_updated_at INTEGER NOT NULL, completed_at INTEGER,
  counts_json TEXT NOT NULL, processing_targets_json TEXT NOT NULL, is_concurrent INTEGER NOT NULL,
  row_version INTEGER NOT NULL);
CREATE INDEX jobs_created ON jobs(created_at DESC, job_id);
CREATE TABLE job_targets (job_id TEXT NOT NULL, target_arn TEXT NOT NULL, PRIMARY KEY (job_id, target_arn)) WITHOUT ROWID;
CREATE INDEX job_targets_arn ON job_targets(target_arn, job_id);
CREATE TABLE executions (
  job_id TEXT NOT NULL, thing_name TEXT NOT NULL, execution_number INTEGER NOT NULL, status INTEGER NOT NULL,
  force_canceled INTEGER NOT NULL, status_details_json TEXT, queued_at INTEGER NOT NULL, started_at INTEGER,
  last_updated_at INTEGER NOT NULL, version_number INTEGER NOT NULL, retry_attempt INTEGER NOT NULL,
  in_progress_deadline INTEGER, step_deadline INTEGER, namespace_id TEXT,
  PRIMARY KEY (job_id, thing_name, execution_number)) WITHOUT ROWID;
CREATE INDEX executions_thing ON executions(thing_name, status, queued_at);
CREATE INDEX executions_job_status ON executions(job_id, status);
CREATE TABLE job_templates (
  template_id TEXT PRIMARY KEY, arn TEXT NOT NULL, description TEXT NOT NULL, document TEXT, document_source TEXT,
  presigned_json TEXT, rollout_json TEXT, abort_json TEXT, timeout_json TEXT, retry_json TEXT,
  maintenance_windows_json TEXT, package_versions_json TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE tags (resource_arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (resource_arn, key)) WITHOUT ROWID;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql",
};

Status ExecSql(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return MakeError(ErrorCode::kInternal, "schema migration failed: " + msg);
  }
  return Status::Ok();
}

}  // namespace

Status Migrate(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  int version = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    version = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  if (version > static_cast<int>(kMigrations.size())) {
    return MakeError(ErrorCode::kInternal, "database schema version " + std::to_string(version) +
                                               " is newer than this fleetjobs (" +
                                               std::to_string(kMigrations.size()) + ")");
  }
  if (version == static_cast<int>(kMigrations.size())) return Status::Ok();
  FJ_RETURN_IF_ERROR(ExecSql(db, "BEGIN IMMEDIATE"));
  for (size_t i = static_cast<size_t>(version); i < kMigrations.size(); ++i) {
    Status st_apply = ExecSql(db, kMigrations[i]);
    if (!st_apply.ok()) {
      (void)ExecSql(db, "ROLLBACK");
      return st_apply;
    }
  }
  std::string set = "PRAGMA user_version = " + std::to_string(kMigrations.size());
  FJ_RETURN_IF_ERROR(ExecSql(db, set.c_str()));
  return ExecSql(db, "COMMIT");
}

}  // namespace fleetjobs::sqlite_schema
