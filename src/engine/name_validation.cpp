#include "engine/name_validation.h"

#include <string>

#include "engine/validation.h"

namespace fleetjobs {
namespace {

constexpr std::string_view kNamePattern = "[a-zA-Z0-9:_-]+";
constexpr std::string_view kAttributeNamePattern = "[a-zA-Z0-9_.,@/:#-]+";
constexpr std::string_view kAttributeValuePattern = "[a-zA-Z0-9_.,@/:#=\\[\\]-]*";
constexpr std::string_view kDescriptionPattern = "[\\p{Graph}\\x20]*";
constexpr std::string_view kTagKeyPattern = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";
constexpr size_t kMaxTagKeyLength = 128;
constexpr size_t kMaxEchoedValue = 256;  // longer values are not repeated in messages

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsIn(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }

bool IsAttributeNameChar(char c) { return IsAsciiAlnum(c) || IsIn(c, "_.,@/:#-"); }
bool IsAttributeValueChar(char c) { return IsAsciiAlnum(c) || IsIn(c, "_.,@/:#=[]-"); }

std::string Echo(std::string_view v) { return v.size() > kMaxEchoedValue ? std::string() : std::string(v); }

Error PatternError(std::string_view field, std::string_view value, std::string_view pattern) {
  return validation::ConstraintError(
      field, Echo(value), "Member must satisfy regular expression pattern: " + std::string(pattern));
}

Error MaxLengthError(std::string_view field, std::string_view value, size_t max) {
  return validation::ConstraintError(field, Echo(value),
                                     "Member must have length less than or equal to " + std::to_string(max));
}

Error MinLengthError(std::string_view field, size_t min) {
  return validation::ConstraintError(
      field, "", "Member must have length greater than or equal to " + std::to_string(min));
}

// An ASCII token of min..max characters, each accepted by `ok`.
Status AsciiToken(std::string_view v, std::string_view field, size_t min, size_t max, bool (*ok)(char),
                  std::string_view pattern) {
  if (v.size() < min) return MinLengthError(field, min);
  if (v.size() > max) return MaxLengthError(field, v, max);
  for (char c : v) {
    if (!ok(c)) return PatternError(field, v, pattern);
  }
  return Status::Ok();
}

// Tag-key characters: ASCII letters, digits, space and _.:/=+-@; beyond ASCII, letters, separators
// and numbers, approximated (as in validation::ValidateTags) by "not Unicode category C".
bool IsTagKeyText(std::string_view key) {
  size_t i = 0;
  while (i < key.size()) {
    auto c = static_cast<unsigned char>(key[i]);
    if (c < 0x80) {
      if (!IsAsciiAlnum(static_cast<char>(c)) && !IsIn(static_cast<char>(c), " _.:/=+-@")) return false;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < key.size() && static_cast<unsigned char>(key[j]) >= 0x80) ++j;
    if (!validation::IsNonControlText(key.substr(i, j - i))) return false;
    i = j;
  }
  return true;
}

}  // namespace

Status ValidateThingName(std::string_view name, std::string_view field) {
  return validation::ValidateThingName(name, field);
}

Status ValidateThingGroupName(std::string_view name, std::string_view field) {
  return validation::ValidateThingGroupName(name, field);
}

Status ValidateThingTypeName(std::string_view name, std::string_view field) {
  return AsciiToken(
      name, field, 1, kMaxRegistryNameLength, [](char c) { return IsAsciiAlnum(c) || IsIn(c, ":_-"); },
      kNamePattern);
}

Status ValidateBillingGroupName(std::string_view name, std::string_view field) {
  return ValidateThingTypeName(name, field);
}

Status ValidateAttributeName(std::string_view name, std::string_view field) {
  return AsciiToken(name, field, 1, kMaxAttributeNameLength, IsAttributeNameChar, kAttributeNamePattern);
}

Status ValidateAttributeValue(std::string_view value, std::string_view field) {
  return AsciiToken(value, field, 0, kMaxAttributeValueLength, IsAttributeValueChar, kAttributeValuePattern);
}

Status ValidateAttributes(const Attributes& attributes, size_t max_attributes, std::string_view field) {
  if (attributes.size() > max_attributes) {
    return validation::ConstraintError(
        field, "", "Member must have at most " + std::to_string(max_attributes) + " attributes");
  }
  for (const auto& [name, value] : attributes) {
    FJ_RETURN_IF_ERROR(ValidateAttributeName(name, field));
    FJ_RETURN_IF_ERROR(ValidateAttributeValue(value, std::string(field) + "." + name));
  }
  return Status::Ok();
}

Status ValidateThingGroupDescription(std::string_view description, std::string_view field) {
  if (description.empty()) return Status::Ok();
  int64_t len = validation::Utf8Length(description);
  if (len < 0) return validation::ConstraintError(field, "", "Member must be valid UTF-8");
  if (static_cast<size_t>(len) > kMaxThingGroupDescriptionLength) {
    return MaxLengthError(field, description, kMaxThingGroupDescriptionLength);
  }
  if (!validation::IsNonControlText(description))
    return PatternError(field, description, kDescriptionPattern);
  return Status::Ok();
}

Status ValidateTags(const std::map<std::string, std::string>& tags) { return validation::ValidateTags(tags); }

Status ValidateTagKeys(const std::vector<std::string>& keys, std::string_view field) {
  for (const std::string& key : keys) {
    int64_t len = validation::Utf8Length(key);
    if (len < 0) return validation::ConstraintError(field, "", "Member must be valid UTF-8");
    if (len == 0) return MinLengthError(field, 1);
    if (static_cast<size_t>(len) > kMaxTagKeyLength) return MaxLengthError(field, key, kMaxTagKeyLength);
    if (!IsTagKeyText(key)) return PatternError(field, key, kTagKeyPattern);
  }
  return Status::Ok();
}

Status ValidateMaxResults(int max_results, std::string_view field) {
  if (max_results < 1) {
    return validation::ConstraintError(field, std::to_string(max_results),
                                       "Member must have value greater than or equal to 1");
  }
  if (max_results > kMaxResultsLimit) {
    return validation::ConstraintError(
        field, std::to_string(max_results),
        "Member must have value less than or equal to " + std::to_string(kMaxResultsLimit));
  }
  return Status::Ok();
}

}  // namespace fleetjobs
