// RunControl: how a simulator run (either transport) knows when it is over — devices gone idle,
// requests still on the wire, the stop flag — and the waits of the thread that drives it: until
// every device is idle or the deadline passes, then until the requests on the wire are answered.
//
// Thread-safe: transports' threads update the counters; one thread calls AwaitEnd and Drain.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

#include "sim/sim_recorder.h"
#include "sim/simulator.h"

namespace fleetjobs::sim {

class RunControl {
 public:
  using SteadyClock = std::chrono::steady_clock;

  std::atomic<size_t> idle{0};        // devices with nothing to do
  std::atomic<size_t> in_flight{0};   // requests sent and not yet answered
  std::atomic<bool> stopping{false};  // no new requests once set

  // A device went idle; with `until_idle` the last of `devices` to do so ends the run.
  void DeviceIdle(size_t devices, bool until_idle) {
    if (idle.fetch_add(1) + 1 == devices && until_idle) Notify();
  }
  // A request was answered (or failed); the last one wakes Drain.
  void RequestDone() {
    if (in_flight.fetch_sub(1) == 1 && stopping.load()) Notify();
  }

  // Blocks until all `devices` are idle (only with `until_idle`) or `deadline`, calling `tick`
  // about every 100 ms. Returns true when the deadline cut an until-idle run short.
  bool AwaitEnd(size_t devices, bool until_idle, SteadyClock::time_point deadline,
                const std::function<void()>& tick);
  // Sets `stopping`, then waits up to `limit` for the requests on the wire.
  void Drain(std::chrono::milliseconds limit);

  // Where the run stands, for the progress display.
  SimProgress Progress(size_t devices, const SimRecorder& recorder, SteadyClock::time_point start) const;

 private:
  void Notify() {
    std::lock_guard<std::mutex> lock(mu_);
    cv_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace fleetjobs::sim
