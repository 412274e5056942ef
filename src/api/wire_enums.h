// WireEnums: the AWS spellings of the job, execution and target-selection enums. These strings
// ("IN_PROGRESS", "SNAPSHOT", ...) appear nowhere else in fleetjobs. Stateless; thread-safe.
#pragma once

#include <string_view>

#include "common/result.h"
#include "model/execution_status.h"
#include "model/job.h"
#include "model/job_status.h"

namespace fleetjobs::api {

std::string_view JobStatusName(JobStatus s);
std::string_view ExecutionStatusName(ExecutionStatus s);
std::string_view TargetSelectionName(TargetSelection t);

// Exact (case-sensitive) AWS spellings; anything else is kInvalidRequest naming `field` and
// listing the accepted values.
Result<JobStatus> ParseJobStatus(std::string_view s, std::string_view field);
Result<ExecutionStatus> ParseExecutionStatus(std::string_view s, std::string_view field);
Result<TargetSelection> ParseTargetSelection(std::string_view s, std::string_view field);

}  // namespace fleetjobs::api
