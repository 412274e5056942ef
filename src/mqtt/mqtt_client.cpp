#include "mqtt/mqtt_client.h"

#include <mosquitto.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>

#include "common/uuid.h"

namespace fleetjobs::mqtt {
namespace {

constexpr unsigned kReconnectMinS = 1;
constexpr unsigned kReconnectMaxS = 30;
constexpr const char* kSystemCaPath = "/etc/ssl/certs";

void InitLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

std::string MosquittoError(int rc) {
  if (rc == MOSQ_ERR_ERRNO) return std::strerror(errno);
  return mosquitto_strerror(rc);
}

Status CheckReadable(const std::string& path, std::string_view flag) {
  std::ifstream f(path);
  if (!f.good()) {
    return MakeError(ErrorCode::kInvalidRequest,
                     std::string(flag) + " " + path + ": cannot read the file: " + std::strerror(errno));
  }
  return Status::Ok();
}

// An encrypted private key would make OpenSSL prompt on the terminal; refuse it instead.
int NoKeyPassword(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return 0; }

}  // namespace

MqttClient::MqttClient(MqttClientOptions options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {
  if (options_.client_id.empty()) options_.client_id = "fleetjobs-" + NewUuid().substr(0, 13);
}

MqttClient::~MqttClient() { Stop(); }

Result<std::unique_ptr<MqttClient>> MqttClient::Connect(MqttClientOptions options, Handler handler) {
  std::unique_ptr<MqttClient> client(new MqttClient(std::move(options), std::move(handler)));
  Status st = client->Start();
  if (!st.ok()) {
    client->Stop();
    return st.take_error();
  }
  return client;
}

Status MqttClient::Start() {
  const MqttUrl& url = options_.url;
  const bool has_tls_files =
      !options_.ca_file.empty() || !options_.cert_file.empty() || !options_.key_file.empty();
  if (!url.tls && has_tls_files) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "--mqtt-ca, --mqtt-cert and --mqtt-key need an mqtts:// URL");
  }
  if (options_.cert_file.empty() != options_.key_file.empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "--mqtt-cert and --mqtt-key must be given together");
  }
  if (!options_.ca_file.empty()) FJ_RETURN_IF_ERROR(CheckReadable(options_.ca_file, "--mqtt-ca"));
  if (!options_.cert_file.empty()) FJ_RETURN_IF_ERROR(CheckReadable(options_.cert_file, "--mqtt-cert"));
  if (!options_.key_file.empty()) FJ_RETURN_IF_ERROR(CheckReadable(options_.key_file, "--mqtt-key"));

  InitLibraryOnce();
  mosq_ = mosquitto_new(options_.client_id.c_str(), /*clean_session=*/true, this);
  if (mosq_ == nullptr) {
    return MakeError(ErrorCode::kInternal,
                     std::string("cannot create the MQTT client: ") + std::strerror(errno));
  }
  mosquitto_log_callback_set(mosq_, &MqttClient::OnLog);
  mosquitto_connect_callback_set(mosq_, &MqttClient::OnConnect);
  mosquitto_disconnect_callback_set(mosq_, &MqttClient::OnDisconnect);
  mosquitto_subscribe_callback_set(mosq_, &MqttClient::OnSubscribe);
  mosquitto_message_callback_set(mosq_, &MqttClient::OnMessage);
  mosquitto_reconnect_delay_set(mosq_, kReconnectMinS, kReconnectMaxS, /*exponential=*/true);
  // Replies are small and latency matters: no Nagle delay on our side of the connection.
  mosquitto_int_option(mosq_, MOSQ_OPT_TCP_NODELAY, 1);

  if (!options_.username.empty()) {
    int rc = mosquitto_username_pw_set(mosq_, options_.username.c_str(),
                                       options_.password.empty() ? nullptr : options_.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS) {
      return MakeError(ErrorCode::kInvalidRequest, "--mqtt-username: " + MosquittoError(rc));
    }
  }
  if (url.tls) {
    const char* ca_file = options_.ca_file.empty() ? nullptr : options_.ca_file.c_str();
    const char* ca_path = options_.ca_file.empty() ? kSystemCaPath : nullptr;
    const char* cert = options_.cert_file.empty() ? nullptr : options_.cert_file.c_str();
    const char* key = options_.key_file.empty() ? nullptr : options_.key_file.c_str();
    int rc = mosquitto_tls_set(mosq_, ca_file, ca_path, cert, key, &NoKeyPassword);
    if (rc != MOSQ_ERR_SUCCESS) {
      return MakeError(ErrorCode::kInvalidRequest, "MQTT TLS settings refused: " + MosquittoError(rc));
    }
  }

  spdlog::info("mqtt: connecting to {} as client id {}", url.ToString(), options_.client_id);
  int rc = mosquitto_connect(mosq_, url.host.c_str(), url.port, options_.keepalive_s);
  if (rc != MOSQ_ERR_SUCCESS) {
    std::string why = MosquittoError(rc);
    if (url.tls && (rc == MOSQ_ERR_TLS || rc == MOSQ_ERR_PROTOCOL || rc == MOSQ_ERR_CONN_LOST)) {
      why +=
          " (TLS handshake failed: check --mqtt-ca, and --mqtt-cert/--mqtt-key if the broker requires "
          "client certificates)";
    }
    return MakeError(ErrorCode::kUnavailable,
                     "cannot connect to the MQTT broker " + url.ToString() + ": " + why);
  }
  rc = mosquitto_loop_start(mosq_);
  if (rc != MOSQ_ERR_SUCCESS) {
    return MakeError(ErrorCode::kInternal, "cannot start the MQTT network thread: " + MosquittoError(rc));
  }
  loop_started_ = true;

  std::unique_lock lock(mu_);
  bool done = cv_.wait_for(lock, options_.connect_timeout, [this] {
    return connack_rc_ > 0 || !startup_error_.empty() || (connack_rc_ == 0 && pending_subacks_ == 0);
  });
  if (!done) {
    return MakeError(ErrorCode::kUnavailable,
                     "the MQTT broker " + url.ToString() + " did not " +
                         (connack_rc_ < 0 ? "accept the connection" : "acknowledge the subscriptions") +
                         " within " + std::to_string(options_.connect_timeout.count()) + " ms");
  }
  if (connack_rc_ > 0) {
    return MakeError(ErrorCode::kUnavailable,
                     "the MQTT broker " + url.ToString() +
                         " refused the connection: " + mosquitto_connack_string(connack_rc_));
  }
  if (!startup_error_.empty()) return MakeError(ErrorCode::kUnavailable, startup_error_);
  return Status::Ok();
}

void MqttClient::SubscribeAll() {
  {
    std::lock_guard lock(mu_);
    pending_subacks_ = static_cast<int>(options_.subscriptions.size());
  }
  for (const std::string& filter : options_.subscriptions) {
    int rc = mosquitto_subscribe(mosq_, nullptr, filter.c_str(), 1);
    if (rc != MOSQ_ERR_SUCCESS) {
      spdlog::error("mqtt: cannot subscribe to {}: {}", filter, MosquittoError(rc));
      std::lock_guard lock(mu_);
      startup_error_ = "cannot subscribe to " + filter + ": " + MosquittoError(rc);
      cv_.notify_all();
    }
  }
}

void MqttClient::OnConnect(mosquitto* /*mosq*/, void* self_ptr, int rc) {
  auto* self = static_cast<MqttClient*>(self_ptr);
  if (rc != 0) {
    spdlog::error("mqtt: broker refused the connection: {}", mosquitto_connack_string(rc));
    std::lock_guard lock(self->mu_);
    if (self->connack_rc_ < 0) self->connack_rc_ = rc;
    self->cv_.notify_all();
    return;
  }
  self->connected_.store(true, std::memory_order_release);
  {
    std::lock_guard lock(self->mu_);
    const bool first = self->connack_rc_ < 0;
    self->connack_rc_ = 0;
    if (!first) spdlog::info("mqtt: reconnected to {}", self->options_.url.ToString());
  }
  self->SubscribeAll();
}

void MqttClient::OnDisconnect(mosquitto* /*mosq*/, void* self_ptr, int rc) {
  auto* self = static_cast<MqttClient*>(self_ptr);
  self->connected_.store(false, std::memory_order_release);
  {
    std::lock_guard lock(self->mu_);
    if (self->connack_rc_ < 0 && self->startup_error_.empty()) {
      self->startup_error_ = "the MQTT broker " + self->options_.url.ToString() +
                             " closed the connection before accepting it (" + MosquittoError(rc) +
                             "; TLS or protocol mismatch?)";
      self->cv_.notify_all();
    }
  }
  if (!self->stopping_.load(std::memory_order_acquire)) {
    spdlog::warn("mqtt: connection to {} lost ({}); reconnecting", self->options_.url.ToString(),
                 rc == 0 ? "disconnected" : MosquittoError(rc));
  }
}

void MqttClient::OnSubscribe(mosquitto* /*mosq*/, void* self_ptr, int /*mid*/, int count,
                             const int* granted) {
  auto* self = static_cast<MqttClient*>(self_ptr);
  std::lock_guard lock(self->mu_);
  for (int i = 0; i < count; ++i) {
    if (granted[i] > 2) {  // 0x80: refused (e.g. by the broker's ACL)
      self->startup_error_ = "the MQTT broker refused a subscription (check its ACL for this account)";
      spdlog::error("mqtt: {}", self->startup_error_);
    }
  }
  if (self->pending_subacks_ > 0) self->pending_subacks_ -= 1;
  self->cv_.notify_all();
}

void MqttClient::OnMessage(mosquitto* /*mosq*/, void* self_ptr, const mosquitto_message* msg) {
  auto* self = static_cast<MqttClient*>(self_ptr);
  if (self->stopping_.load(std::memory_order_acquire) || msg == nullptr || msg->topic == nullptr) return;
  MqttIncoming in;
  in.topic = msg->topic;
  in.payload =
      std::string_view(static_cast<const char*>(msg->payload), msg->payload == nullptr ? 0 : msg->payloadlen);
  in.qos = msg->qos;
  self->handler_(in);
}

void MqttClient::OnLog(mosquitto* /*mosq*/, void* /*self*/, int level, const char* text) {
  if (level == MOSQ_LOG_ERR || level == MOSQ_LOG_WARNING) {
    spdlog::warn("mqtt (libmosquitto): {}", text);
  } else {
    spdlog::debug("mqtt (libmosquitto): {}", text);
  }
}

bool MqttClient::Publish(const std::string& topic, const std::string& payload, int qos) {
  if (stopping_.load(std::memory_order_acquire) || mosq_ == nullptr) return false;
  int rc =
      mosquitto_publish(mosq_, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos,
                        /*retain=*/false);
  if (rc != MOSQ_ERR_SUCCESS) {
    spdlog::debug("mqtt: publish to {} failed: {}", topic, MosquittoError(rc));
    return false;
  }
  return true;
}

void MqttClient::Stop() {
  if (stopping_.exchange(true)) return;
  if (mosq_ == nullptr) return;
  mosquitto_disconnect(mosq_);
  if (loop_started_) mosquitto_loop_stop(mosq_, /*force=*/false);
  mosquitto_destroy(mosq_);
  mosq_ = nullptr;
}

}  // namespace fleetjobs::mqtt
