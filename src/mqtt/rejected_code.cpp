#include "mqtt/rejected_code.h"

#include <array>

namespace fleetjobs::mqtt {
namespace {

struct Row {
  ErrorCode error;
  RejectedCode rejected;
};

// The table (digest §4.2). Codes not listed become InternalError.
constexpr std::array kTable = {
    Row{ErrorCode::kInvalidRequest, RejectedCode::kInvalidRequest},
    Row{ErrorCode::kNotFound, RejectedCode::kResourceNotFound},
    Row{ErrorCode::kVersionMismatch, RejectedCode::kVersionMismatch},
    Row{ErrorCode::kInvalidStateTransition, RejectedCode::kInvalidStateTransition},
    Row{ErrorCode::kTerminalState, RejectedCode::kTerminalStateReached},
    Row{ErrorCode::kThrottled, RejectedCode::kRequestThrottled},
    Row{ErrorCode::kUnavailable, RejectedCode::kRequestThrottled},
    Row{ErrorCode::kInternal, RejectedCode::kInternalError},
};

}  // namespace

std::string_view RejectedCodeName(RejectedCode code) {
  switch (code) {
    case RejectedCode::kInvalidTopic:
      return "InvalidTopic";
    case RejectedCode::kInvalidJson:
      return "InvalidJson";
    case RejectedCode::kInvalidRequest:
      return "InvalidRequest";
    case RejectedCode::kInvalidStateTransition:
      return "InvalidStateTransition";
    case RejectedCode::kResourceNotFound:
      return "ResourceNotFound";
    case RejectedCode::kVersionMismatch:
      return "VersionMismatch";
    case RejectedCode::kInternalError:
      return "InternalError";
    case RejectedCode::kRequestThrottled:
      return "RequestThrottled";
    case RejectedCode::kTerminalStateReached:
      return "TerminalStateReached";
  }
  return "InternalError";
}

RejectedCode RejectedCodeFor(ErrorCode code) {
  for (const Row& row : kTable) {
    if (row.error == code) return row.rejected;
  }
  return RejectedCode::kInternalError;
}

bool CarriesExecutionState(RejectedCode code) {
  return code == RejectedCode::kInvalidStateTransition || code == RejectedCode::kVersionMismatch;
}

}  // namespace fleetjobs::mqtt
