// TemplateService: job templates (create from a document or from an existing job, describe,
// list, delete). AWS has no update. Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "engine/engine_context.h"
#include "model/job_template.h"
#include "store/store.h"

namespace fleetjobs {

struct CreateJobTemplateRequest {
  std::string template_id;
  std::string description;
  std::optional<std::string> job_arn;
  std::optional<std::string> document;
  std::optional<std::string> document_source;
  std::optional<PresignedUrlConfig> presigned_url_config;
  std::optional<RolloutConfig> rollout_config;
  std::optional<AbortConfig> abort_config;
  std::optional<TimeoutConfig> timeout_config;
  std::optional<RetryConfig> retry_config;
  std::optional<std::vector<MaintenanceWindow>> maintenance_windows;
  std::optional<std::vector<std::string>> destination_package_versions;
  std::map<std::string, std::string> tags;
};

class TemplateService {
 public:
  explicit TemplateService(EngineContext& ctx) : ctx_(ctx) {}

  // Duplicate id → kConflict (ConflictException).
  Result<JobTemplate> CreateJobTemplate(const CreateJobTemplateRequest& req);
  Result<JobTemplate> DescribeJobTemplate(const std::string& template_id);
  Result<Page<JobTemplate>> ListJobTemplates(const PageRequest& page);
  Status DeleteJobTemplate(const std::string& template_id);

 private:
  EngineContext& ctx_;
};

}  // namespace fleetjobs
