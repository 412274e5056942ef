#include "sim/mqtt_event_loop.h"

#include <mosquitto.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <random>

namespace fleetjobs::sim {
namespace {

void InitLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

}  // namespace

struct MqttEventLoop::Conn {
  MqttEventLoop* loop = nullptr;
  size_t index = 0;
  mosquitto* mosq = nullptr;
  int fd = -1;
  bool watching_write = false;
  bool in_read = false;  // inside mosquitto_loop_read: its callbacks queue, Handle writes after
  bool ready = false;
  bool lost = false;
  std::vector<std::string> subscriptions;
};

MqttEventLoop::MqttEventLoop(MqttEventLoopOptions options) : options_(std::move(options)) {
  InitLibrary();
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
}

MqttEventLoop::~MqttEventLoop() {
  Close();
  for (auto& c : conns_) {
    if (c->mosq != nullptr) mosquitto_destroy(c->mosq);
  }
  if (epfd_ >= 0) ::close(epfd_);
}

void MqttEventLoop::Close() {
  for (auto& c : conns_) {
    if (c->mosq == nullptr || c->lost) continue;
    mosquitto_disconnect(c->mosq);
    if (c->fd >= 0) epoll_ctl(epfd_, EPOLL_CTL_DEL, c->fd, nullptr);
    c->lost = true;  // not counted in lost_: closed on purpose
  }
}

void MqttEventLoop::OnConnect(mosquitto* mosq, void* obj, int rc) {
  auto* c = static_cast<Conn*>(obj);
  if (rc != 0) {
    if (c->loop->failure_.empty())
      c->loop->failure_ = std::string("broker refused: ") + mosquitto_connack_string(rc);
    return;
  }
  std::vector<char*> subs;
  subs.reserve(c->subscriptions.size());
  for (auto& s : c->subscriptions) subs.push_back(s.data());
  if (subs.empty()) {
    c->ready = true;
    --c->loop->connecting_;
    ++c->loop->ready_;
    return;
  }
  int sub_rc =
      mosquitto_subscribe_multiple(mosq, nullptr, static_cast<int>(subs.size()), subs.data(), 1, 0, nullptr);
  if (sub_rc != MOSQ_ERR_SUCCESS && c->loop->failure_.empty())
    c->loop->failure_ = std::string("subscribe: ") + mosquitto_strerror(sub_rc);
}

void MqttEventLoop::OnSubscribe(mosquitto* /*mosq*/, void* obj, int /*mid*/, int count, const int* granted) {
  auto* c = static_cast<Conn*>(obj);
  for (int i = 0; i < count; ++i) {
    if (granted[i] > 2 && c->loop->failure_.empty()) {
      c->loop->failure_ = "the broker refused the subscription " + c->subscriptions[static_cast<size_t>(i)];
    }
  }
  if (!c->ready) {
    c->ready = true;
    --c->loop->connecting_;
    ++c->loop->ready_;
  }
}

void MqttEventLoop::OnMessage(mosquitto* /*mosq*/, void* obj, const mosquitto_message* msg) {
  auto* c = static_cast<Conn*>(obj);
  if (!c->loop->handler_) return;
  std::string_view payload(static_cast<const char*>(msg->payload), static_cast<size_t>(msg->payloadlen));
  c->loop->handler_(c->index, msg->topic, payload);
}

void MqttEventLoop::OnDisconnect(mosquitto* /*mosq*/, void* obj, int rc) {
  auto* c = static_cast<Conn*>(obj);
  if (rc != 0) c->loop->MarkLost(*c);
}

void MqttEventLoop::OnPublish(mosquitto* /*mosq*/, void* obj, int /*mid*/) {
  ++static_cast<Conn*>(obj)->loop->acknowledged_;
}

void MqttEventLoop::MarkLost(Conn& c) {
  if (c.lost) return;
  c.lost = true;
  ++lost_;
  if (!c.ready && connecting_ > 0) --connecting_;
  if (c.fd >= 0) epoll_ctl(epfd_, EPOLL_CTL_DEL, c.fd, nullptr);
}

Status MqttEventLoop::StartConnect(size_t i) {
  Conn& c = *conns_[i];
  c.mosq = mosquitto_new((options_.client_id_prefix + "-" + std::to_string(i)).c_str(),
                         /*clean_session=*/true, &c);
  if (c.mosq == nullptr) return MakeError(ErrorCode::kInternal, "mosquitto_new failed");
  mosquitto_int_option(c.mosq, MOSQ_OPT_TCP_NODELAY, 1);
  // No cap on QoS 1 messages in flight (libmosquitto's default is 20 per client).
  mosquitto_max_inflight_messages_set(c.mosq, 0);
  mosquitto_connect_callback_set(c.mosq, &MqttEventLoop::OnConnect);
  mosquitto_subscribe_callback_set(c.mosq, &MqttEventLoop::OnSubscribe);
  mosquitto_message_callback_set(c.mosq, &MqttEventLoop::OnMessage);
  mosquitto_disconnect_callback_set(c.mosq, &MqttEventLoop::OnDisconnect);
  mosquitto_publish_callback_set(c.mosq, &MqttEventLoop::OnPublish);
  int rc = mosquitto_connect(c.mosq, options_.host.c_str(), options_.port, options_.keepalive_s);
  if (rc != MOSQ_ERR_SUCCESS) {
    std::string why = rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc);
    return MakeError(ErrorCode::kUnavailable, "cannot connect to mqtt://" + options_.host + ":" +
                                                  std::to_string(options_.port) + ": " + why);
  }
  c.fd = mosquitto_socket(c.mosq);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = i;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, c.fd, &ev) != 0) {
    return MakeError(ErrorCode::kInternal, std::string("epoll_ctl: ") + std::strerror(errno));
  }
  ++connecting_;
  SyncWrite(c);
  return Status::Ok();
}

Status MqttEventLoop::Open(size_t n, const Subscriptions& subscriptions, MessageHandler handler) {
  if (epfd_ < 0)
    return MakeError(ErrorCode::kInternal, std::string("epoll_create1: ") + std::strerror(errno));
  handler_ = std::move(handler);
  conns_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto c = std::make_unique<Conn>();
    c->loop = this;
    c->index = i;
    if (subscriptions) c->subscriptions = subscriptions(i);
    conns_.push_back(std::move(c));
  }
  const auto deadline = Clock::now() + options_.connect_timeout;
  size_t next = 0;
  while (ready_ < n) {
    while (next < n && connecting_ < options_.max_connecting) {
      FJ_RETURN_IF_ERROR(StartConnect(next));
      ++next;
    }
    RunOnce(std::chrono::milliseconds(10));
    if (!failure_.empty()) return MakeError(ErrorCode::kUnavailable, failure_);
    if (lost_ > 0) return MakeError(ErrorCode::kUnavailable, "the broker closed a connection during set-up");
    if (Clock::now() > deadline) {
      return MakeError(ErrorCode::kUnavailable, std::to_string(ready_) + " of " + std::to_string(n) +
                                                    " MQTT connections ready after the connect timeout");
    }
  }
  return Status::Ok();
}

void MqttEventLoop::SyncWrite(Conn& c) {
  if (c.lost) return;
  if (mosquitto_want_write(c.mosq)) {
    int rc = mosquitto_loop_write(c.mosq, 1);
    if (rc != MOSQ_ERR_SUCCESS) {
      MarkLost(c);
      return;
    }
  }
  const bool want = mosquitto_want_write(c.mosq);
  if (want != c.watching_write) {
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? EPOLLOUT : 0U);
    ev.data.u64 = c.index;
    epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
    c.watching_write = want;
  }
}

void MqttEventLoop::Handle(Conn& c, uint32_t events) {
  if (c.lost) return;
  if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) {
    c.in_read = true;
    int rc = mosquitto_loop_read(c.mosq, 1);
    c.in_read = false;
    if (rc != MOSQ_ERR_SUCCESS) {
      MarkLost(c);
      return;
    }
  }
  SyncWrite(c);
}

void MqttEventLoop::RunOnce(std::chrono::microseconds max_wait) {
  constexpr int kMaxEvents = 256;
  epoll_event events[kMaxEvents];
  auto wait = max_wait;
  if (!timers_.empty()) {
    auto until = std::chrono::duration_cast<std::chrono::microseconds>(timers_.top().at - Clock::now());
    wait = std::max(std::chrono::microseconds(0), std::min(wait, until));
  }
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(wait.count() / 1000000);
  ts.tv_nsec = static_cast<long>((wait.count() % 1000000) * 1000);
  int n = epoll_pwait2(epfd_, events, kMaxEvents, &ts, nullptr);
  for (int k = 0; k < n; ++k) {
    const auto i = static_cast<size_t>(events[k].data.u64);
    if (i < conns_.size()) Handle(*conns_[i], events[k].events);
  }
  RunTimers();
  const auto now = Clock::now();
  if (now >= next_misc_) {
    next_misc_ = now + std::chrono::seconds(1);
    for (auto& c : conns_) {
      if (c->mosq == nullptr || c->lost) continue;
      if (mosquitto_loop_misc(c->mosq) == MOSQ_ERR_NO_CONN) MarkLost(*c);
    }
  }
}

void MqttEventLoop::RunTimers() {
  const auto now = Clock::now();
  while (!timers_.empty() && timers_.top().at <= now) {
    std::function<void()> fn = timers_.top().fn;
    timers_.pop();
    fn();
  }
}

void MqttEventLoop::At(Clock::time_point at, std::function<void()> fn) {
  timers_.push(Timer{at, timer_seq_++, std::move(fn)});
}

bool MqttEventLoop::Publish(size_t conn, const std::string& topic, std::string_view payload, int qos) {
  Conn& c = *conns_[conn];
  if (c.lost) return false;
  int rc = mosquitto_publish(c.mosq, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(),
                             qos, false);
  if (rc != MOSQ_ERR_SUCCESS) {
    if (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST) MarkLost(c);
    return false;
  }
  if (!c.in_read) SyncWrite(c);
  return true;
}

}  // namespace fleetjobs::sim
