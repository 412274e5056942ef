// JobTemplate: a reusable job definition (no update API exists in AWS).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/job_configs.h"

namespace fleetjobs {

struct JobTemplate {
  std::string template_id;
  std::string template_arn;
  std::string description;
  std::optional<std::string> document;
  std::optional<std::string> document_source;
  std::optional<PresignedUrlConfig> presigned_url_config;
  std::optional<RolloutConfig> rollout_config;
  std::optional<AbortConfig> abort_config;
  std::optional<TimeoutConfig> timeout_config;
  std::optional<RetryConfig> retry_config;
  std::optional<std::vector<MaintenanceWindow>> maintenance_windows;
  std::vector<std::string> destination_package_versions;
  Timestamp created_at{};
};

}  // namespace fleetjobs
