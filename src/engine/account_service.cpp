#include "engine/account_service.h"

#include <array>
#include <boost/json.hpp>
#include <string_view>

#include "engine/name_validation.h"

// Decisions:
// * Taggable: jobs, job templates and thing groups of this account and region. AWS IoT does not
//   tag things [D: Tagging your AWS IoT resources], so a thing ARN is InvalidRequestException like
//   any other ARN we do not tag (managed templates, other accounts, other services).
// * TagResource checks the total after merging: more than 50 tags on the resource is
//   LimitExceededException (the quota error TagResource models).
// * Event configurations are one stored setting, a JSON object {"<EventType>": bool}; types
//   missing from it are off.

namespace fleetjobs {
namespace {

namespace json = boost::json;

constexpr std::string_view kEventConfigSetting = "event_configurations";

// The EventType enum of the AWS IoT model, in model order.
constexpr std::array<std::string_view, 11> kEventTypes = {"THING",
                                                          "THING_GROUP",
                                                          "THING_TYPE",
                                                          "THING_GROUP_MEMBERSHIP",
                                                          "THING_GROUP_HIERARCHY",
                                                          "THING_TYPE_ASSOCIATION",
                                                          "JOB",
                                                          "JOB_EXECUTION",
                                                          "POLICY",
                                                          "CERTIFICATE",
                                                          "CA_CERTIFICATE"};

bool IsKnownEventType(std::string_view type) {
  for (std::string_view t : kEventTypes) {
    if (t == type) return true;
  }
  return false;
}

std::string EventTypeList() {
  std::string out = "[";
  for (size_t i = 0; i < kEventTypes.size(); ++i) {
    if (i > 0) out += ", ";
    out += kEventTypes[i];
  }
  return out + "]";
}

Error InvalidArn(const std::string& arn, std::string_view why) {
  return MakeError(ErrorCode::kInvalidRequest, "Invalid resourceArn " + arn + ": " + std::string(why));
}

// The ARN must name a taggable resource of this account and region that exists.
Status CheckTaggable(const EngineContext& ctx, StoreTxn& txn, const std::string& arn) {
  if (arn.empty()) return InvalidArn(arn, "must not be empty");
  std::optional<ParsedArn> parsed = ctx.arns.Parse(arn);
  if (!parsed) {
    return InvalidArn(arn, "not a job, job template or thing group ARN of account " + ctx.arns.account_id() +
                               " in " + ctx.arns.region());
  }
  Status found;
  switch (parsed->kind) {
    case ArnKind::kJob: {
      auto job = txn.GetJob(parsed->name);
      if (!job.ok()) found = job.take_error();
      break;
    }
    case ArnKind::kJobTemplate: {
      auto tmpl = txn.GetJobTemplate(parsed->name);
      if (!tmpl.ok()) found = tmpl.take_error();
      break;
    }
    case ArnKind::kThingGroup: {
      auto group = txn.GetThingGroup(parsed->name);
      if (!group.ok()) found = group.take_error();
      break;
    }
    case ArnKind::kThing:
      return InvalidArn(arn, "things cannot be tagged");
  }
  if (!found.ok() && found.error().code == ErrorCode::kNotFound) {
    return MakeError(ErrorCode::kNotFound, "Resource " + arn + " does not exist");
  }
  return found;
}

// Every known event type, with the stored value or false.
Result<std::map<std::string, bool>> LoadEventConfigurations(StoreTxn& txn) {
  std::map<std::string, bool> out;
  for (std::string_view t : kEventTypes) out.emplace(t, false);
  Result<std::string> stored = txn.GetSetting(kEventConfigSetting);
  if (!stored.ok()) {
    if (stored.error().code == ErrorCode::kNotFound) return out;
    return stored.take_error();
  }
  boost::system::error_code ec;
  json::value v = json::parse(*stored, ec);
  if (ec || !v.is_object())
    return MakeError(ErrorCode::kInternal, "the stored event configuration is corrupt");
  for (const auto& [key, enabled] : v.get_object()) {
    // Types we no longer know are dropped; a non-boolean value is corruption.
    if (!IsKnownEventType(key)) continue;
    if (!enabled.is_bool())
      return MakeError(ErrorCode::kInternal, "the stored event configuration is corrupt");
    out[std::string(key)] = enabled.get_bool();
  }
  return out;
}

}  // namespace

Status AccountService::TagResource(const std::string& resource_arn,
                                   const std::map<std::string, std::string>& tags) {
  FJ_RETURN_IF_ERROR(ValidateTags(tags));
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(CheckTaggable(ctx_, txn, resource_arn));
    if (tags.empty()) return Status::Ok();
    FJ_ASSIGN_OR_RETURN(auto merged, txn.GetTags(resource_arn));
    for (const auto& [key, value] : tags) merged[key] = value;
    if (merged.size() > kMaxTagsPerResource) {
      return MakeError(ErrorCode::kLimitExceeded, "Resource " + resource_arn + " would have " +
                                                      std::to_string(merged.size()) + " tags; at most " +
                                                      std::to_string(kMaxTagsPerResource) + " are allowed");
    }
    return txn.PutTags(resource_arn, tags);
  });
}

Status AccountService::UntagResource(const std::string& resource_arn, const std::vector<std::string>& keys) {
  FJ_RETURN_IF_ERROR(ValidateTagKeys(keys));
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(CheckTaggable(ctx_, txn, resource_arn));
    if (keys.empty()) return Status::Ok();
    return txn.RemoveTags(resource_arn, keys);  // keys the resource does not have are ignored
  });
}

Result<std::map<std::string, std::string>> AccountService::ListTagsForResource(
    const std::string& resource_arn) {
  std::map<std::string, std::string> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(CheckTaggable(ctx_, txn, resource_arn));
    FJ_ASSIGN_OR_RETURN(out, txn.GetTags(resource_arn));
    return Status::Ok();
  }));
  return out;
}

Result<std::map<std::string, bool>> AccountService::DescribeEventConfigurations() {
  std::map<std::string, bool> out;
  FJ_RETURN_IF_ERROR(ctx_.store.Read([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(out, LoadEventConfigurations(txn));
    return Status::Ok();
  }));
  return out;
}

Status AccountService::UpdateEventConfigurations(const std::map<std::string, bool>& changes) {
  for (const auto& [type, enabled] : changes) {
    if (!IsKnownEventType(type)) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "1 validation error detected: Value '" + type +
                           "' at 'eventConfigurations' failed to satisfy constraint: Map keys must satisfy "
                           "enum value set: " +
                           EventTypeList());
    }
  }
  if (changes.empty()) return Status::Ok();
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(auto config, LoadEventConfigurations(txn));
    for (const auto& [type, enabled] : changes) config[type] = enabled;
    json::object o;
    for (const auto& [type, enabled] : config) o[type] = enabled;
    return txn.PutSetting(kEventConfigSetting, json::serialize(o));
  });
}

}  // namespace fleetjobs
