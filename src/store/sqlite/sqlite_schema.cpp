#include "store/sqlite/sqlite_schema.h"

#include <array>
#include <charconv>
#include <string>

namespace fleetjobs::sqlite_schema {
namespace {

// Timestamps are INTEGER epoch milliseconds, enums their numeric values, maps and lists JSON text,
// configs the JSON of model/config_json. Tables whose rows are small are WITHOUT ROWID (their
// secondary indexes then carry the primary key, e.g. executions_thing ends in job_id).
constexpr std::array<const char*, 3> kMigrations = {
    // 1: the initial schema.
    R"sql(
CREATE TABLE things (
  name TEXT PRIMARY KEY, id TEXT NOT NULL, arn TEXT NOT NULL, type TEXT, billing_group TEXT,
  attributes_json TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX things_type ON things (type, name);

CREATE TABLE thing_groups (
  name TEXT PRIMARY KEY, id TEXT NOT NULL, arn TEXT NOT NULL, parent TEXT, description TEXT,
  attributes_json TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX thing_groups_parent ON thing_groups (parent, name);

CREATE TABLE memberships (
  group_name TEXT NOT NULL, thing_name TEXT NOT NULL,
  PRIMARY KEY (group_name, thing_name)) WITHOUT ROWID;
CREATE INDEX memberships_thing ON memberships (thing_name, group_name);

CREATE TABLE jobs (
  job_id TEXT PRIMARY KEY, job_arn TEXT NOT NULL, target_selection INTEGER NOT NULL,
  status INTEGER NOT NULL, force_canceled INTEGER NOT NULL, reason_code TEXT, comment TEXT,
  description TEXT, targets_json TEXT NOT NULL, document_source TEXT, presigned_json TEXT,
  rollout_json TEXT, abort_json TEXT, timeout_json TEXT, retry_json TEXT, scheduling_json TEXT,
  namespace_id TEXT, job_template_arn TEXT, document_parameters_json TEXT NOT NULL,
  package_versions_json TEXT NOT NULL, created_at INTEGER NOT NULL, last_updated_at INTEGER NOT NULL,
  completed_at INTEGER, counts_json TEXT NOT NULL, processing_targets_json TEXT NOT NULL,
  is_concurrent INTEGER NOT NULL, row_version INTEGER NOT NULL);
CREATE INDEX jobs_created ON jobs (created_at DESC, job_id);
CREATE INDEX jobs_status ON jobs (status, created_at DESC, job_id);

CREATE TABLE job_documents (job_id TEXT PRIMARY KEY, document TEXT NOT NULL);

CREATE TABLE job_targets (
  job_id TEXT NOT NULL, target_arn TEXT NOT NULL, PRIMARY KEY (job_id, target_arn)) WITHOUT ROWID;
CREATE INDEX job_targets_arn ON job_targets (target_arn, job_id);

CREATE TABLE executions (
  job_id TEXT NOT NULL, thing_name TEXT NOT NULL, execution_number INTEGER NOT NULL,
  status INTEGER NOT NULL, force_canceled INTEGER NOT NULL, status_details_json TEXT,
  queued_at INTEGER NOT NULL, started_at INTEGER, last_updated_at INTEGER NOT NULL,
  version_number INTEGER NOT NULL, retry_attempt INTEGER NOT NULL, in_progress_deadline INTEGER,
  step_deadline INTEGER, namespace_id TEXT,
  PRIMARY KEY (job_id, thing_name, execution_number)) WITHOUT ROWID;
CREATE INDEX executions_thing ON executions (thing_name, status, queued_at);
CREATE INDEX executions_job_status ON executions (job_id, status);

CREATE TABLE job_templates (
  template_id TEXT PRIMARY KEY, arn TEXT NOT NULL, description TEXT NOT NULL, document TEXT,
  document_source TEXT, presigned_json TEXT, rollout_json TEXT, abort_json TEXT, timeout_json TEXT,
  retry_json TEXT, maintenance_windows_json TEXT, package_versions_json TEXT NOT NULL,
  created_at INTEGER NOT NULL);

CREATE TABLE tags (
  resource_arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (resource_arn, key)) WITHOUT ROWID;

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql",
    // 2: rollout progress (issue 3) and the queue of things a rollout has not reached yet.
    R"sql(
ALTER TABLE jobs ADD COLUMN rollout_notified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN rollout_remaining INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN rollout_minute_start INTEGER;
ALTER TABLE jobs ADD COLUMN rollout_in_minute INTEGER NOT NULL DEFAULT 0;
CREATE TABLE rollout_queue (
  job_id TEXT NOT NULL, seq INTEGER NOT NULL, thing_name TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)) WITHOUT ROWID;
CREATE INDEX executions_timed ON executions (job_id, thing_name, execution_number)
  WHERE in_progress_deadline IS NOT NULL OR step_deadline IS NOT NULL;
)sql",
    // 3: the rate of the current rollout minute, fixed when it began (numberOfSucceededThings can
    // grow within a minute; the minute's rate must not).
    R"sql(
ALTER TABLE jobs ADD COLUMN rollout_minute_rate INTEGER NOT NULL DEFAULT 0;
)sql",
};

Status Fail(std::string_view what, const Error& e) {
  return MakeError(ErrorCode::kInternal, std::string(what) + ": " + e.message);
}

}  // namespace

int LatestVersion() { return static_cast<int>(kMigrations.size()); }

Status Migrate(SqliteConnection& conn) { return Migrate(conn, kMigrations); }

Result<int> CurrentVersion(SqliteConnection& conn) {
  FJ_ASSIGN_OR_RETURN(std::string text, conn.QueryText("PRAGMA user_version"));
  int version = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return MakeError(ErrorCode::kInternal, "unreadable schema version: " + text);
  }
  return version;
}

Status Migrate(SqliteConnection& conn, std::span<const char* const> migrations) {
  const int latest = static_cast<int>(migrations.size());
  // Cheap check first so an up-to-date database never takes the write lock at start-up.
  FJ_ASSIGN_OR_RETURN(int version, CurrentVersion(conn));
  if (version == latest) return Status::Ok();

  FJ_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  auto rollback = [&](Status st) {
    (void)conn.Exec("ROLLBACK");
    return st;
  };
  auto current = CurrentVersion(conn);  // again, now under the write lock
  if (!current.ok()) return rollback(current.take_error());
  version = *current;
  if (version > latest) {
    return rollback(MakeError(ErrorCode::kInternal, "database schema version " + std::to_string(version) +
                                                        " is newer than this build of fleetjobs (" +
                                                        std::to_string(latest) + ")"));
  }
  for (int i = version; i < latest; ++i) {
    Status applied = conn.Exec(migrations[static_cast<size_t>(i)]);
    if (!applied.ok()) {
      return rollback(Fail("schema migration " + std::to_string(i + 1) + " failed", applied.error()));
    }
  }
  std::string set_version = "PRAGMA user_version = " + std::to_string(latest);
  Status set = conn.Exec(set_version.c_str());
  if (!set.ok()) return rollback(Fail("cannot record the schema version", set.error()));
  Status commit = conn.Exec("COMMIT");
  if (!commit.ok()) return rollback(Fail("cannot commit the schema migration", commit.error()));
  return Status::Ok();
}

}  // namespace fleetjobs::sqlite_schema
