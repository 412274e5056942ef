#include "sim/device_loop.h"

#include <cassert>

namespace fleetjobs::sim {

const char* OperationName(Operation op) {
  switch (op) {
    case Operation::kGetPending:
      return "GetPendingJobExecutions";
    case Operation::kStartNext:
      return "StartNextPendingJobExecution";
    case Operation::kUpdate:
      return "UpdateJobExecution";
  }
  return "?";
}

const char* UpdateStatusName(UpdateStatus s) {
  switch (s) {
    case UpdateStatus::kInProgress:
      return "IN_PROGRESS";
    case UpdateStatus::kSucceeded:
      return "SUCCEEDED";
    case UpdateStatus::kFailed:
      return "FAILED";
    case UpdateStatus::kRejected:
      return "REJECTED";
  }
  return "?";
}

DeviceStep DeviceLoop::Current() const {
  assert(state_ != State::kIdle);
  DeviceStep step;
  switch (state_) {
    case State::kGetPending:
      step.op = Operation::kGetPending;
      break;
    case State::kStartNext:
      step.op = Operation::kStartNext;
      break;
    case State::kProgress:
      step.op = Operation::kUpdate;
      step.job_id = job_id_;
      step.status = UpdateStatus::kInProgress;
      step.progress = progress_done_ + 1;
      break;
    case State::kFinal:
      step.op = Operation::kUpdate;
      step.job_id = job_id_;
      step.status = outcome_;
      break;
    case State::kIdle:
      break;
  }
  return step;
}

UpdateStatus DeviceLoop::DrawOutcome() {
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  if (u < behavior_.fail_rate) return UpdateStatus::kFailed;
  if (u < behavior_.fail_rate + behavior_.reject_rate) return UpdateStatus::kRejected;
  return UpdateStatus::kSucceeded;
}

void DeviceLoop::OnPending(bool anything_pending) {
  state_ = anything_pending ? State::kStartNext : State::kIdle;
}

void DeviceLoop::OnStartNext(std::optional<std::string> job_id) {
  if (!job_id) {
    state_ = State::kIdle;
    return;
  }
  job_id_ = std::move(*job_id);
  outcome_ = DrawOutcome();
  progress_done_ = 0;
  state_ = behavior_.progress_updates > 0 ? State::kProgress : State::kFinal;
}

void DeviceLoop::OnUpdate(bool accepted) {
  if (!accepted) {
    ++abandoned_;
    state_ = State::kStartNext;
    return;
  }
  if (state_ == State::kProgress) {
    if (++progress_done_ >= behavior_.progress_updates) state_ = State::kFinal;
    return;
  }
  ++finished_[static_cast<int>(outcome_)];
  state_ = State::kStartNext;
}

}  // namespace fleetjobs::sim
