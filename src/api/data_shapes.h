// DataShapes: encoders of the `iot-jobs-data` (data plane) response shapes (digest §3).
//
// JobExecution, data form: thingName (not thingArn), a flat statusDetails map, times as integer
// epoch seconds, jobDocument as a JSON string when present. Summaries carry no status. Unset
// members are omitted. Stateless; thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "engine/execution_view.h"
#include "model/job_execution.h"

namespace fleetjobs::api::data {

boost::json::object EncodeJobExecution(const ExecutionView& view);
boost::json::object EncodeJobExecutionSummary(const JobExecution& e);
// JobExecutionState (UpdateJobExecution `executionState`): status, statusDetails, versionNumber.
boost::json::object EncodeJobExecutionState(const JobExecution& e);

}  // namespace fleetjobs::api::data
