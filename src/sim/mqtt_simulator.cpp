#include "sim/mqtt_simulator.h"

#include <atomic>
#include <random>
#include <thread>

#include "sim/mqtt_device_codec.h"
#include "sim/run_control.h"
#include "sim/sim_recorder.h"

namespace fleetjobs::sim {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct Device {
  explicit Device(const DeviceBehavior& b, uint64_t seed) : loop(b, seed) {}
  DeviceLoop loop;
  size_t event_loop = 0;  // which MqttEventLoop
  size_t conn = 0;        // its connection index there
  uint64_t seq = 0;
  bool waiting = false;  // a request is on the wire
  std::string token;
  Operation op = Operation::kGetPending;
  SteadyClock::time_point sent;
};

}  // namespace

struct MqttSimulator::State {
  MqttSimulatorOptions options;
  std::vector<std::unique_ptr<MqttEventLoop>> loops;
  std::vector<std::vector<size_t>> devices_of_loop;  // loop -> device indexes (by connection index)
  std::vector<Device> devices;
  SimRecorder recorder;
  RunControl run;
  std::atomic<bool> quit{false};

  explicit State(MqttSimulatorOptions o) : options(std::move(o)) {}

  const std::string& Thing(size_t i) const { return options.sim.things[i]; }
  MqttEventLoop& LoopOf(size_t i) { return *loops[devices[i].event_loop]; }

  void Step(size_t i) {
    if (run.stopping.load(std::memory_order_acquire)) return;
    Device& d = devices[i];
    const DeviceStep step = d.loop.Current();
    d.token = std::to_string(i) + "-" + std::to_string(++d.seq);
    d.op = step.op;
    d.waiting = true;
    d.sent = SteadyClock::now();
    MqttRequest req = EncodeMqttStep(Thing(i), step, options.sim.behavior.progress_updates, d.token);
    run.in_flight.fetch_add(1);
    if (!LoopOf(i).Publish(d.conn, req.topic, req.payload, options.qos)) {
      Answer(i, /*transport_ok=*/false, MqttReply{});
      return;
    }
    const uint64_t seq = d.seq;
    LoopOf(i).After(options.request_timeout, [this, i, seq] {
      if (devices[i].waiting && devices[i].seq == seq) Answer(i, /*transport_ok=*/false, MqttReply{});
    });
  }

  void OnMessage(size_t i, std::string_view topic, std::string_view payload) {
    Device& d = devices[i];
    MqttReply reply = DecodeMqttMessage(Thing(i), topic, payload);
    switch (reply.kind) {
      case MqttReplyKind::kNotifyNext:
        if (options.wake_on_notify && d.loop.idle() && reply.job_id && !run.stopping.load()) {
          run.idle.fetch_sub(1);
          d.loop.Wake();
          Step(i);
        }
        return;
      case MqttReplyKind::kAccepted:
      case MqttReplyKind::kRejected:
        if (d.waiting && reply.client_token == d.token) Answer(i, /*transport_ok=*/true, reply);
        return;
      case MqttReplyKind::kOther:
        return;
    }
  }

  void Answer(size_t i, bool transport_ok, const MqttReply& reply) {
    Device& d = devices[i];
    d.waiting = false;
    if (!transport_ok) {
      recorder.OnTransportError(d.loop, d.op);
    } else {
      AnswerFacts facts;
      facts.accepted = reply.kind == MqttReplyKind::kAccepted;
      facts.anything_pending = reply.anything_pending;
      facts.started_job = reply.job_id;
      recorder.OnAnswer(d.loop, d.op,
                        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - d.sent),
                        facts);
    }
    AfterAnswer(i);
    run.RequestDone();
  }

  void AfterAnswer(size_t i) {
    DeviceLoop& loop = devices[i].loop;
    const SimulatorOptions& o = options.sim;
    if (!loop.idle()) {
      if (o.step_delay.count() > 0) {
        LoopOf(i).After(o.step_delay, [this, i] { Step(i); });
      } else {
        Step(i);
      }
      return;
    }
    run.DeviceIdle(devices.size(), o.until_idle);
    if (!o.until_idle && !options.wake_on_notify) {
      LoopOf(i).After(o.poll_interval, [this, i] {
        if (!devices[i].loop.idle()) return;
        run.idle.fetch_sub(1);
        devices[i].loop.Wake();
        Step(i);
      });
    }
  }
};

MqttSimulator::MqttSimulator(MqttSimulatorOptions options)
    : state_(std::make_unique<State>(std::move(options))) {}

MqttSimulator::~MqttSimulator() = default;

Status MqttSimulator::Connect() {
  State& s = *state_;
  const size_t n = s.options.sim.things.size();
  const size_t t = std::max<size_t>(1, std::min(s.options.threads, n));
  std::vector<uint64_t> seeds(n);
  {
    std::mt19937_64 master(s.options.sim.seed);
    for (auto& x : seeds) x = master();
  }
  s.devices.reserve(n);
  s.devices_of_loop.resize(t);
  for (size_t i = 0; i < n; ++i) {
    s.devices.emplace_back(s.options.sim.behavior, seeds[i]);
    s.devices[i].event_loop = i % t;
    s.devices[i].conn = s.devices_of_loop[i % t].size();
    s.devices_of_loop[i % t].push_back(i);
  }
  for (size_t l = 0; l < t; ++l) {
    MqttEventLoopOptions o = s.options.broker;
    o.client_id_prefix.append("-").append(std::to_string(l));
    s.loops.push_back(std::make_unique<MqttEventLoop>(o));
    const std::vector<size_t>& mine = s.devices_of_loop[l];
    FJ_RETURN_IF_ERROR(s.loops[l]->Open(
        mine.size(),
        [&](size_t c) {
          return DeviceSubscriptions(s.options.sim.things[mine[c]], s.options.wake_on_notify);
        },
        [&s, l](size_t c, std::string_view topic, std::string_view payload) {
          s.OnMessage(s.devices_of_loop[l][c], topic, payload);
        }));
  }
  return Status::Ok();
}

SimSummary MqttSimulator::Run(const std::function<void(const SimProgress&)>& progress) {
  State& s = *state_;
  const size_t n = s.devices.size();
  const SimulatorOptions& o = s.options.sim;
  const auto start = SteadyClock::now();
  const auto deadline = o.duration.count() > 0 ? start + o.duration : SteadyClock::time_point::max();
  std::vector<std::thread> threads;
  for (size_t l = 0; l < s.loops.size(); ++l) {
    threads.emplace_back([&s, l] {
      for (size_t i : s.devices_of_loop[l]) s.Step(i);
      while (!s.quit.load(std::memory_order_acquire)) s.loops[l]->RunOnce(std::chrono::milliseconds(20));
      s.loops[l]->Close();
    });
  }
  auto report = [&] {
    if (progress) progress(s.run.Progress(n, s.recorder, start));
  };
  const bool interrupted = s.run.AwaitEnd(n, o.until_idle, deadline, report);
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  s.run.Drain(std::chrono::duration_cast<std::chrono::milliseconds>(s.options.request_timeout +
                                                                    std::chrono::seconds(1)));
  s.quit.store(true, std::memory_order_release);
  for (auto& t : threads) t.join();
  report();

  std::vector<const DeviceLoop*> loops;
  loops.reserve(n);
  for (const Device& d : s.devices) loops.push_back(&d.loop);
  return s.recorder.Summarize(loops, seconds, interrupted);
}

}  // namespace fleetjobs::sim
