#include "engine/timer_runner.h"

#include <chrono>

namespace fleetjobs {

void TimerRunner::Start() {
  timers_.SetOnArmed([this] { Wake(); });
  thread_ = std::thread([this] { Run(); });
}

void TimerRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TimerRunner::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void TimerRunner::Run() {
  for (;;) {
    timers_.FireDue();
    std::unique_lock<std::mutex> lock(mu_);
    if (stop_) return;
    if (woken_) {
      woken_ = false;
      continue;
    }
    std::optional<Timestamp> next = timers_.NextDue();
    auto ready = [this] { return stop_ || woken_; };
    if (real_time_ && next) {
      cv_.wait_until(lock, std::chrono::system_clock::time_point(next->time_since_epoch()), ready);
    } else {
      cv_.wait(lock, ready);
    }
    if (stop_) return;
    woken_ = false;
  }
}

}  // namespace fleetjobs
