// ExecutionView: an execution as the API returns it, with the values derived at read time.
#pragma once

#include <optional>
#include <string>

#include "model/job_execution.h"

namespace fleetjobs {

struct ExecutionView {
  JobExecution execution;
  // Seconds until the effective (in-progress or step) deadline; absent if no timer runs or the
  // execution is terminal.
  std::optional<int64_t> approximate_seconds_before_timed_out;
  // The job document (after substitution) when the caller asked for it.
  std::optional<std::string> job_document;
};

}  // namespace fleetjobs
