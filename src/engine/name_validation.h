// Validation of registry inputs (digest §6 and the AWS IoT model): thing, thing-group, thing-type
// and billing-group names, attributes, thing-group descriptions, tags and page sizes.
//
// Every function returns Ok or a kInvalidRequest error in the AWS form shared with
// engine/validation.h ("1 validation error detected: Value 'v' at 'field' failed to satisfy
// constraint: ..."), except ValidateTags, whose "more than 50 tags" is kLimitExceeded (the quota
// error of TagResource). Rules that are the same as job-side rules delegate to engine/validation.h,
// so both sides answer the same input with the same message.
//
// These live in namespace fleetjobs (the job-side ones in fleetjobs::validation); a file should
// include only one of the two headers if it calls the functions unqualified.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/thing.h"

namespace fleetjobs {

inline constexpr size_t kMaxRegistryNameLength = 128;  // thing, group, type and billing-group names
inline constexpr size_t kMaxAttributeNameLength = 128;
inline constexpr size_t kMaxAttributeValueLength = 800;
// [D: Thing types] a thing without a thing type has at most 3 attributes, with one at most 50.
inline constexpr size_t kMaxThingAttributesWithoutType = 3;
inline constexpr size_t kMaxThingAttributesWithType = 50;
// [D: AWS IoT Device Management quotas] attributes per thing group.
inline constexpr size_t kMaxThingGroupAttributes = 50;
inline constexpr size_t kMaxThingGroupDescriptionLength = 2028;
inline constexpr size_t kMaxTagsPerResource = 50;
inline constexpr int kMaxResultsLimit = 250;

// 1-128 characters of [a-zA-Z0-9:_-]+ (ThingName, ThingGroupName, ThingTypeName, BillingGroupName).
Status ValidateThingName(std::string_view name, std::string_view field = "thingName");
Status ValidateThingGroupName(std::string_view name, std::string_view field = "thingGroupName");
Status ValidateThingTypeName(std::string_view name, std::string_view field = "thingTypeName");
Status ValidateBillingGroupName(std::string_view name, std::string_view field = "billingGroupName");

// AttributeName: 1-128 of [a-zA-Z0-9_.,@/:#-]+. AttributeValue: 0-800 of [a-zA-Z0-9_.,@/:#=\[\]-]*
// (the current API reference; older botocore models lack "=[]", we accept the wider set).
Status ValidateAttributeName(std::string_view name, std::string_view field = "attributeName");
Status ValidateAttributeValue(std::string_view value, std::string_view field = "attributeValue");
// Every name and value as above and at most `max_attributes` pairs (kInvalidRequest: neither
// CreateThing nor CreateThingGroup models a LimitExceededException).
Status ValidateAttributes(const Attributes& attributes, size_t max_attributes = kMaxThingAttributesWithType,
                          std::string_view field = "attributePayload.attributes");

// ThingGroupDescription: at most 2028 characters, may be empty. The model's pattern is
// [\p{Graph}\x20]*; we accept any valid UTF-8 text without control or format characters
// (Unicode category C), i.e. we do not restrict descriptions to ASCII.
Status ValidateThingGroupDescription(std::string_view description,
                                     std::string_view field = "thingGroupDescription");

// Tag keys 1-128 of [\p{L}\p{Z}\p{N}_.:/=+\-@]*, values 0-256; more than 50 tags in `tags` is
// kLimitExceeded. Same rules (and messages) as validation::ValidateTags.
Status ValidateTags(const std::map<std::string, std::string>& tags);
// UntagResource keys: each 1-128 of the tag-key pattern.
Status ValidateTagKeys(const std::vector<std::string>& keys, std::string_view field = "tagKeys");

// maxResults: 1-250 on every registry list.
Status ValidateMaxResults(int max_results, std::string_view field = "maxResults");

}  // namespace fleetjobs
