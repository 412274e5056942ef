#include "model/job_status.h"

#include <array>

namespace fleetjobs {
namespace {

struct JobTransition {
  JobStatus from;
  JobStatus to;
  JobTrigger trigger;
};

constexpr std::array kJobTransitions = {
    JobTransition{JobStatus::kScheduled, JobStatus::kInProgress, JobTrigger::kStart},
    JobTransition{JobStatus::kInProgress, JobStatus::kCompleted, JobTrigger::kComplete},
    JobTransition{JobStatus::kInProgress, JobStatus::kCanceled, JobTrigger::kCancel},
    JobTransition{JobStatus::kScheduled, JobStatus::kCanceled, JobTrigger::kCancel},
    JobTransition{JobStatus::kCompleted, JobStatus::kDeletionInProgress, JobTrigger::kDelete},
    JobTransition{JobStatus::kCanceled, JobStatus::kDeletionInProgress, JobTrigger::kDelete},
    JobTransition{JobStatus::kCompleted, JobStatus::kDeletionInProgress, JobTrigger::kForceDelete},
    JobTransition{JobStatus::kCanceled, JobStatus::kDeletionInProgress, JobTrigger::kForceDelete},
    JobTransition{JobStatus::kInProgress, JobStatus::kDeletionInProgress, JobTrigger::kForceDelete},
    JobTransition{JobStatus::kScheduled, JobStatus::kDeletionInProgress, JobTrigger::kForceDelete},
};

}  // namespace

bool JobTransitionAllowed(JobStatus from, JobStatus to, JobTrigger trigger) {
  for (const auto& t : kJobTransitions) {
    if (t.from == from && t.to == to && t.trigger == trigger) return true;
  }
  return false;
}

bool IsJobFinished(JobStatus s) { return s == JobStatus::kCompleted || s == JobStatus::kCanceled; }

}  // namespace fleetjobs
