// MqttDeviceCodec: what a simulated device sends and receives over MQTT, without any I/O, so it is
// unit-tested without a broker.
//
// A DeviceStep becomes a publication on the device's jobs topics (docs/mqtt.md):
//   kGetPending  $aws/things/T/jobs/get          {"clientToken":…}
//   kStartNext   $aws/things/T/jobs/start-next   {"clientToken":…}
//   kUpdate      $aws/things/T/jobs/J/update {"status":…,"statusDetails":{"progress":"i/n"},"clientToken":…}
// and a message on one of the device's subscriptions is read back as a reply (accepted or rejected,
// with its clientToken and what the device loop needs: anything pending, the started job) or as a
// notify-next (whether it names an execution). Input is untrusted: anything unreadable is kOther.
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/device_loop.h"

namespace fleetjobs::sim {

struct MqttRequest {
  std::string topic;
  std::string payload;
};

// REQUIRES: step.op == kUpdate implies a non-empty step.job_id.
MqttRequest EncodeMqttStep(std::string_view thing, const DeviceStep& step, int progress_total,
                           std::string_view client_token);

// The filters a device subscribes to: its replies, and notify-next when it wakes on it.
std::vector<std::string> DeviceSubscriptions(std::string_view thing, bool notify_next);

enum class MqttReplyKind { kAccepted, kRejected, kNotifyNext, kOther };

struct MqttReply {
  MqttReplyKind kind = MqttReplyKind::kOther;
  std::string client_token;           // kAccepted, kRejected ("" when absent)
  bool anything_pending = false;      // get/accepted: inProgressJobs or queuedJobs not empty
  std::optional<std::string> job_id;  // start-next/accepted and notify-next: execution.jobId
};

MqttReply DecodeMqttMessage(std::string_view thing, std::string_view topic, std::string_view payload);

}  // namespace fleetjobs::sim
