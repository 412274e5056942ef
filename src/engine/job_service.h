// JobService: the control-plane job operations (create, update, cancel, delete, describe, list,
// document, targets). Owns the job state machine transitions and target expansion.
// Thread-safe: every call is one store transaction (large fan-outs may use several).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "engine/engine_context.h"
#include "model/job.h"
#include "store/store.h"

namespace fleetjobs {

struct CreateJobRequest {
  std::string job_id;
  std::vector<std::string> targets;
  std::optional<std::string> document;
  std::optional<std::string> document_source;
  std::optional<std::string> description;
  std::optional<PresignedUrlConfig> presigned_url_config;
  std::optional<TargetSelection> target_selection;
  std::optional<RolloutConfig> rollout_config;
  std::optional<AbortConfig> abort_config;
  std::optional<TimeoutConfig> timeout_config;
  std::optional<RetryConfig> retry_config;
  std::optional<SchedulingConfig> scheduling_config;
  std::map<std::string, std::string> tags;
  std::optional<std::string> namespace_id;
  std::optional<std::string> job_template_arn;
  std::optional<std::map<std::string, std::string>> document_parameters;
  std::optional<std::vector<std::string>> destination_package_versions;
};

struct UpdateJobRequest {
  std::string job_id;
  std::optional<std::string> namespace_id;
  std::optional<std::string> description;
  std::optional<PresignedUrlConfig> presigned_url_config;
  std::optional<RolloutConfig> rollout_config;
  std::optional<AbortConfig> abort_config;
  std::optional<TimeoutConfig> timeout_config;
  std::optional<RetryConfig> retry_config;
};

struct CancelJobRequest {
  std::string job_id;
  bool force = false;
  std::optional<std::string> reason_code;
  std::optional<std::string> comment;
};

struct DeleteJobRequest {
  std::string job_id;
  bool force = false;
  std::optional<std::string> namespace_id;
};

struct ListJobsRequest {
  JobFilter filter;  // status, target selection, namespace
  std::optional<std::string> thing_group_name;
  std::optional<std::string> thing_group_id;
  PageRequest page;
};

struct AssociateTargetsRequest {
  std::string job_id;
  std::vector<std::string> targets;
  std::optional<std::string> comment;
  std::optional<std::string> namespace_id;
};

class JobService {
 public:
  explicit JobService(EngineContext& ctx) : ctx_(ctx) {}

  Result<Job> CreateJob(const CreateJobRequest& req);
  Status UpdateJob(const UpdateJobRequest& req);
  Result<Job> CancelJob(const CancelJobRequest& req);
  Status DeleteJob(const DeleteJobRequest& req);
  Result<Job> DescribeJob(const std::string& job_id);
  Result<Page<Job>> ListJobs(const ListJobsRequest& req);
  // The stored document; with before_substitution=false the ${aws:iot:parameter:NAME}
  // placeholders are filled from documentParameters (presigned URL placeholders are kept).
  Result<std::string> GetJobDocument(const std::string& job_id, bool before_substitution);
  Result<Job> AssociateTargetsWithJob(const AssociateTargetsRequest& req);
  // scheduledJobRollouts: the next 7 maintenance-window start times of a SCHEDULED or IN_PROGRESS
  // job with windows, after max(now, startTime); empty otherwise.
  std::vector<Timestamp> ScheduledJobRollouts(const Job& job) const;

 private:
  EngineContext& ctx_;
};

}  // namespace fleetjobs
