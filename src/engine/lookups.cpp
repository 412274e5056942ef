#include "engine/lookups.h"

#include "engine/document_substitution.h"

namespace fleetjobs {
namespace {

template <typename T>
Result<T> RenameNotFound(Result<T> r, std::string message) {
  if (!r.ok() && r.error().code == ErrorCode::kNotFound)
    return MakeError(ErrorCode::kNotFound, std::move(message));
  return r;
}

}  // namespace

Result<Job> LoadJob(StoreTxn& txn, std::string_view job_id) {
  return RenameNotFound(txn.GetJob(job_id), "Job " + std::string(job_id) + " does not exist");
}

Result<JobExecution> LoadExecution(StoreTxn& txn, std::string_view job_id, std::string_view thing_name,
                                   std::optional<int64_t> execution_number) {
  std::string what = "Job execution of job " + std::string(job_id) + " on thing " + std::string(thing_name);
  if (execution_number) what += " with execution number " + std::to_string(*execution_number);
  return RenameNotFound(txn.GetExecution(job_id, thing_name, execution_number), what + " does not exist");
}

Result<JobTemplate> LoadJobTemplate(StoreTxn& txn, std::string_view template_id) {
  return RenameNotFound(txn.GetJobTemplate(template_id),
                        "Job template " + std::string(template_id) + " does not exist");
}

Status CheckNamespace(const Job& job, const std::optional<std::string>& namespace_id) {
  if (namespace_id && job.namespace_id != namespace_id) {
    return MakeError(ErrorCode::kNotFound,
                     "Job " + job.job_id + " does not exist in namespace " + *namespace_id);
  }
  return Status::Ok();
}

std::optional<std::string> DeviceDocument(const Job& job, const UrlPresigner* presigner, Timestamp now) {
  if (!job.document) return std::nullopt;
  std::string doc = SubstituteDocumentParameters(*job.document, job.document_parameters);
  // As AWS: URLs are presigned only for a job with a presignedUrlConfig (its roleArn is the
  // permission to do so; here the server's own S3 key signs).
  if (presigner != nullptr && job.presigned_url_config) {
    doc = SubstitutePresignedUrls(doc, *presigner, job.presigned_url_config->expires_in_sec.value_or(3600),
                                  now);
  }
  return doc;
}

}  // namespace fleetjobs
