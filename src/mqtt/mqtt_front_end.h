// MqttFrontEnd: the device front end over an MQTT broker, wired by main.cpp beside the HTTP one.
//
// It owns the broker connection (MqttClient, subscribed with QoS 1 to `$aws/things/+/jobs/#`, or to
// `$share/{group}/$aws/things/+/jobs/#` with a shared group), a RequestPool whose workers run
// MqttJobsHandler (the same DeviceService calls as the HTTP data plane) and publish the replies,
// the MqttNotifier (notify, notify-next) and the EventPublisher ($aws/events/...).
//
// Lifecycle: construct right after the Engine, before anything serves requests (the constructor
// registers the notifier and event publisher as engine listeners); Start() connects and returns an
// error with a clear message when the broker cannot be used; Stop() (after the HTTP server and the
// timers have stopped) stops the workers, then the connection. Must be destroyed before the engine.
//
// Threads: libmosquitto's network thread only parses the topic and queues: each message becomes a
// pool task (or, when the pool's queue is full, a RequestThrottled rejection). Replies go out at
// the request's QoS capped at 1.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "engine/engine.h"
#include "mqtt/event_publisher.h"
#include "mqtt/mqtt_client.h"
#include "mqtt/mqtt_jobs_handler.h"
#include "mqtt/mqtt_notifier.h"
#include "mqtt/request_pool.h"

namespace fleetjobs::mqtt {

struct MqttFrontEndOptions {
  MqttClientOptions client;       // subscriptions are filled in by the front end
  std::string shared_group;       // non-empty: subscribe through $share/{group}/
  size_t workers = 4;             // request worker threads
  size_t queue_capacity = 10000;  // requests waiting for a worker before RequestThrottled
};

class MqttFrontEnd {
 public:
  MqttFrontEnd(Engine& engine, const Clock& clock, MqttFrontEndOptions options);
  ~MqttFrontEnd();

  MqttFrontEnd(const MqttFrontEnd&) = delete;
  MqttFrontEnd& operator=(const MqttFrontEnd&) = delete;

  Status Start();
  void Stop();

  // The filter subscribed to (for the start-up line).
  const std::string& subscription() const { return subscription_; }

 private:
  // Publishes through the client once it exists; drops messages before Start and after Stop.
  class ClientPublisher final : public MqttPublisher {
   public:
    bool Publish(const std::string& topic, const std::string& payload, int qos) override;
    std::atomic<MqttClient*> client{nullptr};
  };

  void OnMessage(const MqttIncoming& in);

  MqttFrontEndOptions options_;
  std::string subscription_;
  ClientPublisher publisher_;
  MqttJobsHandler handler_;
  MqttNotifier notifier_;
  EventPublisher events_;
  std::unique_ptr<RequestPool> pool_;
  std::unique_ptr<MqttClient> client_;
};

}  // namespace fleetjobs::mqtt
