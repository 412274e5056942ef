#include "engine/job_service.h"

#include <unordered_set>
#include <utility>

#include "engine/document_substitution.h"
#include "engine/execution_mutator.h"
#include "engine/execution_timers.h"
#include "engine/lookups.h"
#include "engine/maintenance_windows.h"
#include "engine/rollout.h"
#include "engine/schedule_time.h"
#include "engine/target_resolver.h"
#include "engine/validation.h"

namespace fleetjobs {
namespace {

constexpr int kScanBatch = 1000;  // rows per store page when the engine walks a whole job

Status ValidateConfigs(const std::optional<PresignedUrlConfig>& presigned,
                       const std::optional<RolloutConfig>& rollout, const std::optional<AbortConfig>& abort,
                       const std::optional<TimeoutConfig>& timeout, const std::optional<RetryConfig>& retry) {
  if (presigned) FJ_RETURN_IF_ERROR(validation::ValidatePresignedUrlConfig(*presigned));
  if (rollout) FJ_RETURN_IF_ERROR(validation::ValidateRolloutConfig(*rollout));
  if (abort) FJ_RETURN_IF_ERROR(validation::ValidateAbortConfig(*abort));
  if (timeout) FJ_RETURN_IF_ERROR(validation::ValidateTimeoutConfig(*timeout));
  if (retry) FJ_RETURN_IF_ERROR(validation::ValidateRetryConfig(*retry));
  return Status::Ok();
}

Status ValidateCreate(const CreateJobRequest& req, Timestamp now) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(req.job_id));
  if (req.document && req.document_source) {
    return MakeError(ErrorCode::kInvalidRequest, "Only one of document or documentSource may be provided");
  }
  if (req.document) FJ_RETURN_IF_ERROR(validation::ValidateDocument(*req.document));
  if (req.document_source) FJ_RETURN_IF_ERROR(validation::ValidateDocumentSource(*req.document_source));
  if (req.description) FJ_RETURN_IF_ERROR(validation::ValidateDescription(*req.description));
  FJ_RETURN_IF_ERROR(ValidateConfigs(req.presigned_url_config, req.rollout_config, req.abort_config,
                                     req.timeout_config, req.retry_config));
  if (req.scheduling_config)
    FJ_RETURN_IF_ERROR(validation::ValidateSchedulingConfig(*req.scheduling_config, now));
  if (req.namespace_id) FJ_RETURN_IF_ERROR(validation::ValidateNamespaceId(*req.namespace_id));
  if (req.job_template_arn)
    FJ_RETURN_IF_ERROR(validation::ValidateArnString(*req.job_template_arn, "jobTemplateArn"));
  if (req.document_parameters)
    FJ_RETURN_IF_ERROR(validation::ValidateDocumentParameters(*req.document_parameters));
  if (req.destination_package_versions) {
    FJ_RETURN_IF_ERROR(validation::ValidatePackageVersions(*req.destination_package_versions));
  }
  FJ_RETURN_IF_ERROR(validation::ValidateTags(req.tags));
  return Status::Ok();
}

Error TooManyTargets(const std::string& job_id, size_t count, int max) {
  return MakeError(ErrorCode::kLimitExceeded, "Job " + job_id + " would have " + std::to_string(count) +
                                                  " targets; at most " + std::to_string(max) +
                                                  " are allowed");
}

// Fills the job fields the request leaves unset from the template named by jobTemplateArn.
Status ApplyTemplate(const ArnFormat& arns, StoreTxn& txn, const std::string& template_arn, Job& job) {
  auto parsed = arns.Parse(template_arn);
  if (parsed && parsed->kind != ArnKind::kJobTemplate) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "jobTemplateArn '" + template_arn + "' is not a job template ARN");
  }
  if (!parsed) {
    // Another account or region, or an AWS managed template: none of them exists here.
    return MakeError(ErrorCode::kNotFound, "Job template " + template_arn + " does not exist");
  }
  FJ_ASSIGN_OR_RETURN(JobTemplate tmpl, LoadJobTemplate(txn, parsed->name));
  if (!job.document && !job.document_source) {
    job.document = tmpl.document;
    job.document_source = tmpl.document_source;
  }
  if (!job.presigned_url_config) job.presigned_url_config = tmpl.presigned_url_config;
  if (!job.rollout_config) job.rollout_config = tmpl.rollout_config;
  if (!job.abort_config) job.abort_config = tmpl.abort_config;
  if (!job.timeout_config) job.timeout_config = tmpl.timeout_config;
  if (!job.retry_config) job.retry_config = tmpl.retry_config;
  if (tmpl.maintenance_windows && !(job.scheduling_config && job.scheduling_config->maintenance_windows)) {
    if (!job.scheduling_config) job.scheduling_config.emplace();
    job.scheduling_config->maintenance_windows = tmpl.maintenance_windows;
  }
  if (job.destination_package_versions.empty())
    job.destination_package_versions = tmpl.destination_package_versions;
  return Status::Ok();
}

Job JobFromRequest(const CreateJobRequest& req, const ArnFormat& arns, Timestamp now) {
  Job job;
  job.job_id = req.job_id;
  job.job_arn = arns.Job(req.job_id);
  job.target_selection = req.target_selection.value_or(TargetSelection::kSnapshot);
  job.description = req.description;
  job.document = req.document;
  job.document_source = req.document_source;
  job.presigned_url_config = req.presigned_url_config;
  job.rollout_config = req.rollout_config;
  job.abort_config = req.abort_config;
  job.timeout_config = req.timeout_config;
  job.retry_config = req.retry_config;
  job.scheduling_config = req.scheduling_config;
  job.namespace_id = req.namespace_id;
  job.job_template_arn = req.job_template_arn;
  if (req.document_parameters) job.document_parameters = *req.document_parameters;
  if (req.destination_package_versions) job.destination_package_versions = *req.destination_package_versions;
  job.created_at = now;
  job.last_updated_at = now;
  // A start time was validated to lie at least 30 minutes ahead, so it always means "later".
  bool scheduled = job.scheduling_config && job.scheduling_config->start_time;
  job.status = scheduled ? JobStatus::kScheduled : JobStatus::kInProgress;
  return job;
}

Error AlreadyExists(const Job& job) {
  Error e = MakeError(ErrorCode::kAlreadyExists, "Job " + job.job_id + " already exists");
  e.resource_id = job.job_id;
  e.resource_arn = job.job_arn;
  return e;
}

std::string_view JobStateWords(JobStatus s) {
  switch (s) {
    case JobStatus::kCompleted:
      return "is already completed";
    case JobStatus::kCanceled:
      return "is already canceled";
    case JobStatus::kDeletionInProgress:
      return "is being deleted";
    case JobStatus::kScheduled:
      return "is scheduled";
    case JobStatus::kInProgress:
      return "is in progress";
  }
  return "is in another state";
}

// Resolves ListJobs' thingGroupId to a group name (kNotFound when no group has that id).
Result<std::string> GroupNameForId(StoreTxn& txn, const std::string& group_id) {
  PageRequest page;
  page.limit = kScanBatch;
  for (;;) {
    FJ_ASSIGN_OR_RETURN(Page<ThingGroup> groups, txn.ListThingGroups(ThingGroupFilter{}, page));
    for (const ThingGroup& g : groups.items) {
      if (g.group_id == group_id) return g.group_name;
    }
    if (!groups.next) break;
    page.after = *groups.next;
  }
  return MakeError(ErrorCode::kNotFound, "Thing group with id " + group_id + " does not exist");
}

// The bulk path of CreateJob (no rollout pacing): one QUEUED execution per thing, written without
// a mutator because the job row already carries their counts.
Status InsertFirstExecutions(StoreTxn& txn, const Job& job, std::vector<std::string>& things, Timestamp now,
                             ChangeSet& changes) {
  JobExecution e;
  e.job_id = job.job_id;
  e.execution_number = 1;
  e.status = ExecutionStatus::kQueued;
  e.queued_at = now;
  e.last_updated_at = now;
  e.version_number = 1;
  e.namespace_id = job.namespace_id;
  changes.executions.reserve(changes.executions.size() + things.size());
  for (std::string& thing : things) {
    e.thing_name = std::move(thing);
    FJ_RETURN_IF_ERROR(txn.InsertExecution(e));
    changes.executions.push_back(RecordOf(e, std::nullopt, e.status, false));
  }
  return Status::Ok();
}

// Records every pending execution of a job about to be deleted as deleted.
Status RecordDeletedPending(StoreTxn& txn, const std::string& job_id, ChangeSet& changes) {
  for (ExecutionStatus status : {ExecutionStatus::kQueued, ExecutionStatus::kInProgress}) {
    ExecutionFilter filter;
    filter.status = status;
    PageRequest page;
    page.limit = kScanBatch;
    for (;;) {
      FJ_ASSIGN_OR_RETURN(Page<JobExecution> execs, txn.ListExecutionsForJob(job_id, filter, page));
      for (const JobExecution& e : execs.items) {
        changes.executions.push_back(RecordOf(e, e.status, std::nullopt, EffectiveDeadline(e).has_value()));
      }
      if (!execs.next) break;
      page.after = *execs.next;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Job> JobService::CreateJob(const CreateJobRequest& req) {
  const Timestamp now = ctx_.clock.Now();
  FJ_RETURN_IF_ERROR(ValidateCreate(req, now));
  FJ_ASSIGN_OR_RETURN(std::vector<std::string> targets,
                      TargetResolver::NormalizeTargets(ctx_.arns, req.targets));
  if (targets.size() > static_cast<size_t>(ctx_.options.max_targets_per_job)) {
    return TooManyTargets(req.job_id, targets.size(), ctx_.options.max_targets_per_job);
  }

  Job result;
  Status st = ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    Job job = JobFromRequest(req, ctx_.arns, now);
    job.targets = targets;
    auto existing = txn.GetJob(req.job_id);
    if (existing.ok()) return AlreadyExists(job);
    if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();

    if (req.job_template_arn) FJ_RETURN_IF_ERROR(ApplyTemplate(ctx_.arns, txn, *req.job_template_arn, job));
    if (!job.document && !job.document_source) {
      return MakeError(
          ErrorCode::kInvalidRequest,
          "One of document or documentSource must be provided (or a jobTemplateArn that has one)");
    }

    TargetResolver resolver(ctx_.arns, txn);
    FJ_RETURN_IF_ERROR(resolver.CheckExist(job.targets));
    std::vector<std::string> things;
    if (job.status == JobStatus::kInProgress) {
      FJ_RETURN_IF_ERROR(resolver.Expand(job.targets, [&](const std::string& thing) {
        things.push_back(thing);
        return Status::Ok();
      }));
    }
    const bool paced = job.status == JobStatus::kInProgress && Rollout::IsPaced(job);
    if (!paced) {
      job.process_details[ExecutionStatus::kQueued] = static_cast<int64_t>(things.size());
      job.thing_details = job.process_details;
      ExecutionMutator::CompleteIfDone(job, now);
    }
    Status inserted = txn.InsertJob(job);
    if (!inserted.ok()) {
      if (inserted.error().code == ErrorCode::kAlreadyExists) return AlreadyExists(job);
      return inserted;
    }
    if (paced) {
      ExecutionMutator mutator(txn, now, std::move(job), changes);
      FJ_RETURN_IF_ERROR(Rollout::Begin(txn, mutator, things, now));
      FJ_RETURN_IF_ERROR(mutator.Finish());
      job = mutator.CurrentJob();
    } else {
      FJ_RETURN_IF_ERROR(InsertFirstExecutions(txn, job, things, now, changes));
      changes.jobs.push_back(JobRecordChange{job.job_id, std::nullopt, job.status,
                                             Rollout::NextJobWakeup(job, now),
                                             std::make_shared<const Job>(job)});
    }
    if (!req.tags.empty()) FJ_RETURN_IF_ERROR(txn.PutTags(job.job_arn, req.tags));
    result = std::move(job);
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Status JobService::UpdateJob(const UpdateJobRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(req.job_id));
  if (req.namespace_id) FJ_RETURN_IF_ERROR(validation::ValidateNamespaceId(*req.namespace_id));
  if (req.description) FJ_RETURN_IF_ERROR(validation::ValidateDescription(*req.description));
  FJ_RETURN_IF_ERROR(ValidateConfigs(req.presigned_url_config, req.rollout_config, req.abort_config,
                                     req.timeout_config, req.retry_config));
  const Timestamp now = ctx_.clock.Now();
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, req.job_id));
    FJ_RETURN_IF_ERROR(CheckNamespace(job, req.namespace_id));
    if (job.status == JobStatus::kDeletionInProgress) {
      return MakeError(ErrorCode::kInvalidStateTransition, "Job " + job.job_id + " is being deleted");
    }
    if (req.description) job.description = req.description;
    if (req.presigned_url_config) job.presigned_url_config = req.presigned_url_config;
    if (req.rollout_config) job.rollout_config = req.rollout_config;
    if (req.abort_config) job.abort_config = req.abort_config;
    // Executions already IN_PROGRESS keep their deadline; the new value applies to later starts.
    if (req.timeout_config) job.timeout_config = req.timeout_config;
    if (req.retry_config) job.retry_config = req.retry_config;
    job.last_updated_at = now;
    FJ_RETURN_IF_ERROR(txn.UpdateJob(job));
    changes.jobs.push_back(JobRecordChange{job.job_id, job.status, job.status,
                                           Rollout::NextJobWakeup(job, now),
                                           std::make_shared<const Job>(job)});
    return Status::Ok();
  });
}

Result<Job> JobService::CancelJob(const CancelJobRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(req.job_id));
  if (req.reason_code) FJ_RETURN_IF_ERROR(validation::ValidateReasonCode(*req.reason_code));
  if (req.comment) FJ_RETURN_IF_ERROR(validation::ValidateDescription(*req.comment, "comment"));
  const Timestamp now = ctx_.clock.Now();
  Job result;
  Status st = ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, req.job_id));
    if (!JobTransitionAllowed(job.status, JobStatus::kCanceled, JobTrigger::kCancel)) {
      return MakeError(ErrorCode::kInvalidStateTransition, "Job " + job.job_id + " cannot be canceled: it " +
                                                               std::string(JobStateWords(job.status)));
    }
    ExecutionMutator mutator(txn, now, std::move(job), changes);
    FJ_RETURN_IF_ERROR(mutator.CancelJob(req.force, req.reason_code, req.comment));
    FJ_RETURN_IF_ERROR(mutator.Finish());
    result = mutator.CurrentJob();
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Status JobService::DeleteJob(const DeleteJobRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(req.job_id));
  if (req.namespace_id) FJ_RETURN_IF_ERROR(validation::ValidateNamespaceId(*req.namespace_id));
  return ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, req.job_id));
    FJ_RETURN_IF_ERROR(CheckNamespace(job, req.namespace_id));
    JobTrigger trigger = req.force ? JobTrigger::kForceDelete : JobTrigger::kDelete;
    if (!JobTransitionAllowed(job.status, JobStatus::kDeletionInProgress, trigger)) {
      std::string msg =
          "Job " + job.job_id + " cannot be deleted: it " + std::string(JobStateWords(job.status));
      if (!req.force && job.status != JobStatus::kDeletionInProgress) msg += "; cancel it first or use force";
      return MakeError(ErrorCode::kInvalidStateTransition, std::move(msg));
    }
    FJ_ASSIGN_OR_RETURN(int64_t deleting, txn.CountJobs(JobStatus::kDeletionInProgress));
    if (deleting >= ctx_.options.max_jobs_deleting) {
      return MakeError(ErrorCode::kLimitExceeded, "At most " +
                                                      std::to_string(ctx_.options.max_jobs_deleting) +
                                                      " jobs may be in DELETION_IN_PROGRESS at once");
    }
    // The deletion completes in this transaction, so DELETION_IN_PROGRESS is never observable and
    // the job id is free again once it commits.
    // Pending executions vanish with the job: their things' pending lists change.
    if (job.process_details[ExecutionStatus::kQueued] + job.process_details[ExecutionStatus::kInProgress] > 0)
      FJ_RETURN_IF_ERROR(RecordDeletedPending(txn, job.job_id, changes));
    FJ_RETURN_IF_ERROR(txn.DeleteJob(job.job_id));
    changes.jobs.push_back(JobRecordChange{job.job_id, job.status, std::nullopt, std::nullopt,
                                           std::make_shared<const Job>(job)});
    return txn.DeleteAllTags(job.job_arn);
  });
}

Result<Job> JobService::DescribeJob(const std::string& job_id) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(job_id));
  Job result;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(result, LoadJob(txn, job_id));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Result<Page<Job>> JobService::ListJobs(const ListJobsRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidatePageRequest(req.page));
  if (req.filter.namespace_id) FJ_RETURN_IF_ERROR(validation::ValidateNamespaceId(*req.filter.namespace_id));
  if (req.thing_group_name) FJ_RETURN_IF_ERROR(validation::ValidateThingGroupName(*req.thing_group_name));
  if (req.thing_group_id) FJ_RETURN_IF_ERROR(validation::ValidateThingGroupId(*req.thing_group_id));
  Page<Job> result;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    JobFilter filter = req.filter;
    std::optional<std::string> group = req.thing_group_name;
    if (req.thing_group_id) {
      FJ_ASSIGN_OR_RETURN(std::string by_id, GroupNameForId(txn, *req.thing_group_id));
      if (group && *group != by_id) {
        return MakeError(ErrorCode::kInvalidRequest, "thingGroupName and thingGroupId name different groups");
      }
      group = std::move(by_id);
    }
    if (group) filter.target_arn = ctx_.arns.ThingGroup(*group);
    FJ_ASSIGN_OR_RETURN(result, txn.ListJobs(filter, req.page));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Result<std::string> JobService::GetJobDocument(const std::string& job_id, bool before_substitution) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(job_id));
  Job job;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(job, LoadJob(txn, job_id));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  if (!job.document) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "Job " + job_id + " has a documentSource; its document is not stored by this server");
  }
  if (before_substitution) return *job.document;
  return SubstituteDocumentParameters(*job.document, job.document_parameters);
}

Result<Job> JobService::AssociateTargetsWithJob(const AssociateTargetsRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateJobId(req.job_id));
  if (req.namespace_id) FJ_RETURN_IF_ERROR(validation::ValidateNamespaceId(*req.namespace_id));
  if (req.comment) FJ_RETURN_IF_ERROR(validation::ValidateDescription(*req.comment, "comment"));
  FJ_ASSIGN_OR_RETURN(std::vector<std::string> targets,
                      TargetResolver::NormalizeTargets(ctx_.arns, req.targets));
  const Timestamp now = ctx_.clock.Now();
  Job result;
  Status st = ctx_.Commit([&](StoreTxn& txn, ChangeSet& changes) -> Status {
    FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, req.job_id));
    FJ_RETURN_IF_ERROR(CheckNamespace(job, req.namespace_id));
    if (job.target_selection != TargetSelection::kContinuous) {
      return MakeError(
          ErrorCode::kInvalidRequest,
          "Targets can only be associated with a CONTINUOUS job; job " + job.job_id + " is a SNAPSHOT job");
    }
    if (job.status != JobStatus::kInProgress) {
      return MakeError(ErrorCode::kInvalidStateTransition,
                       "Targets can only be associated with a job in progress; job " + job.job_id + " " +
                           std::string(JobStateWords(job.status)));
    }
    std::unordered_set<std::string> known(job.targets.begin(), job.targets.end());
    std::vector<std::string> added;
    for (const std::string& t : targets) {
      if (known.insert(t).second) added.push_back(t);
    }
    if (known.size() > static_cast<size_t>(ctx_.options.max_targets_per_job)) {
      return TooManyTargets(job.job_id, known.size(), ctx_.options.max_targets_per_job);
    }
    TargetResolver resolver(ctx_.arns, txn);
    FJ_RETURN_IF_ERROR(resolver.CheckExist(added));

    ExecutionMutator mutator(txn, now, std::move(job), changes);
    Job& j = mutator.MutableJob();
    j.targets.insert(j.targets.end(), added.begin(), added.end());
    if (req.comment) j.comment = req.comment;
    mutator.MarkJobChanged();
    // Things that already have an execution of this job (in any status) get no new one.
    PageRequest page;
    page.limit = kScanBatch;
    for (;;) {
      FJ_ASSIGN_OR_RETURN(Page<JobExecution> execs,
                          txn.ListExecutionsForJob(j.job_id, ExecutionFilter{}, page));
      for (const JobExecution& e : execs.items) resolver.MarkSeen(e.thing_name);
      if (!execs.next) break;
      page.after = *execs.next;
    }
    FJ_RETURN_IF_ERROR(
        resolver.Expand(added, [&](const std::string& thing) { return mutator.Enqueue(thing, 1); }));
    FJ_RETURN_IF_ERROR(mutator.Finish());
    result = mutator.CurrentJob();
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

std::vector<Timestamp> JobService::ScheduledJobRollouts(const Job& job) const {
  if (job.status != JobStatus::kScheduled && job.status != JobStatus::kInProgress) return {};
  MaintenanceWindows windows = MaintenanceWindows::ForJob(job.scheduling_config);
  if (windows.empty()) return {};
  Timestamp after = ctx_.clock.Now();
  if (job.scheduling_config->start_time) {
    auto start = ParseScheduleTime(*job.scheduling_config->start_time, "schedulingConfig.startTime");
    // Strictly-after search: step back a millisecond so a window opening at startTime is listed.
    if (start.ok() && *start > after) after = *start - std::chrono::milliseconds(1);
  }
  return windows.NextStarts(after, 7);
}

}  // namespace fleetjobs
