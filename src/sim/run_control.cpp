#include "sim/run_control.h"

#include <algorithm>

namespace fleetjobs::sim {

bool RunControl::AwaitEnd(size_t devices, bool until_idle, SteadyClock::time_point deadline,
                          const std::function<void()>& tick) {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (until_idle && idle.load() == devices) return false;
    if (SteadyClock::now() >= deadline) return until_idle;
    auto wake = std::min(deadline, SteadyClock::now() + std::chrono::milliseconds(100));
    cv_.wait_until(lock, wake);
    lock.unlock();
    tick();
    lock.lock();
  }
}

void RunControl::Drain(std::chrono::milliseconds limit) {
  stopping.store(true, std::memory_order_release);
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, limit, [&] { return in_flight.load() == 0; });
}

SimProgress RunControl::Progress(size_t devices, const SimRecorder& recorder,
                                 SteadyClock::time_point start) const {
  SimProgress p;
  p.devices = devices;
  p.idle = idle.load();
  p.requests = recorder.requests();
  p.finished = recorder.finished();
  p.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  return p;
}

}  // namespace fleetjobs::sim
