// JobsPayloads: the JSON payloads of the MQTT jobs topics (digest §4.2), as the device SDKs parse
// them.
//
// They differ from the HTTP data plane in three places: `jobDocument` is a JSON object (a document
// that does not parse as JSON stays a string), every reply carries `timestamp` (integer epoch
// seconds, the time of sending) and echoes the request's `clientToken`, and an execution carries no
// approximateSecondsBeforeTimedOut. Summaries are the data plane's (reused from api/data_shapes).
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/clock.h"
#include "engine/device_service.h"
#include "engine/execution_view.h"
#include "model/job_execution.h"
#include "mqtt/rejected_code.h"

namespace fleetjobs::mqtt {

// The job document as it travels over MQTT: the parsed JSON, or the text itself if it does not
// parse.
boost::json::value DocumentValue(std::string_view document);

// Execution (MQTT): jobId, thingName, jobDocument (when the view has one), status, statusDetails,
// queuedAt, startedAt (once started), lastUpdatedAt, versionNumber, executionNumber.
boost::json::object EncodeExecution(const ExecutionView& view);
// {status, statusDetails, versionNumber}.
boost::json::object EncodeExecutionState(const JobExecution& e);

// get/accepted: {inProgressJobs, queuedJobs, timestamp, clientToken}.
std::string EncodePendingAccepted(const PendingExecutions& pending, Timestamp now,
                                  const std::optional<std::string>& client_token);
// start-next/accepted and {jobId}/get/accepted: {execution, timestamp, clientToken}; no
// `execution` when there is none ($next with nothing pending).
std::string EncodeExecutionAccepted(const std::optional<ExecutionView>& view, Timestamp now,
                                    const std::optional<std::string>& client_token);
// {jobId}/update/accepted: {executionState, jobDocument, timestamp, clientToken}, the first two
// only when requested.
std::string EncodeUpdateAccepted(const UpdateJobExecutionResult& result, Timestamp now,
                                 const std::optional<std::string>& client_token);
// …/rejected: {code, message, clientToken, timestamp, executionState}; executionState only when
// given (InvalidStateTransition, VersionMismatch).
std::string EncodeRejected(RejectedCode code, std::string_view message, Timestamp now,
                           const std::optional<std::string>& client_token,
                           const std::optional<JobExecution>& execution_state);
// notify: {timestamp, jobs: {"IN_PROGRESS": [Summary], "QUEUED": [Summary]}}, empty lists omitted.
std::string EncodeNotify(const PendingExecutions& pending, Timestamp now);
// notify-next: {timestamp, execution} or {timestamp} when nothing is pending.
std::string EncodeNotifyNext(const std::optional<ExecutionView>& next, Timestamp now);

}  // namespace fleetjobs::mqtt
