// RegistryRequests: decoders of the registry (things, thing groups, membership) and account
// (tags, event configurations, endpoint) requests. Same rules as ControlRequests: types,
// required members and enum spellings here, ranges and patterns in the engine. Stateless.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/api_call.h"
#include "common/result.h"
#include "engine/registry_service.h"

namespace fleetjobs::api {

struct ListThingsRequest {
  ThingFilter filter;
  PageRequest page;
};

struct ListThingsInThingGroupRequest {
  std::string group_name;
  bool recursive = false;
  PageRequest page;
};

struct TagResourceRequest {
  std::string resource_arn;
  std::map<std::string, std::string> tags;
};

struct UntagResourceRequest {
  std::string resource_arn;
  std::vector<std::string> tag_keys;
};

Result<CreateThingRequest> DecodeCreateThing(const ApiCall& call);
// DeleteThing / DeleteThingGroup query `expectedVersion`.
Result<std::optional<int64_t>> DecodeExpectedVersionQuery(const ApiCall& call);
Result<ListThingsRequest> DecodeListThings(const ApiCall& call);
Result<CreateThingGroupRequest> DecodeCreateThingGroup(const ApiCall& call);
Result<ListThingGroupsRequest> DecodeListThingGroups(const ApiCall& call);
Result<ListThingsInThingGroupRequest> DecodeListThingsInThingGroup(const ApiCall& call);
// AddThingToThingGroup / RemoveThingFromThingGroup body.
Result<MembershipRequest> DecodeMembership(const ApiCall& call);

Result<TagResourceRequest> DecodeTagResource(const ApiCall& call);
Result<UntagResourceRequest> DecodeUntagResource(const ApiCall& call);
// ListTagsForResource query `resourceArn` (required).
Result<std::string> DecodeListTagsForResource(const ApiCall& call);
// UpdateEventConfigurations: {"eventConfigurations": {"JOB": {"Enabled": true}, ...}}; an
// entry without Enabled means false.
Result<std::map<std::string, bool>> DecodeUpdateEventConfigurations(const ApiCall& call);
// DescribeEndpoint query `endpointType`: iot:Data (the default), iot:Data-ATS,
// iot:CredentialProvider or iot:Jobs (any case); anything else is kInvalidRequest.
Result<std::string> DecodeEndpointType(const ApiCall& call);

}  // namespace fleetjobs::api
