// MqttClient: the server's connection to an MQTT broker, a thin wrapper over libmosquitto (no
// protocol code of our own).
//
// Connect() connects (TLS when the URL is mqtts://), waits for the broker's CONNACK and for the
// SUBACK of every subscription, and returns an error with a clear message when any of that fails
// (bad address, refused connection, rejected credentials, TLS failure, missing certificate file,
// refused subscription) or takes longer than the timeout. After that, libmosquitto's network
// thread keeps the connection: on a loss it reconnects with exponential backoff (1 s doubling to
// 30 s) and the client subscribes again.
//
// Threads: the message handler runs on the network thread and must not block (queue the work);
// Publish may be called from any thread. Stop() (also run by the destructor) disconnects and joins
// the network thread; the handler is not called after it returns.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "mqtt/mqtt_publisher.h"
#include "mqtt/mqtt_url.h"

struct mosquitto;
struct mosquitto_message;

namespace fleetjobs::mqtt {

struct MqttClientOptions {
  MqttUrl url;
  std::string ca_file;    // mqtts: CA certificates to verify the broker (empty: none given)
  std::string cert_file;  // mqtts: client certificate (with key_file)
  std::string key_file;
  std::string username;  // empty: no username
  std::string password;
  std::string client_id;  // empty: "fleetjobs-<random>"
  int keepalive_s = 30;
  std::vector<std::string> subscriptions;  // subscribed at QoS 1 on every connect
  std::chrono::milliseconds connect_timeout{10000};
};

struct MqttIncoming {
  std::string_view topic;
  std::string_view payload;
  int qos = 0;
};

class MqttClient final : public MqttPublisher {
 public:
  using Handler = std::function<void(const MqttIncoming&)>;

  static Result<std::unique_ptr<MqttClient>> Connect(MqttClientOptions options, Handler handler);
  ~MqttClient() override;

  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;

  bool Publish(const std::string& topic, const std::string& payload, int qos) override;
  void Stop();

  const std::string& client_id() const { return options_.client_id; }
  bool connected() const { return connected_.load(std::memory_order_acquire); }

 private:
  MqttClient(MqttClientOptions options, Handler handler);
  Status Start();
  void SubscribeAll();

  static void OnConnect(mosquitto* mosq, void* self, int rc);
  static void OnDisconnect(mosquitto* mosq, void* self, int rc);
  static void OnSubscribe(mosquitto* mosq, void* self, int mid, int count, const int* granted);
  static void OnMessage(mosquitto* mosq, void* self, const mosquitto_message* msg);
  static void OnLog(mosquitto* mosq, void* self, int level, const char* text);

  MqttClientOptions options_;
  Handler handler_;
  mosquitto* mosq_ = nullptr;
  bool loop_started_ = false;
  std::atomic<bool> connected_{false};
  std::atomic<bool> stopping_{false};

  // Start-up handshake: the first CONNACK and SUBACKs.
  std::mutex mu_;
  std::condition_variable cv_;
  int connack_rc_ = -1;        // -1: none yet
  int pending_subacks_ = 0;    // subscriptions of the current connection not yet acknowledged
  std::string startup_error_;  // why start-up failed (refused subscription, early disconnect)
};

}  // namespace fleetjobs::mqtt
