// Validation of job-related inputs (digest §6): identifiers, free text, documents, the job
// configuration records, status details, page sizes and tags.
//
// Every function returns Ok or a kInvalidRequest error whose message follows the AWS form and
// names the field, e.g. "1 validation error detected: Value 'a$b' at 'jobId' failed to satisfy
// constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+". Lengths count
// Unicode code points; text that is not valid UTF-8 is refused. Limits that are account quotas
// (tags per resource, targets per job) are kLimitExceeded and are checked by the services.
//
// Pure functions of their arguments (the scheduling check takes "now"); thread-safe.
// Names live in fleetjobs::validation so they never collide with engine/name_validation.h.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "model/job_configs.h"
#include "model/job_execution.h"
#include "store/store.h"

namespace fleetjobs::validation {

inline constexpr size_t kMaxIdLength = 64;
inline constexpr size_t kMaxDescriptionLength = 2028;
inline constexpr size_t kMaxReasonCodeLength = 128;
inline constexpr size_t kMaxDocumentLength = 32768;
inline constexpr size_t kMaxDocumentSourceLength = 1350;
inline constexpr size_t kMaxTargetArnLength = 2048;
inline constexpr size_t kMaxStatusDetails = 10;
inline constexpr size_t kMaxStatusDetailsValueLength = 1024;
inline constexpr int64_t kMaxTimeoutMinutes = 10080;
inline constexpr int kMaxPageSize = 250;
inline constexpr size_t kMaxTags = 50;
inline constexpr size_t kMaxPackageVersions = 25;

// The shared shape of the messages: "1 validation error detected: Value 'v' at 'field' failed to
// satisfy constraint: <constraint>". `value` is left out of the message when empty.
Error ConstraintError(std::string_view field, std::string_view value, std::string_view constraint);

// Number of code points of valid UTF-8 text, or -1 when `s` is not valid UTF-8.
int64_t Utf8Length(std::string_view s);
// True when `s` is valid UTF-8, non-empty and holds no character of Unicode category C
// (controls, format characters, private use, surrogates, non-characters): `[^\p{C}]+`.
bool IsNonControlText(std::string_view s);

// Identifiers.
Status ValidateJobId(std::string_view v, std::string_view field = "jobId");  // 1-64 [a-zA-Z0-9_-]+
Status ValidateTemplateId(std::string_view v, std::string_view field = "jobTemplateId");  // same rule
Status ValidateThingName(std::string_view v, std::string_view field = "thingName");  // 1-128 [a-zA-Z0-9:_-]+
Status ValidateThingGroupName(std::string_view v, std::string_view field = "thingGroupName");
Status ValidateThingGroupId(std::string_view v, std::string_view field = "thingGroupId");  // [a-zA-Z0-9\-]+
Status ValidateNamespaceId(std::string_view v,
                           std::string_view field = "namespaceId");  // 1-128 [a-zA-Z0-9_-]+
// 1..max_length chars, ^arn:[!-~]+$ (jobTemplateArn, package version ARNs).
Status ValidateArnString(std::string_view v, std::string_view field, size_t max_length = 1600);

// Free text: description and comment (<=2028, [^\p{C}]+), reasonCode (<=128, [A-Z0-9_]+).
Status ValidateDescription(std::string_view v, std::string_view field = "description");
Status ValidateReasonCode(std::string_view v, std::string_view field = "reasonCode");

// Documents: <=32768 chars of JSON whose top level is an object; documentSource 1-1350 chars.
Status ValidateDocument(std::string_view v, std::string_view field = "document");
Status ValidateDocumentSource(std::string_view v, std::string_view field = "documentSource");
// Keys 1-128 [a-zA-Z0-9_-]+, values 1-30720 [^\p{C}]+.
Status ValidateDocumentParameters(const std::map<std::string, std::string>& params);
// At most 25 ARNs, each ^arn:[!-~]+$ of 1-1600 chars.
Status ValidatePackageVersions(const std::vector<std::string>& arns);

// Job configuration records.
Status ValidatePresignedUrlConfig(const PresignedUrlConfig& c);
Status ValidateRolloutConfig(const RolloutConfig& c);
Status ValidateAbortConfig(const AbortConfig& c);
Status ValidateTimeoutConfig(const TimeoutConfig& c);
Status ValidateRetryConfig(const RetryConfig& c);
// Times must be "YYYY-MM-DDTHH:MM" (UTC); see docs/semantics.md for the window rules.
Status ValidateSchedulingConfig(const SchedulingConfig& c, Timestamp now);
Status ValidateMaintenanceWindows(const std::vector<MaintenanceWindow>& windows, std::string_view field);

// Execution updates.
Status ValidateStatusDetails(const StatusDetails& details, std::string_view field = "statusDetails");
Status ValidateStepTimeout(int64_t minutes,
                           std::string_view field = "stepTimeoutInMinutes");  // 1-10080 or -1

// maxResults 1-250.
Status ValidatePageRequest(const PageRequest& page);

// Tag keys 1-128 ([\p{L}\p{Z}\p{N}_.:/=+\-@]*), values 0-256; more than 50 tags is kLimitExceeded.
Status ValidateTags(const std::map<std::string, std::string>& tags);

}  // namespace fleetjobs::validation
