// Clock: the engine's only source of "now".
//
// Nothing in the engine calls std::chrono::system_clock::now() or sleeps; it reads a Clock that is
// injected at construction. SystemClock follows the machine's wall clock; ManualClock moves only
// when told to (unit tests and the server's --virtual-clock mode).
//
// Thread safety: Now() may be called from any thread on every implementation.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace fleetjobs {

// Milliseconds since the Unix epoch, UTC. Every stored time uses this resolution.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

inline int64_t ToEpochMillis(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromEpochMillis(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }
inline int64_t ToEpochSeconds(Timestamp t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

// A clock that never moves by itself. Advance() is monotonic: it never goes backwards.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_ms_(ToEpochMillis(start)) {}
  Timestamp Now() const override { return FromEpochMillis(now_ms_.load(std::memory_order_acquire)); }
  void Advance(std::chrono::milliseconds by) {
    if (by.count() > 0) now_ms_.fetch_add(by.count(), std::memory_order_acq_rel);
  }
  // Moves to `t` if it is later than now; never backwards.
  void AdvanceTo(Timestamp t) {
    int64_t target = ToEpochMillis(t);
    int64_t cur = now_ms_.load(std::memory_order_acquire);
    while (cur < target && !now_ms_.compare_exchange_weak(cur, target, std::memory_order_acq_rel)) {
    }
  }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace fleetjobs
