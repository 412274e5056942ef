// ExecutionStatus: the job-execution state machine, as one enum and one transition table.
//
// Numeric values are the storage format: never renumber.
#pragma once

#include <cstdint>

namespace fleetjobs {

enum class ExecutionStatus : int8_t {
  kQueued = 0,
  kInProgress = 1,
  kSucceeded = 2,
  kFailed = 3,
  kTimedOut = 4,
  kRejected = 5,
  kRemoved = 6,
  kCanceled = 7,
};
inline constexpr int kExecutionStatusCount = 8;

// Who asks for the change; the transition table is keyed on it.
enum class ExecutionActor : int8_t {
  kDevice,         // UpdateJobExecution / StartNext (HTTP or MQTT)
  kOperator,       // CancelJobExecution, CancelJob (without force)
  kOperatorForce,  // CancelJobExecution/CancelJob with force=true
  kService,        // timers, target membership changes, abort, end behavior
};

// QUEUED and IN_PROGRESS are pending; everything else is terminal.
bool IsTerminal(ExecutionStatus s);
inline bool IsPending(ExecutionStatus s) { return !IsTerminal(s); }

// A device may report only IN_PROGRESS, SUCCEEDED, FAILED, REJECTED.
bool IsDeviceSettable(ExecutionStatus s);

// The one table: may `actor` move an execution from `from` to `to`?
bool ExecutionTransitionAllowed(ExecutionStatus from, ExecutionStatus to, ExecutionActor actor);

}  // namespace fleetjobs
