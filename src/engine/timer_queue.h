// TimerQueue: every pending engine timer in one in-memory ordered structure.
//
// A timer is either an execution's deadline (in-progress or step timer, whichever is earlier) or
// a job's next wake-up (start, end, rollout batch, window opening). Each key has at most one due
// time; arming a key again moves it. Rebuilt from the stored deadlines at start-up (the store is
// the truth; this is only an index of it), so no OS timer or table scan per execution is needed.
//
// Thread-safe: every method takes an internal mutex.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "common/clock.h"

namespace fleetjobs {

struct TimerKey {
  enum class Kind : int8_t { kJob = 0, kExecution = 1 };
  Kind kind = Kind::kJob;
  std::string job_id;
  std::string thing_name;        // executions only
  int64_t execution_number = 0;  // executions only

  static TimerKey Job(std::string job_id) { return TimerKey{Kind::kJob, std::move(job_id), {}, 0}; }
  static TimerKey Execution(std::string job_id, std::string thing_name, int64_t number) {
    return TimerKey{Kind::kExecution, std::move(job_id), std::move(thing_name), number};
  }
  bool operator<(const TimerKey& o) const {
    return std::tie(kind, job_id, thing_name, execution_number) <
           std::tie(o.kind, o.job_id, o.thing_name, o.execution_number);
  }
  bool operator==(const TimerKey& o) const = default;
};

class TimerQueue {
 public:
  // Arms `key` at `due` (replacing an earlier arming); nullopt disarms it.
  void Set(const TimerKey& key, std::optional<Timestamp> due);
  // The earliest due time, if any timer is armed.
  std::optional<Timestamp> NextDue() const;
  // Removes and returns the earliest timer if it is due at or before `now`.
  std::optional<std::pair<Timestamp, TimerKey>> PopDue(Timestamp now);
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<TimerKey, Timestamp> due_by_key_;
  std::set<std::pair<Timestamp, TimerKey>> by_due_;
};

}  // namespace fleetjobs
