#include "mqtt/mqtt_jobs_handler.h"

#include "mqtt/jobs_payloads.h"

namespace fleetjobs::mqtt {

MqttReply MqttJobsHandler::Accept(std::string_view topic, std::string payload) const {
  return MqttReply{AcceptedTopic(topic), std::move(payload)};
}

MqttReply MqttJobsHandler::Reject(std::string_view topic, RejectedCode code, std::string_view message,
                                  const std::optional<std::string>& client_token,
                                  const std::optional<JobExecution>& state) const {
  return MqttReply{RejectedTopic(topic), EncodeRejected(code, message, clock_.Now(), client_token, state)};
}

MqttReply MqttJobsHandler::RejectError(std::string_view topic, const JobsTopic& parsed, const Error& error,
                                       const std::optional<std::string>& client_token,
                                       std::optional<int64_t> execution_number) {
  RejectedCode code = RejectedCodeFor(error.code);
  std::optional<JobExecution> state;
  if (CarriesExecutionState(code) && !parsed.job_id.empty()) {
    // The engine's rejection carries no execution (semantics D33): read its current state.
    auto current = devices_.DescribeJobExecution(parsed.thing_name, parsed.job_id, execution_number, false);
    if (current.ok() && current->has_value()) state = (*current)->execution;
  }
  return Reject(topic, code, error.message, client_token, state);
}

std::optional<MqttReply> MqttJobsHandler::Handle(std::string_view topic, std::string_view payload) {
  JobsTopic parsed = ParseJobsTopic(topic);
  if (parsed.kind == JobsTopicKind::kOwnOutput || parsed.kind == JobsTopicKind::kForeign) return std::nullopt;

  if (payload.size() > kMaxPayloadBytes) {
    return Reject(topic, RejectedCode::kInvalidRequest,
                  "The request payload exceeds " + std::to_string(kMaxPayloadBytes) + " bytes", std::nullopt);
  }
  RequestError error;
  std::optional<JobsPayload> body = JobsPayload::Parse(payload, &error);
  if (parsed.kind == JobsTopicKind::kInvalidTopic) {
    std::optional<std::string> token;
    if (body) token = body->client_token();
    return Reject(topic, RejectedCode::kInvalidTopic,
                  "The topic " + std::string(topic) + " does not map to any jobs API", token);
  }
  if (!body) return Reject(topic, error.code, error.message, std::nullopt);
  const std::optional<std::string>& token = body->client_token();
  if (std::optional<RequestError> bad = body->CheckClientToken()) {
    return Reject(topic, bad->code, bad->message, token);
  }

  switch (parsed.kind) {
    case JobsTopicKind::kGetPending: {
      auto pending = devices_.GetPendingJobExecutions(parsed.thing_name);
      if (!pending.ok()) return RejectError(topic, parsed, pending.error(), token, std::nullopt);
      return Accept(topic, EncodePendingAccepted(*pending, clock_.Now(), token));
    }
    case JobsTopicKind::kStartNext: {
      auto req = DecodeStartNext(*body, parsed.thing_name);
      if (!req.ok()) return RejectError(topic, parsed, req.error(), token, std::nullopt);
      auto view = devices_.StartNextPendingJobExecution(*req);
      if (!view.ok()) return RejectError(topic, parsed, view.error(), token, std::nullopt);
      return Accept(topic, EncodeExecutionAccepted(*view, clock_.Now(), token));
    }
    case JobsTopicKind::kDescribe: {
      auto req = DecodeDescribe(*body);
      if (!req.ok()) return RejectError(topic, parsed, req.error(), token, std::nullopt);
      auto view = devices_.DescribeJobExecution(parsed.thing_name, parsed.job_id, req->execution_number,
                                                req->include_job_document);
      if (!view.ok()) return RejectError(topic, parsed, view.error(), token, req->execution_number);
      return Accept(topic, EncodeExecutionAccepted(*view, clock_.Now(), token));
    }
    case JobsTopicKind::kUpdate: {
      auto req = DecodeUpdate(*body, parsed.thing_name, parsed.job_id);
      if (!req.ok()) return RejectError(topic, parsed, req.error(), token, std::nullopt);
      auto result = devices_.UpdateJobExecution(*req);
      if (!result.ok()) return RejectError(topic, parsed, result.error(), token, req->execution_number);
      return Accept(topic, EncodeUpdateAccepted(*result, clock_.Now(), token));
    }
    case JobsTopicKind::kInvalidTopic:  // answered above
    case JobsTopicKind::kOwnOutput:
    case JobsTopicKind::kForeign:
      break;
  }
  return std::nullopt;
}

std::optional<MqttReply> MqttJobsHandler::Throttled(std::string_view topic, std::string_view payload) const {
  JobsTopic parsed = ParseJobsTopic(topic);
  if (parsed.kind == JobsTopicKind::kOwnOutput || parsed.kind == JobsTopicKind::kForeign) return std::nullopt;
  RequestError ignored;
  std::optional<JobsPayload> body;
  if (payload.size() <= kMaxPayloadBytes) body = JobsPayload::Parse(payload, &ignored);
  std::optional<std::string> token;
  if (body) token = body->client_token();
  return Reject(topic, RejectedCode::kRequestThrottled, "Too many requests are waiting; retry later", token);
}

}  // namespace fleetjobs::mqtt
