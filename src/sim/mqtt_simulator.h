// MqttSimulator: N virtual devices running the device loop (sim/device_loop.h) over MQTT through a
// broker, each device its own MQTT connection (as a real device), all driven by a few
// MqttEventLoop threads instead of a thread per device.
//
// Device i belongs to loop i % threads. It subscribes to its reply topics (and notify-next with
// wake_on_notify), publishes each step with a fresh clientToken and takes the first /accepted or
// /rejected carrying that token as the answer (a reply with another token is stale and ignored);
// no answer within request_timeout counts as a transport error. Latency is measured from the
// publication of the request to the arrival of its reply. An idle device polls again after
// poll_interval (without until_idle), or with wake_on_notify waits for a notify-next that names an
// execution instead of polling.
//
// Run() blocks the calling thread (which draws the progress) until the run ends. Not thread-safe;
// one Run per MqttSimulator.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "sim/mqtt_event_loop.h"
#include "sim/simulator.h"

namespace fleetjobs::sim {

struct MqttSimulatorOptions {
  SimulatorOptions sim;
  MqttEventLoopOptions broker;
  size_t threads = 1;
  int qos = 1;
  bool wake_on_notify = false;
  std::chrono::milliseconds request_timeout{10000};
};

class MqttSimulator {
 public:
  explicit MqttSimulator(MqttSimulatorOptions options);
  ~MqttSimulator();

  // Connects every device and subscribes it; an error names what failed.
  Status Connect();
  // REQUIRES: Connect() succeeded. `progress` is called on the calling thread about every 100 ms.
  SimSummary Run(const std::function<void(const SimProgress&)>& progress);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fleetjobs::sim
