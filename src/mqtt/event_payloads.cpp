#include "mqtt/event_payloads.h"

#include <boost/json.hpp>
#include <cctype>

#include "api/json_writer.h"
#include "api/shape_helpers.h"
#include "api/wire_enums.h"
#include "api/wire_time.h"

namespace fleetjobs::mqtt {
namespace json = boost::json;
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

json::object Envelope(std::string_view type, std::string_view operation, std::string_view event_id,
                      std::string_view job_id, Timestamp now) {
  json::object o;
  o["eventType"] = type;
  o["eventId"] = event_id;
  o["timestamp"] = api::DataTime(now);
  o["operation"] = operation;
  o["jobId"] = job_id;
  return o;
}

}  // namespace

std::string JobEventTopic(std::string_view job_id, std::string_view operation) {
  return "$aws/events/job/" + std::string(job_id) + "/" + std::string(operation);
}

std::string ExecutionEventTopic(std::string_view job_id, std::string_view operation) {
  return "$aws/events/jobExecution/" + std::string(job_id) + "/" + std::string(operation);
}

std::string EncodeJobEvent(const Job& job, std::string_view operation, std::string_view event_id,
                           Timestamp now) {
  json::object o = Envelope("JOB", operation, event_id, job.job_id, now);
  o["status"] = Upper(operation);
  o["targetSelection"] = api::TargetSelectionName(job.target_selection);
  o["targets"] = api::StringListToJson(job.targets);
  if (job.description) o["description"] = *job.description;
  o["createdAt"] = ToEpochMillis(job.created_at);
  o["lastUpdatedAt"] = ToEpochMillis(job.last_updated_at);
  if (operation == "completed") {
    if (job.completed_at) o["completedAt"] = ToEpochMillis(*job.completed_at);
    const JobProcessDetails& d = job.process_details;
    json::object details;
    details["numberOfCanceledThings"] = d[ExecutionStatus::kCanceled];
    details["numberOfSucceededThings"] = d[ExecutionStatus::kSucceeded];
    details["numberOfFailedThings"] = d[ExecutionStatus::kFailed];
    details["numberOfRejectedThings"] = d[ExecutionStatus::kRejected];
    details["numberOfRemovedThings"] = d[ExecutionStatus::kRemoved];
    details["numberOfTimedOutThings"] = d[ExecutionStatus::kTimedOut];
    o["jobProcessDetails"] = std::move(details);
  } else if (job.comment) {
    o["comment"] = *job.comment;
  }
  return api::WriteJson(o);
}

std::string EncodeExecutionEvent(std::string_view job_id, std::string_view thing_arn,
                                 std::string_view operation, const StatusDetails& status_details,
                                 std::string_view event_id, Timestamp now) {
  json::object o = Envelope("JOB_EXECUTION", operation, event_id, job_id, now);
  o["thingArn"] = thing_arn;
  o["status"] = Upper(operation);
  o["statusDetails"] = api::StringMapToJson(status_details);
  return api::WriteJson(o);
}

std::string_view ExecutionEventOperation(ExecutionStatus status) {
  switch (status) {
    case ExecutionStatus::kSucceeded:
      return "succeeded";
    case ExecutionStatus::kFailed:
      return "failed";
    case ExecutionStatus::kRejected:
      return "rejected";
    case ExecutionStatus::kCanceled:
      return "canceled";
    case ExecutionStatus::kTimedOut:
      return "timed_out";
    case ExecutionStatus::kRemoved:
      return "removed";
    case ExecutionStatus::kQueued:
    case ExecutionStatus::kInProgress:
      break;
  }
  return {};
}

}  // namespace fleetjobs::mqtt
