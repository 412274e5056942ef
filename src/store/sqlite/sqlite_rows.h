// SqliteRows: how each entity maps onto its row (sqlite_statements.h gives the column order).
//
// Bind* binds the columns of an INSERT/UPDATE in the order of the entity's column list; Read*
// decodes the current row of a SELECT of that list. Maps and lists are JSON text, configs use
// model/config_json (the same JSON the wire carries), timestamps are epoch milliseconds, enums
// their numeric values. A row that does not decode is corruption: kInternal.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "model/job.h"
#include "model/job_execution.h"
#include "model/job_template.h"
#include "model/thing.h"
#include "model/thing_group.h"
#include "store/sqlite/sqlite_query.h"

namespace fleetjobs::sqlite_rows {

void BindThing(SqliteQuery& q, const Thing& thing);
Result<Thing> ReadThing(const SqliteQuery& q);

void BindThingGroup(SqliteQuery& q, const ThingGroup& group);
Result<ThingGroup> ReadThingGroup(const SqliteQuery& q);

// The job row holds everything but the document (kept in job_documents so that counter updates do
// not rewrite it); ReadJob expects the document as the column after the job columns.
void BindJob(SqliteQuery& q, const Job& job);
Result<Job> ReadJob(const SqliteQuery& q);
// The schedulingConfig stored in column `col` (NULL: absent).
Result<std::optional<SchedulingConfig>> ReadSchedulingConfig(const SqliteQuery& q, int col);

void BindExecution(SqliteQuery& q, const JobExecution& execution);
Result<JobExecution> ReadExecution(const SqliteQuery& q);

void BindJobTemplate(SqliteQuery& q, const JobTemplate& tmpl);
Result<JobTemplate> ReadJobTemplate(const SqliteQuery& q);

// The JSON text of a string list as stored (job targets); compared to detect target changes.
std::string StringListJson(const std::vector<std::string>& list);

}  // namespace fleetjobs::sqlite_rows
