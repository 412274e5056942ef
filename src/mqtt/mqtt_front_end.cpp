#include "mqtt/mqtt_front_end.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>

namespace fleetjobs::mqtt {

bool MqttFrontEnd::ClientPublisher::Publish(const std::string& topic, const std::string& payload, int qos) {
  MqttClient* c = client.load(std::memory_order_acquire);
  return c != nullptr && c->Publish(topic, payload, qos);
}

MqttFrontEnd::MqttFrontEnd(Engine& engine, const Clock& clock, MqttFrontEndOptions options)
    : options_(std::move(options)),
      subscription_(RequestSubscription(options_.shared_group)),
      handler_(engine.devices(), clock),
      notifier_(engine.devices(), clock, publisher_),
      events_(engine.account(), engine.context().arns, clock, publisher_) {
  engine.AddListener(&notifier_);
  engine.AddListener(&events_);
}

MqttFrontEnd::~MqttFrontEnd() { Stop(); }

Status MqttFrontEnd::Start() {
  pool_ = std::make_unique<RequestPool>(options_.workers, options_.queue_capacity);
  MqttClientOptions client_options = options_.client;
  client_options.subscriptions = {subscription_};
  auto client =
      MqttClient::Connect(std::move(client_options), [this](const MqttIncoming& in) { OnMessage(in); });
  if (!client.ok()) {
    pool_->Stop();
    return client.take_error();
  }
  client_ = std::move(client).value();
  publisher_.client.store(client_.get(), std::memory_order_release);
  notifier_.Start();
  events_.Start();
  spdlog::info("mqtt: connected to {}, subscribed to {}", options_.client.url.ToString(), subscription_);
  return Status::Ok();
}

void MqttFrontEnd::Stop() {
  if (pool_) pool_->Stop();
  notifier_.Stop();
  events_.Stop();
  publisher_.client.store(nullptr, std::memory_order_release);
  if (client_) client_->Stop();
}

void MqttFrontEnd::OnMessage(const MqttIncoming& in) {
  // Runs on the network thread: decide cheaply, hand the work to the pool.
  JobsTopic parsed = ParseJobsTopic(in.topic);
  if (parsed.kind == JobsTopicKind::kOwnOutput || parsed.kind == JobsTopicKind::kForeign) return;
  const size_t key = std::hash<std::string>{}(parsed.thing_name);
  const int reply_qos = std::min(in.qos, 1);
  auto task = [this, topic = std::string(in.topic), payload = std::string(in.payload), reply_qos] {
    std::optional<MqttReply> reply = handler_.Handle(topic, payload);
    if (reply) publisher_.Publish(reply->topic, reply->payload, reply_qos);
  };
  switch (pool_->TrySubmit(key, std::move(task))) {
    case RequestPool::Submit::kAccepted:
    case RequestPool::Submit::kStopped:
      return;
    case RequestPool::Submit::kFull:
      if (std::optional<MqttReply> reply = handler_.Throttled(in.topic, in.payload)) {
        publisher_.Publish(reply->topic, reply->payload, reply_qos);
      }
      return;
  }
}

}  // namespace fleetjobs::mqtt
