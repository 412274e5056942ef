#include "mqtt/jobs_payloads.h"

#include <boost/json.hpp>

#include "api/data_shapes.h"
#include "api/json_writer.h"
#include "api/shape_helpers.h"
#include "api/wire_enums.h"
#include "api/wire_time.h"

namespace fleetjobs::mqtt {
namespace json = boost::json;
namespace {

void AddEnvelope(json::object& o, Timestamp now, const std::optional<std::string>& client_token) {
  o["timestamp"] = api::DataTime(now);
  if (client_token) o["clientToken"] = *client_token;
}

json::array Summaries(const std::vector<JobExecution>& executions) {
  json::array a;
  a.reserve(executions.size());
  for (const JobExecution& e : executions) a.push_back(api::data::EncodeJobExecutionSummary(e));
  return a;
}

}  // namespace

json::value DocumentValue(std::string_view document) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(document.data(), document.size()), ec);
  if (ec) return json::value(json::string(document));
  return v;
}

// The data plane's JobExecution with the document as a JSON object, as device SDKs read it over MQTT.
json::object EncodeExecution(const ExecutionView& view) {
  json::object o = api::data::EncodeJobExecution(view);
  if (view.job_document) o["jobDocument"] = DocumentValue(*view.job_document);
  return o;
}

json::object EncodeExecutionState(const JobExecution& e) { return api::data::EncodeJobExecutionState(e); }

std::string EncodePendingAccepted(const PendingExecutions& pending, Timestamp now,
                                  const std::optional<std::string>& client_token) {
  json::object o;
  o["inProgressJobs"] = Summaries(pending.in_progress);
  o["queuedJobs"] = Summaries(pending.queued);
  AddEnvelope(o, now, client_token);
  return api::WriteJson(o);
}

std::string EncodeExecutionAccepted(const std::optional<ExecutionView>& view, Timestamp now,
                                    const std::optional<std::string>& client_token) {
  json::object o;
  if (view) o["execution"] = EncodeExecution(*view);
  AddEnvelope(o, now, client_token);
  return api::WriteJson(o);
}

std::string EncodeUpdateAccepted(const UpdateJobExecutionResult& result, Timestamp now,
                                 const std::optional<std::string>& client_token) {
  json::object o;
  if (result.execution_state) o["executionState"] = EncodeExecutionState(*result.execution_state);
  if (result.job_document) o["jobDocument"] = DocumentValue(*result.job_document);
  AddEnvelope(o, now, client_token);
  return api::WriteJson(o);
}

std::string EncodeRejected(RejectedCode code, std::string_view message, Timestamp now,
                           const std::optional<std::string>& client_token,
                           const std::optional<JobExecution>& execution_state) {
  json::object o;
  o["code"] = RejectedCodeName(code);
  o["message"] = message;
  AddEnvelope(o, now, client_token);
  if (execution_state) o["executionState"] = EncodeExecutionState(*execution_state);
  return api::WriteJson(o);
}

std::string EncodeNotify(const PendingExecutions& pending, Timestamp now) {
  json::object jobs;
  if (!pending.in_progress.empty()) jobs["IN_PROGRESS"] = Summaries(pending.in_progress);
  if (!pending.queued.empty()) jobs["QUEUED"] = Summaries(pending.queued);
  json::object o;
  o["timestamp"] = api::DataTime(now);
  o["jobs"] = std::move(jobs);
  return api::WriteJson(o);
}

std::string EncodeNotifyNext(const std::optional<ExecutionView>& next, Timestamp now) {
  json::object o;
  o["timestamp"] = api::DataTime(now);
  if (next) o["execution"] = EncodeExecution(*next);
  return api::WriteJson(o);
}

}  // namespace fleetjobs::mqtt
