// ConfigJson: the AWS JSON form of the job configuration records (model/job_configs.h).
//
// The same form is what the control plane sends and returns and what the store persists, so this
// is its single encoder/decoder. Decoding checks JSON types and enum spellings only (range and
// pattern rules are engine/validation's); a type error is kInvalidRequest with a message naming
// the field path, e.g. "abortConfig.criteriaList[0].thresholdPercentage must be a number".
// Encoding writes exactly the members that are set, so a config is echoed as it was given.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/job_configs.h"

namespace fleetjobs::config_json {

boost::json::value Encode(const PresignedUrlConfig& c);
boost::json::value Encode(const RolloutConfig& c);
boost::json::value Encode(const AbortConfig& c);
boost::json::value Encode(const TimeoutConfig& c);
boost::json::value Encode(const RetryConfig& c);
boost::json::value Encode(const SchedulingConfig& c);
boost::json::value Encode(const std::vector<MaintenanceWindow>& windows);

// `field` names the member in messages (e.g. "jobExecutionsRolloutConfig").
Result<PresignedUrlConfig> DecodePresignedUrlConfig(const boost::json::value& v, std::string_view field);
Result<RolloutConfig> DecodeRolloutConfig(const boost::json::value& v, std::string_view field);
Result<AbortConfig> DecodeAbortConfig(const boost::json::value& v, std::string_view field);
Result<TimeoutConfig> DecodeTimeoutConfig(const boost::json::value& v, std::string_view field);
Result<RetryConfig> DecodeRetryConfig(const boost::json::value& v, std::string_view field);
Result<SchedulingConfig> DecodeSchedulingConfig(const boost::json::value& v, std::string_view field);
Result<std::vector<MaintenanceWindow>> DecodeMaintenanceWindows(const boost::json::value& v,
                                                                std::string_view field);

// Wire spellings of the config enums ("FAILED", "STOP_ROLLOUT", ...).
std::string_view FailureTypeName(FailureType t);
std::string_view EndBehaviorName(EndBehavior b);

}  // namespace fleetjobs::config_json
