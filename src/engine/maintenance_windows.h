// MaintenanceWindows: when a job's maintenanceWindows are open (digest §5.11).
//
// Each window opens at every start time of its cron expression (engine/cron_schedule.h, UTC) and
// stays open durationInMinutes; a job with windows rolls out, and offers QUEUED executions to its
// devices, only while one of them is open. Thread-safe (immutable after Parse).
#pragma once

#include <optional>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "engine/cron_schedule.h"
#include "model/job_configs.h"

namespace fleetjobs {

class MaintenanceWindows {
 public:
  // kInvalidRequest when a start time is not a valid cron expression.
  static Result<MaintenanceWindows> Parse(const std::vector<MaintenanceWindow>& windows);
  // The windows of a job; empty (always open) when it has none or they do not parse.
  static MaintenanceWindows ForJob(const std::optional<SchedulingConfig>& scheduling);

  bool empty() const { return windows_.empty(); }
  // True when there are no windows, or `now` lies in [start, start + duration) of one.
  bool IsOpen(Timestamp now) const;
  // The next time a window opens strictly after `now`; nullopt when none ever will.
  std::optional<Timestamp> NextOpen(Timestamp now) const;
  // The next `count` window start times strictly after `after`, earliest first, duplicates merged
  // (scheduledJobRollouts).
  std::vector<Timestamp> NextStarts(Timestamp after, int count) const;

 private:
  struct Window {
    CronSchedule start;
    std::chrono::minutes duration;
  };
  std::vector<Window> windows_;
};

}  // namespace fleetjobs
