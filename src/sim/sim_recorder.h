// SimRecorder: what every simulator transport (HTTP, MQTT) records of its devices' answers — the
// latency and errors of each operation, the requests answered, the executions finished — and the
// DeviceLoop transition each answer makes, so both transports count and step devices identically.
// Then it turns those records into the run's SimSummary.
//
// Thread-safe for concurrent answers of different devices; a DeviceLoop is stepped only by the
// thread answering it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/device_loop.h"
#include "sim/latency_histogram.h"
#include "sim/sim_summary.h"

namespace fleetjobs::sim {

// What an accepted answer says, as far as the device loop needs it.
struct AnswerFacts {
  bool accepted = false;                   // 2xx over HTTP, /accepted over MQTT
  bool anything_pending = false;           // kGetPending: something IN_PROGRESS or QUEUED
  std::optional<std::string> started_job;  // kStartNext: the execution's jobId, if any
};

class SimRecorder {
 public:
  // An answer to `op` after `latency`; steps `loop` by it.
  void OnAnswer(DeviceLoop& loop, Operation op, std::chrono::microseconds latency, const AnswerFacts& facts);
  // No answer to `op` (connection failure, timeout): counted as an error; the device goes idle.
  void OnTransportError(DeviceLoop& loop, Operation op);

  uint64_t requests() const { return requests_.load(std::memory_order_relaxed); }
  int64_t finished() const { return finished_.load(std::memory_order_relaxed); }

  // The run's summary over `loops` (every device's loop) after `seconds`.
  SimSummary Summarize(const std::vector<const DeviceLoop*>& loops, double seconds, bool interrupted) const;

 private:
  LatencyHistogram latency_[kOperationCount];
  std::atomic<uint64_t> errors_[kOperationCount] = {};
  std::atomic<uint64_t> requests_{0};
  std::atomic<int64_t> finished_{0};
};

}  // namespace fleetjobs::sim
