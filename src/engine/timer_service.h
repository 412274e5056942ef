// TimerService: keeps the TimerQueue in step with the store and fires what falls due.
//
// As a ChangeListener it arms, moves and disarms timers from every committed ChangeSet (execution
// deadlines, job wake-ups). Recover() rebuilds the queue from the stored deadlines and jobs at
// start-up, so after a restart every timer, rollout and schedule resumes. FireDue() pops the due
// timers in due order and hands each to the JobRunner, which re-checks it against the store in its
// own transaction: a timer that fires twice, or late, changes nothing the second time.
//
// Who calls FireDue: the TimerRunner thread (engine/timer_runner.h), and VirtualTime::Advance in
// --virtual-clock mode. FireDue calls are serialised.
//
// Thread-safe. The context and runner must outlive it.
#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "common/result.h"
#include "engine/change_set.h"
#include "engine/engine_context.h"
#include "engine/job_runner.h"
#include "engine/timer_queue.h"

namespace fleetjobs {

class TimerService final : public ChangeListener {
 public:
  TimerService(EngineContext& ctx, JobRunner& runner) : ctx_(ctx), runner_(runner) {}

  // Arms every stored deadline and every SCHEDULED / IN_PROGRESS job's next wake-up.
  Status Recover();

  void OnCommitted(const ChangeSet& changes) override;

  // Called (without locks held) whenever a timer was armed, so a waiting runner re-evaluates.
  // REQUIRES: set before the engine serves requests.
  void SetOnArmed(std::function<void()> on_armed) { on_armed_ = std::move(on_armed); }

  std::optional<Timestamp> NextDue() const { return queue_.NextDue(); }
  size_t size() const { return queue_.size(); }

  // Fires every timer due at or before the clock's now, earliest first, including timers that
  // firing arms for "now" (e.g. the next rollout batch). Returns how many fired.
  int64_t FireDue();

 private:
  EngineContext& ctx_;
  JobRunner& runner_;
  TimerQueue queue_;
  std::mutex fire_mu_;
  std::function<void()> on_armed_;
};

}  // namespace fleetjobs
