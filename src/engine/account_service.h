// AccountService: account-wide resources that are not jobs: resource tags and event
// configurations. Thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "engine/engine_context.h"
#include "store/store.h"

namespace fleetjobs {

class AccountService {
 public:
  explicit AccountService(EngineContext& ctx) : ctx_(ctx) {}

  // Resource must exist (job, job template or thing group ARN of this account), else kNotFound;
  // a malformed ARN is kInvalidRequest. At most 50 tags per resource (kLimitExceeded).
  Status TagResource(const std::string& resource_arn, const std::map<std::string, std::string>& tags);
  Status UntagResource(const std::string& resource_arn, const std::vector<std::string>& keys);
  Result<std::map<std::string, std::string>> ListTagsForResource(const std::string& resource_arn);

  // Event type (AWS spelling, e.g. "JOB") → enabled. Every known type is present; off by default.
  Result<std::map<std::string, bool>> DescribeEventConfigurations();
  // Unknown event type → kInvalidRequest. Merges into the stored configuration.
  Status UpdateEventConfigurations(const std::map<std::string, bool>& changes);

 private:
  EngineContext& ctx_;
};

}  // namespace fleetjobs
