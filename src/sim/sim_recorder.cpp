#include "sim/sim_recorder.h"

namespace fleetjobs::sim {

void SimRecorder::OnAnswer(DeviceLoop& loop, Operation op, std::chrono::microseconds latency,
                           const AnswerFacts& facts) {
  const int k = static_cast<int>(op);
  requests_.fetch_add(1, std::memory_order_relaxed);
  latency_[k].Record(static_cast<uint64_t>(latency.count()));
  if (!facts.accepted) errors_[k].fetch_add(1, std::memory_order_relaxed);
  switch (op) {
    case Operation::kGetPending:
      if (facts.accepted) {
        loop.OnPending(facts.anything_pending);
      } else {
        loop.OnTransportError();
      }
      break;
    case Operation::kStartNext:
      if (facts.accepted) {
        loop.OnStartNext(facts.started_job);
      } else {
        loop.OnTransportError();
      }
      break;
    case Operation::kUpdate: {
      const bool was_final = loop.Current().status != UpdateStatus::kInProgress;
      loop.OnUpdate(facts.accepted);
      if (facts.accepted && was_final) finished_.fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
}

void SimRecorder::OnTransportError(DeviceLoop& loop, Operation op) {
  requests_.fetch_add(1, std::memory_order_relaxed);
  errors_[static_cast<int>(op)].fetch_add(1, std::memory_order_relaxed);
  loop.OnTransportError();
}

SimSummary SimRecorder::Summarize(const std::vector<const DeviceLoop*>& loops, double seconds,
                                  bool interrupted) const {
  SimSummary out;
  out.devices = loops.size();
  out.seconds = seconds;
  out.interrupted = interrupted;
  LatencyHistogram all;
  uint64_t all_errors = 0;
  for (int k = 0; k < kOperationCount; ++k) {
    const uint64_t errors = errors_[k].load();
    out.operations.push_back(StatsOf(OperationName(static_cast<Operation>(k)), latency_[k], errors, seconds));
    all.Merge(latency_[k]);
    all_errors += errors;
  }
  out.operations.push_back(StatsOf("all", all, all_errors, seconds));
  for (const DeviceLoop* d : loops) {
    for (int st = 0; st < kUpdateStatusCount; ++st) {
      out.finished[st] += d->finished(static_cast<UpdateStatus>(st));
    }
    out.abandoned += d->abandoned();
  }
  return out;
}

}  // namespace fleetjobs::sim
