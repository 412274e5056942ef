// Every SQL statement of the SQLite backend, by name (STYLE.md §11). Filters use
// "(?N IS NULL OR col = ?N)" so each statement stays static and cacheable; pagination is keyset.
#pragma once

namespace fleetjobs::sql {

// ---- things -------------------------------------------------------------------------------
inline constexpr const char* kGetThing =
    "SELECT name, id, arn, type, billing_group, attributes_json, version FROM things WHERE name = ?1";
inline constexpr const char* kInsertThing =
    "INSERT INTO things (name, id, arn, type, billing_group, attributes_json, version) VALUES "
    "(?1,?2,?3,?4,?5,?6,?7)";
inline constexpr const char* kUpdateThing =
    "UPDATE things SET id=?2, arn=?3, type=?4, billing_group=?5, attributes_json=?6, version=?7 WHERE "
    "name=?1";
inline constexpr const char* kDeleteThing = "DELETE FROM things WHERE name = ?1";
inline constexpr const char* kDeleteThingMemberships = "DELETE FROM memberships WHERE thing_name = ?1";
// ?1 after, ?2 attribute name, ?3 attribute value, ?4 prefix match, ?5 type, ?6 limit
inline constexpr const char* kListThings =
    "SELECT name, id, arn, type, billing_group, attributes_json, version FROM things "
    "WHERE (?1 IS NULL OR name > ?1) "
    "AND (?2 IS NULL OR json_extract(attributes_json, '$.\"' || ?2 || '\"') IS NOT NULL) "
    "AND (?3 IS NULL OR (CASE WHEN ?4 THEN substr(json_extract(attributes_json, '$.\"' || ?2 || '\"'), 1, "
    "length(?3)) = ?3 ELSE json_extract(attributes_json, '$.\"' || ?2 || '\"') = ?3 END)) "
    "AND (?5 IS NULL OR type = ?5) ORDER BY name LIMIT ?6";

// ---- thing groups ---------------------------------------------------------------------------
inline constexpr const char* kGetThingGroup =
    "SELECT name, id, arn, parent, description, attributes_json, version, created_at FROM thing_groups WHERE "
    "name=?1";
inline constexpr const char* kInsertThingGroup =
    "INSERT INTO thing_groups (name, id, arn, parent, description, attributes_json, version, created_at) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
inline constexpr const char* kDeleteThingGroup = "DELETE FROM thing_groups WHERE name = ?1";
inline constexpr const char* kDeleteGroupMemberships = "DELETE FROM memberships WHERE group_name = ?1";
// ?1 after, ?2 parent, ?3 name prefix, ?4 root only, ?5 limit
inline constexpr const char* kListThingGroups =
    "SELECT name, id, arn, parent, description, attributes_json, version, created_at FROM thing_groups "
    "WHERE (?1 IS NULL OR name > ?1) AND (?2 IS NULL OR parent = ?2) "
    "AND (?3 IS NULL OR substr(name, 1, length(?3)) = ?3) AND (?4 = 0 OR parent IS NULL) ORDER BY name LIMIT "
    "?5";
inline constexpr const char* kListChildGroups =
    "SELECT name FROM thing_groups WHERE parent = ?1 ORDER BY name";

// ---- memberships ----------------------------------------------------------------------------
inline constexpr const char* kAddMembership =
    "INSERT OR IGNORE INTO memberships (group_name, thing_name) VALUES (?1, ?2)";
inline constexpr const char* kRemoveMembership =
    "DELETE FROM memberships WHERE group_name = ?1 AND thing_name = ?2";
inline constexpr const char* kGroupsOfThing =
    "SELECT group_name FROM memberships WHERE thing_name = ?1 ORDER BY group_name";
inline constexpr const char* kThingsInGroup =
    "SELECT thing_name FROM memberships WHERE group_name = ?1 AND (?2 IS NULL OR thing_name > ?2) "
    "ORDER BY thing_name LIMIT ?3";

// ---- jobs -----------------------------------------------------------------------------------
#define FJ_JOB_COLUMNS                                                                                       \
  "job_id, job_arn, target_selection, status, force_canceled, reason_code, comment, description, "           \
  "targets_json, document, document_source, presigned_json, rollout_json, abort_json, timeout_json, "        \
  "retry_json, scheduling_json, namespace_id, job_template_arn, document_parameters_json, "                  \
  "package_versions_json, created_at, last_updated_at, completed_at, counts_json, processing_targets_json, " \
  "is_concurrent, row_version"
inline constexpr const char* kGetJob = "SELECT " FJ_JOB_COLUMNS " FROM jobs WHERE job_id = ?1";
inline constexpr const char* kInsertJob = "INSERT INTO jobs (" FJ_JOB_COLUMNS
                                          ") VALUES "
                                          "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?"
                                          "19,?20,?21,?22,?23,?24,?25,?26,?27,?28)";
inline constexpr const char* kUpdateJob =
    "UPDATE jobs SET job_arn=?2, target_selection=?3, status=?4, force_canceled=?5, reason_code=?6, "
    "comment=?7, "
    "description=?8, targets_json=?9, document=?10, document_source=?11, presigned_json=?12, "
    "rollout_json=?13, "
    "abort_json=?14, timeout_json=?15, retry_json=?16, scheduling_json=?17, namespace_id=?18, "
    "job_template_arn=?19, "
    "document_parameters_json=?20, package_versions_json=?21, created_at=?22, last_updated_at=?23, "
    "completed_at=?24, counts_json=?25, processing_targets_json=?26, is_concurrent=?27, row_version=?28 "
    "WHERE job_id=?1";
inline constexpr const char* kDeleteJob = "DELETE FROM jobs WHERE job_id = ?1";
inline constexpr const char* kDeleteJobExecutions = "DELETE FROM executions WHERE job_id = ?1";
inline constexpr const char* kDeleteJobTargets = "DELETE FROM job_targets WHERE job_id = ?1";
inline constexpr const char* kInsertJobTarget =
    "INSERT OR IGNORE INTO job_targets (job_id, target_arn) VALUES (?1, ?2)";
// ?1 cursor created_at, ?2 cursor job_id, ?3 status, ?4 target selection, ?5 namespace, ?6 target arn, ?7
// limit
inline constexpr const char* kListJobs =
    "SELECT " FJ_JOB_COLUMNS
    " FROM jobs WHERE (?1 IS NULL OR created_at < ?1 OR (created_at = ?1 AND job_id > ?2)) "
    "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR target_selection = ?4) "
    "AND (?5 IS NULL OR namespace_id = ?5) "
    "AND (?6 IS NULL OR job_id IN (SELECT job_id FROM job_targets WHERE target_arn = ?6)) "
    "ORDER BY created_at DESC, job_id LIMIT ?7";
inline constexpr const char* kCountJobs = "SELECT COUNT(*) FROM jobs WHERE status = ?1";

// ---- executions -----------------------------------------------------------------------------
#define FJ_EXECUTION_COLUMNS                                                                          \
  "job_id, thing_name, execution_number, status, force_canceled, status_details_json, queued_at, "    \
  "started_at, last_updated_at, version_number, retry_attempt, in_progress_deadline, step_deadline, " \
  "namespace_id"
inline constexpr const char* kGetExecution =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions WHERE job_id = ?1 AND thing_name = ?2 AND execution_number = ?3";
inline constexpr const char* kGetLatestExecution = "SELECT " FJ_EXECUTION_COLUMNS
                                                   " FROM executions WHERE job_id = ?1 AND thing_name = ?2 "
                                                   "ORDER BY execution_number DESC LIMIT 1";
inline constexpr const char* kInsertExecution = "INSERT INTO executions (" FJ_EXECUTION_COLUMNS
                                                ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)";
inline constexpr const char* kUpdateExecution =
    "UPDATE executions SET status=?4, force_canceled=?5, status_details_json=?6, queued_at=?7, "
    "started_at=?8, "
    "last_updated_at=?9, version_number=?10, retry_attempt=?11, in_progress_deadline=?12, step_deadline=?13, "
    "namespace_id=?14 WHERE job_id=?1 AND thing_name=?2 AND execution_number=?3";
inline constexpr const char* kDeleteExecution =
    "DELETE FROM executions WHERE job_id = ?1 AND thing_name = ?2 AND execution_number = ?3";
inline constexpr const char* kLatestOnly =
    "execution_number = (SELECT MAX(e2.execution_number) FROM executions e2 "
    "WHERE e2.job_id = e.job_id AND e2.thing_name = e.thing_name)";
// ?1 job, ?2 cursor thing, ?3 cursor number, ?4 status, ?5 latest only, ?6 limit
inline constexpr const char* kListExecutionsForJob =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions e WHERE job_id = ?1 AND (?2 IS NULL OR (thing_name, execution_number) > (?2, ?3)) "
    "AND (?4 IS NULL OR status = ?4) AND (?5 = 0 OR execution_number = (SELECT MAX(e2.execution_number) "
    "FROM executions e2 WHERE e2.job_id = e.job_id AND e2.thing_name = e.thing_name)) "
    "ORDER BY thing_name, execution_number LIMIT ?6";
// ?1 thing, ?2 cursor queued_at, ?3 cursor job, ?4 cursor number, ?5 status, ?6 namespace, ?7 job filter,
// ?8 latest only, ?9 limit
inline constexpr const char* kListExecutionsForThing =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions e WHERE thing_name = ?1 "
    "AND (?2 IS NULL OR queued_at < ?2 OR (queued_at = ?2 AND (job_id, execution_number) > (?3, ?4))) "
    "AND (?5 IS NULL OR status = ?5) AND (?6 IS NULL OR namespace_id = ?6) AND (?7 IS NULL OR job_id = ?7) "
    "AND (?8 = 0 OR execution_number = (SELECT MAX(e2.execution_number) FROM executions e2 "
    "WHERE e2.job_id = e.job_id AND e2.thing_name = e.thing_name)) "
    "ORDER BY queued_at DESC, job_id, execution_number LIMIT ?9";
inline constexpr const char* kListPendingForThing =
    "SELECT " FJ_EXECUTION_COLUMNS
    " FROM executions WHERE thing_name = ?1 AND status IN (0, 1) "
    "ORDER BY CASE status WHEN 1 THEN 0 ELSE 1 END, queued_at, job_id LIMIT ?2";

// ---- job templates --------------------------------------------------------------------------
#define FJ_TEMPLATE_COLUMNS                                                                              \
  "template_id, arn, description, document, document_source, presigned_json, rollout_json, abort_json, " \
  "timeout_json, retry_json, maintenance_windows_json, package_versions_json, created_at"
inline constexpr const char* kGetTemplate =
    "SELECT " FJ_TEMPLATE_COLUMNS " FROM job_templates WHERE template_id = ?1";
inline constexpr const char* kInsertTemplate =
    "INSERT INTO job_templates (" FJ_TEMPLATE_COLUMNS ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)";
inline constexpr const char* kDeleteTemplate = "DELETE FROM job_templates WHERE template_id = ?1";
inline constexpr const char* kListTemplates = "SELECT " FJ_TEMPLATE_COLUMNS
                                              " FROM job_templates WHERE (?1 IS NULL OR template_id > ?1) "
                                              "ORDER BY template_id LIMIT ?2";

// ---- tags and settings ----------------------------------------------------------------------
inline constexpr const char* kGetTags = "SELECT key, value FROM tags WHERE resource_arn = ?1 ORDER BY key";
inline constexpr const char* kPutTag =
    "INSERT INTO tags (resource_arn, key, value) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value";
inline constexpr const char* kRemoveTag = "DELETE FROM tags WHERE resource_arn = ?1 AND key = ?2";
inline constexpr const char* kDeleteAllTags = "DELETE FROM tags WHERE resource_arn = ?1";
inline constexpr const char* kGetSetting = "SELECT value FROM settings WHERE key = ?1";
inline constexpr const char* kPutSetting =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = "
    "excluded.value";

}  // namespace fleetjobs::sql
