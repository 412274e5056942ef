// DeviceLoop: what one simulated device does next, as a state machine without any I/O.
//
//   GetPendingJobExecutions ── nothing pending ──────────────────────────────► idle
//        │ something pending                                                    ▲
//        ▼                                                                      │
//   StartNextPendingJobExecution ── no execution ───────────────────────────────┘
//        │ an execution (now IN_PROGRESS); its outcome is drawn here
//        ▼
//   UpdateJobExecution IN_PROGRESS {"progress":"i/n"}  × progress_updates
//        ▼
//   UpdateJobExecution SUCCEEDED | FAILED | REJECTED (by fail_rate, reject_rate)
//        └──────────► StartNextPendingJobExecution again
//
// A rejected update (the execution was canceled, timed out, ...) abandons the execution and goes
// back to StartNext; a transport error makes the device idle. Wake() sends an idle device back to
// GetPendingJobExecutions (the simulator's polling). Outcomes are drawn from a per-device
// generator seeded by the caller, so a run is reproducible for a given --seed.
//
// Thread safety: none; the simulator runs one device's steps one after another.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>

namespace fleetjobs::sim {

enum class Operation { kGetPending = 0, kStartNext, kUpdate };
inline constexpr int kOperationCount = 3;
const char* OperationName(Operation op);  // the AWS operation name

enum class UpdateStatus { kInProgress = 0, kSucceeded, kFailed, kRejected };
inline constexpr int kUpdateStatusCount = 4;
const char* UpdateStatusName(UpdateStatus s);  // the wire name, e.g. "SUCCEEDED"

struct DeviceBehavior {
  int progress_updates = 1;  // IN_PROGRESS updates before the final one
  double fail_rate = 0.0;    // probability that an execution ends FAILED
  double reject_rate = 0.0;  // probability that it ends REJECTED (the rest SUCCEEDED)
};

struct DeviceStep {
  Operation op = Operation::kGetPending;
  std::string job_id;                               // kUpdate only
  UpdateStatus status = UpdateStatus::kInProgress;  // kUpdate only
  int progress = 0;                                 // kUpdate IN_PROGRESS: 1..progress_updates
};

class DeviceLoop {
 public:
  DeviceLoop(const DeviceBehavior& behavior, uint64_t seed) : behavior_(behavior), rng_(seed) {}

  bool idle() const { return state_ == State::kIdle; }
  // REQUIRES: !idle().
  DeviceStep Current() const;

  // Outcomes of the current step. REQUIRES: !idle() and the step matches.
  void OnPending(bool anything_pending);
  void OnStartNext(std::optional<std::string> job_id);
  void OnUpdate(bool accepted);
  void OnTransportError() { state_ = State::kIdle; }

  void Wake() {
    if (state_ == State::kIdle) state_ = State::kGetPending;
  }

  // Executions this device brought to each final status, and those it had to abandon.
  int64_t finished(UpdateStatus s) const { return finished_[static_cast<int>(s)]; }
  int64_t abandoned() const { return abandoned_; }

 private:
  enum class State { kGetPending, kStartNext, kProgress, kFinal, kIdle };

  UpdateStatus DrawOutcome();

  DeviceBehavior behavior_;
  std::mt19937_64 rng_;
  State state_ = State::kGetPending;
  std::string job_id_;
  UpdateStatus outcome_ = UpdateStatus::kSucceeded;
  int progress_done_ = 0;
  int64_t finished_[kUpdateStatusCount] = {};
  int64_t abandoned_ = 0;
};

}  // namespace fleetjobs::sim
