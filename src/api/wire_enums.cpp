#include "api/wire_enums.h"

#include <array>
#include <string>
#include <utility>

namespace fleetjobs::api {
namespace {

constexpr std::array<std::pair<JobStatus, std::string_view>, 5> kJobStatus = {{
    {JobStatus::kInProgress, "IN_PROGRESS"},
    {JobStatus::kCanceled, "CANCELED"},
    {JobStatus::kCompleted, "COMPLETED"},
    {JobStatus::kDeletionInProgress, "DELETION_IN_PROGRESS"},
    {JobStatus::kScheduled, "SCHEDULED"},
}};

constexpr std::array<std::pair<ExecutionStatus, std::string_view>, kExecutionStatusCount> kExecutionStatus = {
    {
        {ExecutionStatus::kQueued, "QUEUED"},
        {ExecutionStatus::kInProgress, "IN_PROGRESS"},
        {ExecutionStatus::kSucceeded, "SUCCEEDED"},
        {ExecutionStatus::kFailed, "FAILED"},
        {ExecutionStatus::kTimedOut, "TIMED_OUT"},
        {ExecutionStatus::kRejected, "REJECTED"},
        {ExecutionStatus::kRemoved, "REMOVED"},
        {ExecutionStatus::kCanceled, "CANCELED"},
    }};

constexpr std::array<std::pair<TargetSelection, std::string_view>, 2> kTargetSelection = {{
    {TargetSelection::kContinuous, "CONTINUOUS"},
    {TargetSelection::kSnapshot, "SNAPSHOT"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "UNKNOWN";
}

template <typename E, size_t N>
Result<E> ParseOf(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s,
                  std::string_view field) {
  std::string accepted;
  for (const auto& [v, name] : table) {
    if (name == s) return v;
    if (!accepted.empty()) accepted += ", ";
    accepted += name;
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   std::string(field) + " must be one of " + accepted + " (got '" + std::string(s) + "')");
}

}  // namespace

std::string_view JobStatusName(JobStatus s) { return NameOf(kJobStatus, s); }
std::string_view ExecutionStatusName(ExecutionStatus s) { return NameOf(kExecutionStatus, s); }
std::string_view TargetSelectionName(TargetSelection t) { return NameOf(kTargetSelection, t); }

Result<JobStatus> ParseJobStatus(std::string_view s, std::string_view field) {
  return ParseOf(kJobStatus, s, field);
}
Result<ExecutionStatus> ParseExecutionStatus(std::string_view s, std::string_view field) {
  return ParseOf(kExecutionStatus, s, field);
}
Result<TargetSelection> ParseTargetSelection(std::string_view s, std::string_view field) {
  return ParseOf(kTargetSelection, s, field);
}

}  // namespace fleetjobs::api
