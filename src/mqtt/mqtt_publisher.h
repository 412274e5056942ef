// MqttPublisher: what the MQTT components need to send a message. MqttClient implements it over
// libmosquitto; unit tests use a recording fake.
//
// Thread safety: Publish may be called from any thread at any time, including while the client is
// disconnected (the message is then dropped and false returned).
#pragma once

#include <string>

namespace fleetjobs::mqtt {

class MqttPublisher {
 public:
  virtual ~MqttPublisher() = default;
  // Hands the message to the client for sending at `qos` (0 or 1). False when it could not be
  // queued (not connected, client stopped).
  virtual bool Publish(const std::string& topic, const std::string& payload, int qos) = 0;
};

}  // namespace fleetjobs::mqtt
