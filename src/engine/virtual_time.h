// VirtualTime: the clock of `fleetjobs serve --virtual-clock`.
//
// The engine runs on a ManualClock that starts at the real time, or at the stored virtual time
// after a restart (never earlier). Advance(d) moves it forward in steps: to each timer's due time in
// order, firing it there, so every event that falls due happens at its own time and in time order;
// then to now + d. The reached time is stored before Advance returns.
//
// Thread-safe: Advance calls are serialised. The clock, store and timer service must outlive it.
#pragma once

#include <chrono>
#include <mutex>

#include "common/clock.h"
#include "common/result.h"
#include "engine/timer_service.h"
#include "store/store.h"

namespace fleetjobs {

class VirtualTime {
 public:
  static constexpr const char* kSettingKey = "virtual_clock_ms";

  VirtualTime(ManualClock& clock, Store& store, TimerService& timers)
      : clock_(clock), store_(store), timers_(timers) {}

  // Moves the clock to the stored virtual time if that is later than now.
  Status Restore();

  // kInvalidRequest for a negative duration; kUnavailable if the time cannot be stored.
  Result<Timestamp> Advance(std::chrono::milliseconds by);

  Timestamp Now() const { return clock_.Now(); }

 private:
  Status Persist(Timestamp t);

  ManualClock& clock_;
  Store& store_;
  TimerService& timers_;
  std::mutex mu_;
};

}  // namespace fleetjobs
