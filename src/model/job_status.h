// JobStatus: the job state machine, as one enum and one transition table.
//
// AWS strings ("IN_PROGRESS", ...) exist only in the wire codecs (src/api); the store persists the
// numeric values, so the numbers are part of the storage format: never renumber.
#pragma once

#include <cstdint>

namespace fleetjobs {

enum class JobStatus : int8_t {
  kInProgress = 0,
  kCanceled = 1,
  kCompleted = 2,
  kDeletionInProgress = 3,
  kScheduled = 4,
};

// Why a job changes state; the transition table is keyed on it.
enum class JobTrigger : int8_t {
  kStart,        // SCHEDULED -> IN_PROGRESS when startTime is reached
  kComplete,     // SNAPSHOT job: rollout done and every execution terminal
  kCancel,       // CancelJob, abort criterion, end behavior
  kDelete,       // DeleteJob without force
  kForceDelete,  // DeleteJob with force
};

// The one table: is `trigger` allowed to move a job from `from` to `to`?
bool JobTransitionAllowed(JobStatus from, JobStatus to, JobTrigger trigger);

// True for COMPLETED and CANCELED (the states a non-forced delete accepts).
bool IsJobFinished(JobStatus s);

}  // namespace fleetjobs
