// EventPayloads: topics and payloads of the job and job-execution events on `$aws/events/...`
// (digest §4.3). Stateless; thread-safe.
//
//   $aws/events/job/{jobId}/{operation}           operation: completed, canceled,
//                                                 cancellation_in_progress, deletion_in_progress,
//                                                 deleted
//   $aws/events/jobExecution/{jobId}/{operation}  operation: succeeded, failed, rejected, canceled,
//                                                 timed_out, removed, deleted
//
// Every payload has eventType (JOB / JOB_EXECUTION), eventId (a UUID), timestamp (integer epoch
// seconds), operation and jobId. Job events add status (the operation in upper case), targetSelection,
// targets, description, createdAt, lastUpdatedAt and, for `completed`, completedAt and
// jobProcessDetails (canceled/succeeded/failed/rejected/removed/timed-out counts), for the others
// `comment` when the job has one. The job times are epoch milliseconds, as in AWS's examples
// (docs/mqtt.md). Execution events add thingArn, status and statusDetails.
#pragma once

#include <string>
#include <string_view>

#include "common/clock.h"
#include "model/job.h"
#include "model/job_execution.h"

namespace fleetjobs::mqtt {

std::string JobEventTopic(std::string_view job_id, std::string_view operation);
std::string ExecutionEventTopic(std::string_view job_id, std::string_view operation);

std::string EncodeJobEvent(const Job& job, std::string_view operation, std::string_view event_id,
                           Timestamp now);
std::string EncodeExecutionEvent(std::string_view job_id, std::string_view thing_arn,
                                 std::string_view operation, const StatusDetails& status_details,
                                 std::string_view event_id, Timestamp now);

// The operation (topic level) of an execution ending in `status`: "succeeded", "timed_out", ...;
// empty for QUEUED and IN_PROGRESS.
std::string_view ExecutionEventOperation(ExecutionStatus status);

}  // namespace fleetjobs::mqtt
