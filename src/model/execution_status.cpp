#include "model/execution_status.h"

#include <array>

namespace fleetjobs {
namespace {

using S = ExecutionStatus;
using A = ExecutionActor;

struct ExecutionTransition {
  S from;
  S to;
  A actor;
};

constexpr std::array kExecutionTransitions = {
    // Device reports. IN_PROGRESS -> IN_PROGRESS is a progress update.
    ExecutionTransition{S::kQueued, S::kInProgress, A::kDevice},
    ExecutionTransition{S::kQueued, S::kSucceeded, A::kDevice},
    ExecutionTransition{S::kQueued, S::kFailed, A::kDevice},
    ExecutionTransition{S::kQueued, S::kRejected, A::kDevice},
    ExecutionTransition{S::kInProgress, S::kInProgress, A::kDevice},
    ExecutionTransition{S::kInProgress, S::kSucceeded, A::kDevice},
    ExecutionTransition{S::kInProgress, S::kFailed, A::kDevice},
    ExecutionTransition{S::kInProgress, S::kRejected, A::kDevice},
    // Operator cancel: only queued work without force.
    ExecutionTransition{S::kQueued, S::kCanceled, A::kOperator},
    ExecutionTransition{S::kQueued, S::kCanceled, A::kOperatorForce},
    ExecutionTransition{S::kInProgress, S::kCanceled, A::kOperatorForce},
    // Service: timers, membership, abort, end behavior.
    ExecutionTransition{S::kInProgress, S::kTimedOut, A::kService},
    ExecutionTransition{S::kQueued, S::kRemoved, A::kService},
    ExecutionTransition{S::kInProgress, S::kRemoved, A::kService},
    ExecutionTransition{S::kQueued, S::kCanceled, A::kService},
    ExecutionTransition{S::kInProgress, S::kCanceled, A::kService},
};

}  // namespace

bool IsTerminal(ExecutionStatus s) { return s != S::kQueued && s != S::kInProgress; }

bool IsDeviceSettable(ExecutionStatus s) {
  return s == S::kInProgress || s == S::kSucceeded || s == S::kFailed || s == S::kRejected;
}

bool ExecutionTransitionAllowed(ExecutionStatus from, ExecutionStatus to, ExecutionActor actor) {
  for (const auto& t : kExecutionTransitions) {
    if (t.from == from && t.to == to && t.actor == actor) return true;
  }
  return false;
}

}  // namespace fleetjobs
