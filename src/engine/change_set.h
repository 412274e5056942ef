// ChangeSet: what one engine transaction changed, for the components that react after it commits.
//
// The ExecutionMutator and the services fill a ChangeSet inside a store transaction; the engine
// hands it to every ChangeListener once the transaction has committed (never after a rollback).
// Listeners: the timer service (arms execution deadlines and job wake-ups), the MQTT front end
// (notify, notify-next) and the event publisher ($aws/events/...).
//
// Thread safety: a ChangeSet belongs to the thread running the transaction. Listeners are called
// on that thread after the commit, must be thread-safe, must not block for long and must not
// start a store transaction from inside OnCommitted (queue the work instead).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/execution_status.h"
#include "model/job.h"
#include "model/job_execution.h"
#include "model/job_status.h"

namespace fleetjobs {

// One execution row that was created, changed or deleted.
struct ExecutionRecordChange {
  std::string job_id;
  std::string thing_name;
  int64_t execution_number = 0;
  std::optional<ExecutionStatus> from;  // nullopt: the execution was created
  std::optional<ExecutionStatus> to;    // nullopt: the execution was deleted
  int64_t version_number = 0;           // after the change
  // The earlier of its in-progress and step deadlines after the change; nullopt when no timer runs.
  std::optional<Timestamp> deadline;
  bool deadline_changed = false;
  // The statusDetails after the change (before the deletion for a deleted row), for job-execution
  // events.
  StatusDetails status_details;
};

// The record of `e` moving from `from` to `to` (see above), with its current effective deadline.
ExecutionRecordChange RecordOf(const JobExecution& e, std::optional<ExecutionStatus> from,
                               std::optional<ExecutionStatus> to, bool deadline_changed);

// One job row that was created, changed or deleted.
struct JobRecordChange {
  std::string job_id;
  std::optional<JobStatus> from;  // nullopt: the job was created
  std::optional<JobStatus> to;    // nullopt: the job was deleted
  // When the engine must next look at this job (rollout batch, start or end time, maintenance
  // window edge); nullopt when nothing is due.
  std::optional<Timestamp> next_wakeup;
  // The job row after the change (as it was before the deletion for a deleted job), for job
  // events; shared so listeners may keep it past OnCommitted.
  std::shared_ptr<const Job> job;
};

struct ChangeSet {
  Timestamp at{};
  std::vector<ExecutionRecordChange> executions;
  std::vector<JobRecordChange> jobs;

  bool empty() const { return executions.empty() && jobs.empty(); }
  void Clear() {
    executions.clear();
    jobs.clear();
  }
};

class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  virtual void OnCommitted(const ChangeSet& changes) = 0;
};

}  // namespace fleetjobs
