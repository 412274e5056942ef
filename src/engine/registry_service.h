// RegistryService: things, static thing groups and membership (the part of the AWS IoT registry
// that job targets need). Thread-safe: every call is one store transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "engine/engine_context.h"
#include "model/thing.h"
#include "model/thing_group.h"
#include "store/store.h"

namespace fleetjobs {

struct CreateThingRequest {
  std::string thing_name;
  std::optional<std::string> thing_type_name;
  std::optional<Attributes> attributes;
  std::optional<std::string> billing_group_name;
};

struct CreateThingGroupRequest {
  std::string group_name;
  std::optional<std::string> parent_group_name;
  std::optional<std::string> description;
  std::optional<Attributes> attributes;
  std::map<std::string, std::string> tags;
};

struct ThingGroupDescription {
  ThingGroup group;
  std::vector<ThingGroup> root_to_parent;  // ancestors, root first; empty for a root group
};

struct ListThingGroupsRequest {
  std::optional<std::string> parent_group;
  std::optional<std::string> name_prefix;
  bool recursive = true;  // AWS default: all descendants (or all groups without parentGroup)
  PageRequest page;
};

// Either a name or an ARN identifies a thing or a group in membership calls.
struct MembershipRequest {
  std::optional<std::string> group_name;
  std::optional<std::string> group_arn;
  std::optional<std::string> thing_name;
  std::optional<std::string> thing_arn;
};

class RegistryService {
 public:
  explicit RegistryService(EngineContext& ctx) : ctx_(ctx) {}

  // Identical repeat → the existing thing; different configuration → kAlreadyExists.
  Result<Thing> CreateThing(const CreateThingRequest& req);
  Result<Thing> DescribeThing(const std::string& thing_name);
  // Succeeds for a missing thing. Pending executions of the thing become REMOVED.
  Status DeleteThing(const std::string& thing_name, std::optional<int64_t> expected_version);
  Result<Page<Thing>> ListThings(const ThingFilter& filter, const PageRequest& page);

  Result<ThingGroup> CreateThingGroup(const CreateThingGroupRequest& req);
  Result<ThingGroupDescription> DescribeThingGroup(const std::string& group_name);
  Status DeleteThingGroup(const std::string& group_name, std::optional<int64_t> expected_version);
  Result<Page<ThingGroup>> ListThingGroups(const ListThingGroupsRequest& req);

  Status AddThingToThingGroup(const MembershipRequest& req);
  Status RemoveThingFromThingGroup(const MembershipRequest& req);
  Result<Page<std::string>> ListThingsInThingGroup(const std::string& group_name, bool recursive,
                                                   const PageRequest& page);
  Result<Page<ThingGroup>> ListThingGroupsForThing(const std::string& thing_name, const PageRequest& page);

 private:
  EngineContext& ctx_;
};

}  // namespace fleetjobs
