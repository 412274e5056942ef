// Rollout: turns a job's targets into executions at its rollout rate, inside its maintenance
// windows, and says when the job next needs the engine's attention (digest §5.9, §5.11).
//
// A job without rollout config and without maintenance windows gets every execution when it
// starts (CreateJob, or startTime of a SCHEDULED job). Otherwise its things wait, in target
// order, in the store's rollout queue; each call to Advance releases what the current rollout
// minute still allows (at most kMaxBatch per call, so a huge release is split into several
// transactions), and NextJobWakeup says when to call it again. Job::rollout holds the progress;
// processingTargets and isConcurrent are set while things wait.
//
// Pure engine logic over a StoreTxn and an ExecutionMutator; used by JobService and JobRunner.
// REQUIRES: called inside the store transaction the mutator belongs to.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "engine/execution_mutator.h"
#include "model/job.h"
#include "store/store.h"

namespace fleetjobs {

class Rollout {
 public:
  static constexpr int kMaxBatch = 5000;

  // True when the job's things must go through the rollout queue (rate or windows).
  static bool IsPaced(const Job& job);

  // Starts the rollout of `things` (unique, in target order) for the mutator's job: queues them
  // and releases the first batch if a window is open.
  static Status Begin(StoreTxn& txn, ExecutionMutator& mutator, const std::vector<std::string>& things,
                      Timestamp now);

  // Releases the things that are due at `now`. A no-op outside a window, after the job left
  // IN_PROGRESS, or when nothing waits.
  static Status Advance(StoreTxn& txn, ExecutionMutator& mutator, Timestamp now);

  // When the engine must next look at `job`: its startTime (SCHEDULED), its endTime, the next
  // rollout batch or window opening. nullopt when nothing will ever be due.
  static std::optional<Timestamp> NextJobWakeup(const Job& job, Timestamp now);

  // How many more executions the current rollout minute allows at `now`.
  static int64_t AllowedNow(const Job& job, Timestamp now);

  // The rate of a rollout minute beginning now: from the things notified and succeeded so far.
  static int64_t MinuteRate(const Job& job);
};

}  // namespace fleetjobs
