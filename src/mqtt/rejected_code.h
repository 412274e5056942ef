// RejectedCode: the `code` of an MQTT jobs `/rejected` reply (digest §4.2), and the one table that
// maps an engine ErrorCode to it.
//
// Only these nine strings may ever be sent: the C++ device SDK asserts on any other. InvalidTopic
// and InvalidJson arise at the MQTT edge only; the others come from engine errors. Stateless.
#pragma once

#include <string_view>

#include "common/result.h"

namespace fleetjobs::mqtt {

enum class RejectedCode {
  kInvalidTopic,
  kInvalidJson,
  kInvalidRequest,
  kInvalidStateTransition,
  kResourceNotFound,
  kVersionMismatch,
  kInternalError,
  kRequestThrottled,
  kTerminalStateReached,
};

std::string_view RejectedCodeName(RejectedCode code);

// kInvalidRequest → InvalidRequest, kNotFound → ResourceNotFound, kVersionMismatch →
// VersionMismatch, kInvalidStateTransition → InvalidStateTransition, kTerminalState →
// TerminalStateReached, kThrottled and kUnavailable (retry later) → RequestThrottled; everything
// else (kInternal, codes a device operation never returns) → InternalError.
RejectedCode RejectedCodeFor(ErrorCode code);

// Whether AWS adds `executionState` to a rejection with this code (InvalidStateTransition and
// VersionMismatch).
bool CarriesExecutionState(RejectedCode code);

}  // namespace fleetjobs::mqtt
