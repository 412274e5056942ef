#include "engine/account_service.h"

#include <array>
#include <boost/json.hpp>

#include "engine/validation.h"

namespace fleetjobs {
namespace {

namespace json = boost::json;

constexpr std::string_view kEventConfigKey = "event_configurations";
// The EventType enum of the AWS IoT model.
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

// A taggable resource of this account: its ARN must parse and the resource must exist.
Status CheckTaggable(EngineContext& ctx, StoreTxn& txn, const std::string& arn) {
  auto parsed = ctx.arns.Parse(arn);
  if (!parsed) {
    return MakeError(ErrorCode::kInvalidRequest, "resourceArn " + arn +
                                                     " is not a job, job template, thing or "
                                                     "thing group ARN of this account and region");
  }
  switch (parsed->kind) {
    case ArnKind::kJob: {
      auto j = txn.GetJob(parsed->name);
      return j.ok() ? Status::Ok() : Status(j.take_error());
    }
    case ArnKind::kJobTemplate: {
      auto t = txn.GetJobTemplate(parsed->name);
      return t.ok() ? Status::Ok() : Status(t.take_error());
    }
    case ArnKind::kThing: {
      auto t = txn.GetThing(parsed->name);
      return t.ok() ? Status::Ok() : Status(t.take_error());
    }
    case ArnKind::kThingGroup: {
      auto g = txn.GetThingGroup(parsed->name);
      return g.ok() ? Status::Ok() : Status(g.take_error());
    }
  }
  return MakeError(ErrorCode::kInvalidRequest, "resourceArn " + arn + " is not taggable");
}

Result<std::map<std::string, bool>> LoadEventConfig(StoreTxn& txn) {
  std::map<std::string, bool> out;
  for (auto t : kEventTypes) out[std::string(t)] = false;
  auto stored = txn.GetSetting(kEventConfigKey);
  if (!stored.ok()) {
    if (stored.error().code == ErrorCode::kNotFound) return out;
    return stored.take_error();
  }
  boost::system::error_code ec;
  json::value v = json::parse(*stored, ec);
  if (ec || !v.is_object()) return MakeError(ErrorCode::kInternal, "corrupt stored event configuration");
  for (const auto& [k, enabled] : v.get_object()) {
    if (enabled.is_bool()) out[std::string(k)] = enabled.get_bool();
  }
  return out;
}

}  // namespace

Status AccountService::TagResource(const std::string& resource_arn,
                                   const std::map<std::string, std::string>& tags) {
  FJ_RETURN_IF_ERROR(validation::ValidateTags(tags));
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(CheckTaggable(ctx_, txn, resource_arn));
    FJ_ASSIGN_OR_RETURN(auto current, txn.GetTags(resource_arn));
    for (const auto& [k, v] : tags) current[k] = v;
    if (current.size() > validation::kMaxTags) {
      return MakeError(ErrorCode::kLimitExceeded, "A resource can have at most 50 tags");
    }
    return txn.PutTags(resource_arn, tags);
  });
}

Status AccountService::UntagResource(const std::string& resource_arn, const std::vector<std::string>& keys) {
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_RETURN_IF_ERROR(CheckTaggable(ctx_, txn, resource_arn));
    return txn.RemoveTags(resource_arn, keys);
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
    FJ_ASSIGN_OR_RETURN(out, LoadEventConfig(txn));
    return Status::Ok();
  }));
  return out;
}

Status AccountService::UpdateEventConfigurations(const std::map<std::string, bool>& changes) {
  for (const auto& [type, enabled] : changes) {
    bool known = false;
    for (auto t : kEventTypes) known |= (t == type);
    if (!known) {
      return validation::ConstraintError(
          "eventConfigurations", type,
          "Member must satisfy enum value set: [THING, THING_GROUP, THING_TYPE, "
          "THING_GROUP_MEMBERSHIP, THING_GROUP_HIERARCHY, THING_TYPE_ASSOCIATION, "
          "JOB, JOB_EXECUTION, POLICY, CERTIFICATE, CA_CERTIFICATE]");
    }
  }
  return ctx_.store.Transact([&](StoreTxn& txn) -> Status {
    FJ_ASSIGN_OR_RETURN(auto config, LoadEventConfig(txn));
    for (const auto& [type, enabled] : changes) config[type] = enabled;
    json::object o;
    for (const auto& [type, enabled] : config) o[type] = enabled;
    return txn.PutSetting(kEventConfigKey, json::serialize(o));
  });
}

}  // namespace fleetjobs
