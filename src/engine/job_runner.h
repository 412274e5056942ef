// JobRunner: what the engine does when a timer fires (digest §5.7, §5.9, §5.11).
//
// The timer service (engine/timer_service.h) calls it with the key of a timer that fell due;
// each call is one store transaction that re-reads the rows and acts only if the timer is still
// due at the clock's "now", so a stale or repeated timer (another replica fired it, a device
// updated meanwhile, a restart re-armed it) changes nothing. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "engine/engine_context.h"

namespace fleetjobs {

class JobRunner {
 public:
  explicit JobRunner(EngineContext& ctx) : ctx_(ctx) {}

  // The execution becomes TIMED_OUT if it is IN_PROGRESS and its in-progress or step deadline has
  // passed (which may queue a retry and trip the job's abortConfig).
  Status FireExecutionTimer(const std::string& job_id, const std::string& thing_name,
                            int64_t execution_number);

  // Starts a SCHEDULED job at its startTime, applies its endBehavior at endTime and releases the
  // rollout batches that are due. Always records the job's next wake-up in the ChangeSet.
  Status WakeJob(const std::string& job_id);

 private:
  EngineContext& ctx_;
};

}  // namespace fleetjobs
