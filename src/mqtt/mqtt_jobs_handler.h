// MqttJobsHandler: turns one message received on a `$aws/things/{t}/jobs/...` topic into the call
// of the DeviceService operation the HTTP data plane also calls, and the reply to publish on
// `<topic>/accepted` or `<topic>/rejected` (digest §4).
//
// Replies always echo the request's clientToken (device SDK v2 matches on it) and carry
// `timestamp` from the injected clock. InvalidStateTransition and VersionMismatch rejections carry
// the execution's current `executionState`, re-read after the rejection (semantics D33).
//
// Thread-safe: Handle() may run on many worker threads at once; it runs store transactions, so it
// must never be called on the MQTT client's network thread. The DeviceService and clock must
// outlive it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "engine/device_service.h"
#include "mqtt/jobs_requests.h"
#include "mqtt/jobs_topic.h"

namespace fleetjobs::mqtt {

struct MqttReply {
  std::string topic;
  std::string payload;
};

class MqttJobsHandler {
 public:
  MqttJobsHandler(DeviceService& devices, const Clock& clock) : devices_(devices), clock_(clock) {}

  // AWS IoT's MQTT message size limit; a larger request is InvalidRequest without being parsed.
  static constexpr size_t kMaxPayloadBytes = size_t{128} * 1024;

  // The reply to `payload` received on `topic`; nullopt for topics to ignore (kOwnOutput,
  // kForeign).
  std::optional<MqttReply> Handle(std::string_view topic, std::string_view payload);

  // A RequestThrottled rejection of a request that could not be queued; nullopt for topics to
  // ignore. Cheap: no store access (safe on the network thread).
  std::optional<MqttReply> Throttled(std::string_view topic, std::string_view payload) const;

 private:
  MqttReply Reject(std::string_view topic, RejectedCode code, std::string_view message,
                   const std::optional<std::string>& client_token,
                   const std::optional<JobExecution>& state = std::nullopt) const;
  MqttReply RejectError(std::string_view topic, const JobsTopic& parsed, const Error& error,
                        const std::optional<std::string>& client_token,
                        std::optional<int64_t> execution_number);
  MqttReply Accept(std::string_view topic, std::string payload) const;

  DeviceService& devices_;
  const Clock& clock_;
};

}  // namespace fleetjobs::mqtt
