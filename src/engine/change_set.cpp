#include "engine/change_set.h"

#include "engine/execution_timers.h"

namespace fleetjobs {

ExecutionRecordChange RecordOf(const JobExecution& e, std::optional<ExecutionStatus> from,
                               std::optional<ExecutionStatus> to, bool deadline_changed) {
  ExecutionRecordChange c;
  c.job_id = e.job_id;
  c.thing_name = e.thing_name;
  c.execution_number = e.execution_number;
  c.from = from;
  c.to = to;
  c.version_number = e.version_number;
  if (to) c.deadline = EffectiveDeadline(e);
  c.deadline_changed = deadline_changed;
  c.status_details = e.status_details;
  return c;
}

}  // namespace fleetjobs
