#include "api/data_shapes.h"

#include "api/shape_helpers.h"
#include "api/wire_enums.h"
#include "api/wire_time.h"

namespace fleetjobs::api::data {
namespace json = boost::json;

json::object EncodeJobExecution(const ExecutionView& view) {
  const JobExecution& e = view.execution;
  json::object o;
  o["jobId"] = e.job_id;
  o["thingName"] = e.thing_name;
  o["status"] = ExecutionStatusName(e.status);
  o["statusDetails"] = StringMapToJson(e.status_details);
  o["queuedAt"] = DataTime(e.queued_at);
  if (e.started_at) o["startedAt"] = DataTime(*e.started_at);
  o["lastUpdatedAt"] = DataTime(e.last_updated_at);
  if (view.approximate_seconds_before_timed_out) {
    o["approximateSecondsBeforeTimedOut"] = *view.approximate_seconds_before_timed_out;
  }
  o["versionNumber"] = e.version_number;
  o["executionNumber"] = e.execution_number;
  if (view.job_document) o["jobDocument"] = *view.job_document;
  return o;
}

json::object EncodeJobExecutionSummary(const JobExecution& e) {
  json::object o;
  o["jobId"] = e.job_id;
  o["queuedAt"] = DataTime(e.queued_at);
  if (e.started_at) o["startedAt"] = DataTime(*e.started_at);
  o["lastUpdatedAt"] = DataTime(e.last_updated_at);
  o["versionNumber"] = e.version_number;
  o["executionNumber"] = e.execution_number;
  return o;
}

json::object EncodeJobExecutionState(const JobExecution& e) {
  json::object o;
  o["status"] = ExecutionStatusName(e.status);
  o["statusDetails"] = StringMapToJson(e.status_details);
  o["versionNumber"] = e.version_number;
  return o;
}

}  // namespace fleetjobs::api::data
