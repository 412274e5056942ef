#include "engine/template_service.h"

#include <utility>

#include "engine/lookups.h"
#include "engine/validation.h"

namespace fleetjobs {
namespace {

Status ValidateCreate(const CreateJobTemplateRequest& req) {
  FJ_RETURN_IF_ERROR(validation::ValidateTemplateId(req.template_id));
  FJ_RETURN_IF_ERROR(validation::ValidateDescription(req.description));
  if (req.document && req.document_source) {
    return MakeError(ErrorCode::kInvalidRequest, "Only one of document or documentSource may be provided");
  }
  if (!req.job_arn && !req.document && !req.document_source) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "One of jobArn, document or documentSource must be provided");
  }
  if (req.job_arn) FJ_RETURN_IF_ERROR(validation::ValidateArnString(*req.job_arn, "jobArn", 2048));
  if (req.document) FJ_RETURN_IF_ERROR(validation::ValidateDocument(*req.document));
  if (req.document_source) FJ_RETURN_IF_ERROR(validation::ValidateDocumentSource(*req.document_source));
  if (req.presigned_url_config)
    FJ_RETURN_IF_ERROR(validation::ValidatePresignedUrlConfig(*req.presigned_url_config));
  if (req.rollout_config) FJ_RETURN_IF_ERROR(validation::ValidateRolloutConfig(*req.rollout_config));
  if (req.abort_config) FJ_RETURN_IF_ERROR(validation::ValidateAbortConfig(*req.abort_config));
  if (req.timeout_config) FJ_RETURN_IF_ERROR(validation::ValidateTimeoutConfig(*req.timeout_config));
  if (req.retry_config) FJ_RETURN_IF_ERROR(validation::ValidateRetryConfig(*req.retry_config));
  if (req.maintenance_windows) {
    FJ_RETURN_IF_ERROR(
        validation::ValidateMaintenanceWindows(*req.maintenance_windows, "maintenanceWindows"));
  }
  if (req.destination_package_versions) {
    FJ_RETURN_IF_ERROR(validation::ValidatePackageVersions(*req.destination_package_versions));
  }
  FJ_RETURN_IF_ERROR(validation::ValidateTags(req.tags));
  return Status::Ok();
}

Error Duplicate(const JobTemplate& t) {
  Error e = MakeError(ErrorCode::kConflict, "Job template " + t.template_id + " already exists");
  e.resource_id = t.template_id;
  return e;
}

// Copies the document and configurations of the job named by `job_arn` into `t` wherever the
// request left them unset.
Status CopyFromJob(const ArnFormat& arns, StoreTxn& txn, const std::string& job_arn, JobTemplate& t) {
  auto parsed = arns.Parse(job_arn);
  if (parsed && parsed->kind != ArnKind::kJob) {
    return MakeError(ErrorCode::kInvalidRequest, "jobArn '" + job_arn + "' is not a job ARN");
  }
  if (!parsed) return MakeError(ErrorCode::kNotFound, "Job " + job_arn + " does not exist");
  FJ_ASSIGN_OR_RETURN(Job job, LoadJob(txn, parsed->name));
  if (!t.document && !t.document_source) {
    t.document = job.document;
    t.document_source = job.document_source;
  }
  if (!t.presigned_url_config) t.presigned_url_config = job.presigned_url_config;
  if (!t.rollout_config) t.rollout_config = job.rollout_config;
  if (!t.abort_config) t.abort_config = job.abort_config;
  if (!t.timeout_config) t.timeout_config = job.timeout_config;
  if (!t.retry_config) t.retry_config = job.retry_config;
  if (!t.maintenance_windows && job.scheduling_config)
    t.maintenance_windows = job.scheduling_config->maintenance_windows;
  if (t.destination_package_versions.empty())
    t.destination_package_versions = job.destination_package_versions;
  return Status::Ok();
}

}  // namespace

Result<JobTemplate> TemplateService::CreateJobTemplate(const CreateJobTemplateRequest& req) {
  FJ_RETURN_IF_ERROR(ValidateCreate(req));
  const Timestamp now = ctx_.clock.Now();
  JobTemplate result;
  Status st = ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    JobTemplate t;
    t.template_id = req.template_id;
    t.template_arn = ctx_.arns.JobTemplate(req.template_id);
    t.description = req.description;
    t.document = req.document;
    t.document_source = req.document_source;
    t.presigned_url_config = req.presigned_url_config;
    t.rollout_config = req.rollout_config;
    t.abort_config = req.abort_config;
    t.timeout_config = req.timeout_config;
    t.retry_config = req.retry_config;
    t.maintenance_windows = req.maintenance_windows;
    if (req.destination_package_versions) t.destination_package_versions = *req.destination_package_versions;
    t.created_at = now;

    auto existing = txn.GetJobTemplate(req.template_id);
    if (existing.ok()) return Duplicate(t);
    if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();
    if (req.job_arn) FJ_RETURN_IF_ERROR(CopyFromJob(ctx_.arns, txn, *req.job_arn, t));

    Status inserted = txn.InsertJobTemplate(t);
    if (!inserted.ok()) {
      if (inserted.error().code == ErrorCode::kAlreadyExists) return Duplicate(t);
      return inserted;
    }
    if (!req.tags.empty()) FJ_RETURN_IF_ERROR(txn.PutTags(t.template_arn, req.tags));
    result = std::move(t);
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Result<JobTemplate> TemplateService::DescribeJobTemplate(const std::string& template_id) {
  FJ_RETURN_IF_ERROR(validation::ValidateTemplateId(template_id));
  JobTemplate result;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(result, LoadJobTemplate(txn, template_id));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Result<Page<JobTemplate>> TemplateService::ListJobTemplates(const PageRequest& page) {
  FJ_RETURN_IF_ERROR(validation::ValidatePageRequest(page));
  Page<JobTemplate> result;
  Status st = ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(result, txn.ListJobTemplates(page));
    return Status::Ok();
  });
  if (!st.ok()) return st.take_error();
  return result;
}

Status TemplateService::DeleteJobTemplate(const std::string& template_id) {
  FJ_RETURN_IF_ERROR(validation::ValidateTemplateId(template_id));
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(JobTemplate t, LoadJobTemplate(txn, template_id));
    FJ_RETURN_IF_ERROR(txn.DeleteJobTemplate(template_id));
    return txn.DeleteAllTags(t.template_arn);
  });
}

}  // namespace fleetjobs
