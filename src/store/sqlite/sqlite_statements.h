// Every SQL statement of the SQLite backend, by name (STYLE.md §11). The schema they run against
// is migration 1 in sqlite_schema.cpp.
//
// Statements are static text so each is prepared once per connection and cached by address.
// Optional filters use "(?N IS NULL OR col = ?N)"; pagination is keyset ("rows after the cursor's
// sort key"), never OFFSET, so a cursor stays valid while rows are inserted. A name-ordered page
// starts at "col > coalesce(?N, '')" (names are never empty) rather than "(?N IS NULL OR col > ?N)":
// the OR hides the range from the planner, which then walks every row before the cursor, making a
// walk over a million-row list quadratic. Parameters are bound
// positionally in the order the comment above each statement lists.
#pragma once

namespace fleetjobs::sql {

// ---- group commit: one savepoint per Transact call inside a batch's transaction ---------------
inline constexpr const char* kSavepoint = "SAVEPOINT fj_write";
inline constexpr const char* kReleaseSavepoint = "RELEASE fj_write";
inline constexpr const char* kRollbackToSavepoint = "ROLLBACK TO fj_write";

// ---- things -------------------------------------------------------------------------------------
#define FJ_THING_COLUMNS "name, id, arn, type, billing_group, attributes_json, version"
inline constexpr const char* kGetThing = "SELECT " FJ_THING_COLUMNS " FROM things WHERE name = ?1";
// Thing columns in order.
inline constexpr const char* kInsertThing =
    "INSERT INTO things (" FJ_THING_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr const char* kUpdateThing =
    "UPDATE things SET id = ?2, arn = ?3, type = ?4, billing_group = ?5, attributes_json = ?6, version = ?7 "
    "WHERE name = ?1";
inline constexpr const char* kDeleteThing = "DELETE FROM things WHERE name = ?1";
inline constexpr const char* kDeleteThingMemberships = "DELETE FROM memberships WHERE thing_name = ?1";
// ?1 after name, ?2 attribute name, ?3 attribute value (needs ?2), ?4 value is a prefix, ?5 type,
// ?6 limit.
inline constexpr const char* kListThings =
    "SELECT " FJ_THING_COLUMNS
    " FROM things WHERE name > coalesce(?1, '') "
    "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(things.attributes_json) a WHERE a.key = ?2 "
    "AND (?3 IS NULL OR (CASE WHEN ?4 THEN substr(a.value, 1, length(?3)) = ?3 ELSE a.value = ?3 END)))) "
    "AND (?5 IS NULL OR type = ?5) ORDER BY name LIMIT ?6";

// ---- thing groups -------------------------------------------------------------------------------
#define FJ_GROUP_COLUMNS "name, id, arn, parent, description, attributes_json, version, created_at"
inline constexpr const char* kGetThingGroup = "SELECT " FJ_GROUP_COLUMNS " FROM thing_groups WHERE name = ?1";
// Group columns in order.
inline constexpr const char* kInsertThingGroup =
    "INSERT INTO thing_groups (" FJ_GROUP_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
inline constexpr const char* kDeleteThingGroup = "DELETE FROM thing_groups WHERE name = ?1";
inline constexpr const char* kDeleteGroupMemberships = "DELETE FROM memberships WHERE group_name = ?1";
// ?1 after name, ?2 parent, ?3 name prefix, ?4 root only, ?5 limit.
inline constexpr const char* kListThingGroups =
    "SELECT " FJ_GROUP_COLUMNS
    " FROM thing_groups WHERE name > coalesce(?1, '') AND (?2 IS NULL OR parent = ?2) "
    "AND (?3 IS NULL OR substr(name, 1, length(?3)) = ?3) AND (?4 = 0 OR parent IS NULL) "
    "ORDER BY name LIMIT ?5";
// ?1 parent.
inline constexpr const char* kListChildGroups =
    "SELECT name FROM thing_groups WHERE parent = ?1 ORDER BY name";

// ---- memberships --------------------------------------------------------------------------------
// ?1 group, ?2 thing.
inline constexpr const char* kAddMembership =
    "INSERT OR IGNORE INTO memberships (group_name, thing_name) VALUES (?1, ?2)";
inline constexpr const char* kRemoveMembership =
    "DELETE FROM memberships WHERE group_name = ?1 AND thing_name = ?2";
// ?1 thing.
inline constexpr const char* kGroupsOfThing =
    "SELECT group_name FROM memberships WHERE thing_name = ?1 ORDER BY group_name";
// ?1 group, ?2 after thing, ?3 limit.
inline constexpr const char* kThingsInGroup =
    "SELECT thing_name FROM memberships WHERE group_name = ?1 AND thing_name > coalesce(?2, '') "
    "ORDER BY thing_name LIMIT ?3";

// ---- jobs ---------------------------------------------------------------------------------------
// The document lives in job_documents: counter updates rewrite the jobs row, not the document.
#define FJ_JOB_COLUMNS                                                                                  \
  "job_id, job_arn, target_selection, status, force_canceled, reason_code, comment, description, "      \
  "targets_json, document_source, presigned_json, rollout_json, abort_json, timeout_json, retry_json, " \
  "scheduling_json, namespace_id, job_template_arn, document_parameters_json, package_versions_json, "  \
  "created_at, last_updated_at, completed_at, counts_json, processing_targets_json, is_concurrent, "    \
  "row_version, rollout_notified, rollout_remaining, rollout_minute_start, rollout_in_minute, "         \
  "rollout_minute_rate"
#define FJ_JOB_SELECT      \
  "SELECT " FJ_JOB_COLUMNS \
  ", (SELECT d.document FROM job_documents d WHERE d.job_id = jobs.job_id) FROM jobs "
// ?1 job id.
inline constexpr const char* kGetJob = FJ_JOB_SELECT "WHERE job_id = ?1";
// ?1 job id.
inline constexpr const char* kGetJobScheduling = "SELECT scheduling_json FROM jobs WHERE job_id = ?1";
// Job columns in order.
inline constexpr const char* kInsertJob =
    "INSERT INTO jobs (" FJ_JOB_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
    "?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)";
// Job columns in order.
inline constexpr const char* kUpdateJob =
    "UPDATE jobs SET job_arn = ?2, target_selection = ?3, status = ?4, force_canceled = ?5, "
    "reason_code = ?6, comment = ?7, description = ?8, targets_json = ?9, document_source = ?10, "
    "presigned_json = ?11, rollout_json = ?12, abort_json = ?13, timeout_json = ?14, retry_json = ?15, "
    "scheduling_json = ?16, namespace_id = ?17, job_template_arn = ?18, document_parameters_json = ?19, "
    "package_versions_json = ?20, created_at = ?21, last_updated_at = ?22, completed_at = ?23, "
    "counts_json = ?24, processing_targets_json = ?25, is_concurrent = ?26, row_version = ?27, "
    "rollout_notified = ?28, rollout_remaining = ?29, rollout_minute_start = ?30, rollout_in_minute = ?31, "
    "rollout_minute_rate = ?32 "
    "WHERE job_id = ?1";
// ?1 job id.
inline constexpr const char* kGetJobTargetsJson = "SELECT targets_json FROM jobs WHERE job_id = ?1";
inline constexpr const char* kDeleteJob = "DELETE FROM jobs WHERE job_id = ?1";
inline constexpr const char* kDeleteJobDocument = "DELETE FROM job_documents WHERE job_id = ?1";
inline constexpr const char* kDeleteJobExecutions = "DELETE FROM executions WHERE job_id = ?1";
inline constexpr const char* kDeleteJobTargets = "DELETE FROM job_targets WHERE job_id = ?1";
inline constexpr const char* kDeleteJobRolloutQueue = "DELETE FROM rollout_queue WHERE job_id = ?1";

// ---- rollout queue ------------------------------------------------------------------------------
// ?1 job id.
inline constexpr const char* kRolloutQueueTail =
    "SELECT COALESCE(MAX(seq), 0) FROM rollout_queue WHERE job_id = ?1";
// ?1 job id, ?2 seq, ?3 thing name.
inline constexpr const char* kRolloutQueueInsert =
    "INSERT INTO rollout_queue (job_id, seq, thing_name) VALUES (?1, ?2, ?3)";
// ?1 job id, ?2 limit.
inline constexpr const char* kRolloutQueueHead =
    "SELECT seq, thing_name FROM rollout_queue WHERE job_id = ?1 ORDER BY seq LIMIT ?2";
// ?1 job id, ?2 last seq taken.
inline constexpr const char* kRolloutQueuePop = "DELETE FROM rollout_queue WHERE job_id = ?1 AND seq <= ?2";
// ?1 job id, ?2 document. Writes nothing when the document is unchanged.
inline constexpr const char* kPutJobDocument =
    "INSERT INTO job_documents (job_id, document) VALUES (?1, ?2) ON CONFLICT (job_id) DO UPDATE "
    "SET document = excluded.document WHERE job_documents.document IS NOT excluded.document";
// ?1 job id, ?2 target ARN.
inline constexpr const char* kInsertJobTarget =
    "INSERT OR IGNORE INTO job_targets (job_id, target_arn) VALUES (?1, ?2)";
// ?1 after created_at, ?2 after job id, ?3 status, ?4 target selection, ?5 namespace,
// ?6 target ARN, ?7 limit.
// The cursor's "created_at <= ..." is a range the planner seeks to in jobs_created; the OR after it
// only drops the rows of the cursor's own millisecond already listed (a bare OR scans from the start).
inline constexpr const char* kListJobs = FJ_JOB_SELECT
    "WHERE created_at <= coalesce(?1, 9223372036854775807) "
    "AND (?1 IS NULL OR created_at < ?1 OR job_id > ?2) "
    "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR target_selection = ?4) "
    "AND (?5 IS NULL OR namespace_id = ?5) "
    "AND (?6 IS NULL OR job_id IN (SELECT t.job_id FROM job_targets t WHERE t.target_arn = ?6)) "
    "ORDER BY created_at DESC, job_id LIMIT ?7";
// kListJobs when ?6 (target ARN) is set: the same parameters, but driven by job_targets_arn, so
// the cost follows the jobs targeting the ARN rather than every job (kListJobs's "?6 IS NULL OR"
// makes SQLite scan jobs_created).
inline constexpr const char* kListJobsByTarget = FJ_JOB_SELECT
    "WHERE job_id IN (SELECT t.job_id FROM job_targets t WHERE t.target_arn = ?6) "
    "AND (?1 IS NULL OR created_at < ?1 OR (created_at = ?1 AND job_id > ?2)) "
    "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR target_selection = ?4) "
    "AND (?5 IS NULL OR namespace_id = ?5) "
    "ORDER BY created_at DESC, job_id LIMIT ?7";
// ?1 status.
inline constexpr const char* kCountJobs = "SELECT COUNT(*) FROM jobs WHERE status = ?1";

// ---- executions ---------------------------------------------------------------------------------
#define FJ_EXECUTION_COLUMNS                                                                          \
  "job_id, thing_name, execution_number, status, force_canceled, status_details_json, queued_at, "    \
  "started_at, last_updated_at, version_number, retry_attempt, in_progress_deadline, step_deadline, " \
  "namespace_id"
// True for the highest-numbered execution of its (job, thing); the table is aliased e.
#define FJ_EXECUTION_IS_LATEST                                                \
  "e.execution_number = (SELECT MAX(e2.execution_number) FROM executions e2 " \
  "WHERE e2.job_id = e.job_id AND e2.thing_name = e.thing_name)"
// ?1 job id, ?2 thing name, ?3 execution number.
inline constexpr const char* kGetExecution =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions WHERE job_id = ?1 AND thing_name = ?2 AND execution_number = ?3";
// ?1 job id, ?2 thing name.
inline constexpr const char* kGetLatestExecution =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions WHERE job_id = ?1 AND thing_name = ?2 ORDER BY execution_number DESC LIMIT 1";
// Execution columns in order.
inline constexpr const char* kInsertExecution =
    "INSERT INTO executions (" FJ_EXECUTION_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
inline constexpr const char* kUpdateExecution =
    "UPDATE executions SET status = ?4, force_canceled = ?5, status_details_json = ?6, queued_at = ?7, "
    "started_at = ?8, last_updated_at = ?9, version_number = ?10, retry_attempt = ?11, "
    "in_progress_deadline = ?12, step_deadline = ?13, namespace_id = ?14 "
    "WHERE job_id = ?1 AND thing_name = ?2 AND execution_number = ?3";
// ?1 job id, ?2 thing name, ?3 execution number.
inline constexpr const char* kDeleteExecution =
    "DELETE FROM executions WHERE job_id = ?1 AND thing_name = ?2 AND execution_number = ?3";
// ?1 job id, ?2 after thing name, ?3 after execution number, ?4 status, ?5 latest only, ?6 limit.
inline constexpr const char* kListExecutionsForJob =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions e WHERE job_id = ?1 AND (thing_name, execution_number) > (coalesce(?2, ''), "
    "coalesce(?3, 0)) "
    "AND (?4 IS NULL OR status = ?4) AND (?5 = 0 OR " FJ_EXECUTION_IS_LATEST
    ") ORDER BY thing_name, execution_number LIMIT ?6";
// ?1 after job id, ?2 after thing name, ?3 after execution number, ?4 limit.
inline constexpr const char* kListTimedExecutions =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions WHERE (in_progress_deadline IS NOT NULL OR step_deadline IS NOT NULL) "
    "AND (job_id, thing_name, execution_number) > (coalesce(?1, ''), coalesce(?2, ''), coalesce(?3, 0)) "
    "ORDER BY job_id, thing_name, execution_number LIMIT ?4";
// ?1 thing name, ?2 after queued_at, ?3 after job id, ?4 after execution number, ?5 status,
// ?6 namespace, ?7 job id, ?8 latest only, ?9 limit.
inline constexpr const char* kListExecutionsForThing =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions e WHERE thing_name = ?1 "
    "AND (?2 IS NULL OR queued_at < ?2 OR (queued_at = ?2 AND (job_id, execution_number) > (?3, ?4))) "
    "AND (?5 IS NULL OR status = ?5) AND (?6 IS NULL OR namespace_id = ?6) AND (?7 IS NULL OR job_id = ?7) "
    "AND (?8 = 0 OR " FJ_EXECUTION_IS_LATEST ") ORDER BY queued_at DESC, job_id, execution_number LIMIT ?9";
// ?1 thing name, ?2 QUEUED, ?3 IN_PROGRESS, ?4 limit.
// ?1 thing, ?2 status, ?3 limit: one status in $next order. Two of these (IN_PROGRESS, then
// QUEUED) walk executions_thing in index order; one query over both statuses needed a sort.
inline constexpr const char* kListPendingForThing = "SELECT " FJ_EXECUTION_COLUMNS
                                                    " FROM executions WHERE thing_name = ?1 AND status = ?2 "
                                                    "ORDER BY queued_at, job_id, execution_number LIMIT ?3";

// ---- job templates ------------------------------------------------------------------------------
#define FJ_TEMPLATE_COLUMNS                                                                              \
  "template_id, arn, description, document, document_source, presigned_json, rollout_json, abort_json, " \
  "timeout_json, retry_json, maintenance_windows_json, package_versions_json, created_at"
// ?1 template id.
inline constexpr const char* kGetTemplate =
    "SELECT " FJ_TEMPLATE_COLUMNS " FROM job_templates WHERE template_id = ?1";
// Template columns in order.
inline constexpr const char* kInsertTemplate =
    "INSERT INTO job_templates (" FJ_TEMPLATE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
inline constexpr const char* kDeleteTemplate = "DELETE FROM job_templates WHERE template_id = ?1";
// ?1 after template id, ?2 limit.
inline constexpr const char* kListTemplates =
    "SELECT " FJ_TEMPLATE_COLUMNS
    " FROM job_templates WHERE template_id > coalesce(?1, '') ORDER BY template_id LIMIT ?2";

// ---- tags and settings --------------------------------------------------------------------------
// ?1 resource ARN.
inline constexpr const char* kGetTags = "SELECT key, value FROM tags WHERE resource_arn = ?1 ORDER BY key";
inline constexpr const char* kDeleteAllTags = "DELETE FROM tags WHERE resource_arn = ?1";
// ?1 resource ARN, ?2 key, ?3 value.
inline constexpr const char* kPutTag =
    "INSERT INTO tags (resource_arn, key, value) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value";
// ?1 resource ARN, ?2 key.
inline constexpr const char* kRemoveTag = "DELETE FROM tags WHERE resource_arn = ?1 AND key = ?2";
// ?1 key.
inline constexpr const char* kGetSetting = "SELECT value FROM settings WHERE key = ?1";
// ?1 key, ?2 value.
inline constexpr const char* kPutSetting =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

#undef FJ_THING_COLUMNS
#undef FJ_GROUP_COLUMNS
#undef FJ_JOB_COLUMNS
#undef FJ_JOB_SELECT
#undef FJ_EXECUTION_COLUMNS
#undef FJ_EXECUTION_IS_LATEST
#undef FJ_TEMPLATE_COLUMNS

}  // namespace fleetjobs::sql
