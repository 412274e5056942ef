// MqttEventLoop: many MQTT client connections (libmosquitto, non-threaded) driven by one thread
// with epoll, for the simulator and the MQTT load tool. A thread per connection does not scale to
// 10,000 devices; libmosquitto's own loop functions (mosquitto_loop_read/write/misc) do the
// protocol, this class only waits on the sockets and runs timers.
//
// Open() creates `n` clients, connects them (at most `max_connecting` waiting for their CONNACK at
// a time, so the broker's accept queue never overflows), subscribes client i to subscriptions(i)
// at QoS 1 and returns once every SUBACK has arrived, or an error after `connect_timeout`. Every
// socket has TCP_NODELAY (Nagle costs 40-90 ms per reply on loopback, docs/mqtt.md). Connections
// are clean sessions and are not re-established: a lost connection is counted (lost()) and its
// publications fail.
//
// Thread safety: none. Open, RunOnce, Publish, After and the handler all run on one thread (the
// one that calls RunOnce); Publish and After may be called from inside the handler or a timer.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

struct mosquitto;
struct mosquitto_message;

namespace fleetjobs::sim {

struct MqttEventLoopOptions {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string client_id_prefix = "fjsim";
  int keepalive_s = 60;
  size_t max_connecting = 64;
  std::chrono::milliseconds connect_timeout{60000};
};

class MqttEventLoop {
 public:
  using Clock = std::chrono::steady_clock;
  // (connection index, topic, payload); the views are valid during the call only.
  using MessageHandler = std::function<void(size_t, std::string_view, std::string_view)>;
  using Subscriptions = std::function<std::vector<std::string>(size_t)>;

  explicit MqttEventLoop(MqttEventLoopOptions options);
  ~MqttEventLoop();
  MqttEventLoop(const MqttEventLoop&) = delete;
  MqttEventLoop& operator=(const MqttEventLoop&) = delete;

  Status Open(size_t n, const Subscriptions& subscriptions, MessageHandler handler);

  // Waits at most `max_wait` (less when a timer is due) for socket events and handles them, then
  // runs the due timers and, once a second, libmosquitto's keep-alive work.
  void RunOnce(std::chrono::microseconds max_wait);

  // False when the connection is lost or the broker refuses the message.
  bool Publish(size_t conn, const std::string& topic, std::string_view payload, int qos);
  // Runs `fn` on the loop thread once `at` has passed.
  void At(Clock::time_point at, std::function<void()> fn);
  void After(std::chrono::microseconds delay, std::function<void()> fn) {
    At(Clock::now() + delay, std::move(fn));
  }

  size_t size() const { return conns_.size(); }
  size_t lost() const { return lost_; }
  // QoS 1 publications the broker has acknowledged (PUBACK), QoS 0 ones once written.
  uint64_t acknowledged() const { return acknowledged_; }
  // Disconnects every client (the broker then drops their subscriptions).
  void Close();

 private:
  struct Conn;
  struct Timer {
    Clock::time_point at;
    uint64_t seq;
    std::function<void()> fn;
    bool operator>(const Timer& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  static void OnConnect(mosquitto* mosq, void* obj, int rc);
  static void OnSubscribe(mosquitto* mosq, void* obj, int mid, int count, const int* granted);
  static void OnMessage(mosquitto* mosq, void* obj, const mosquitto_message* msg);
  static void OnDisconnect(mosquitto* mosq, void* obj, int rc);
  static void OnPublish(mosquitto* mosq, void* obj, int mid);

  Status StartConnect(size_t i);
  void Handle(Conn& c, uint32_t events);
  void SyncWrite(Conn& c);
  void MarkLost(Conn& c);
  void RunTimers();

  MqttEventLoopOptions options_;
  MessageHandler handler_;
  std::vector<std::unique_ptr<Conn>> conns_;
  int epfd_ = -1;
  size_t lost_ = 0;
  uint64_t acknowledged_ = 0;
  size_t connecting_ = 0;  // connected, CONNACK or SUBACK not yet in
  size_t ready_ = 0;
  std::string failure_;  // first refused CONNACK or SUBACK during Open
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  uint64_t timer_seq_ = 0;
  Clock::time_point next_misc_{};
};

}  // namespace fleetjobs::sim
