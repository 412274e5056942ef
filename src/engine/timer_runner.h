// TimerRunner: the thread that fires the engine's timers as they fall due.
//
// With the system clock it waits until the earliest due time (or until a new timer is armed) and
// then calls TimerService::FireDue. With a virtual clock (--virtual-clock) time only moves through
// VirtualTime::Advance, which fires what falls due itself; the runner then only fires timers armed
// for a time that has already been reached (e.g. the next batch of a large rollout).
//
// Thread-safe. Start() once; Stop() (or the destructor) joins the thread. The TimerService must
// outlive it.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/timer_service.h"

namespace fleetjobs {

class TimerRunner {
 public:
  TimerRunner(TimerService& timers, bool real_time) : timers_(timers), real_time_(real_time) {}
  ~TimerRunner() { Stop(); }
  TimerRunner(const TimerRunner&) = delete;
  TimerRunner& operator=(const TimerRunner&) = delete;

  // Also registers Wake() as the service's on-armed callback.
  void Start();
  void Stop();
  // Re-evaluates the earliest due time now.
  void Wake();

 private:
  void Run();

  TimerService& timers_;
  const bool real_time_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace fleetjobs
