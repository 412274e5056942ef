#include "api/registry_requests.h"

#include <strings.h>
#include <array>

#include "api/json_reader.h"
#include "api/pagination.h"

namespace fleetjobs::api {
namespace {

// attributePayload {attributes, merge}: only the attributes matter at creation.
Result<std::optional<Attributes>> DecodeAttributePayload(const JsonReader& parent) {
  FJ_ASSIGN_OR_RETURN(std::optional<JsonReader> payload, parent.OptObject("attributePayload"));
  if (!payload) return std::optional<Attributes>();
  FJ_ASSIGN_OR_RETURN(std::optional<bool> merge, payload->OptBool("merge"));
  (void)merge;
  FJ_ASSIGN_OR_RETURN(std::optional<Attributes> attributes, payload->OptStringMap("attributes"));
  return attributes;
}

}  // namespace

Result<CreateThingRequest> DecodeCreateThing(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  CreateThingRequest req;
  req.thing_name = call.path.Get("thingName");
  FJ_ASSIGN_OR_RETURN(req.thing_type_name, body.OptString("thingTypeName"));
  FJ_ASSIGN_OR_RETURN(req.attributes, DecodeAttributePayload(body));
  FJ_ASSIGN_OR_RETURN(req.billing_group_name, body.OptString("billingGroupName"));
  return req;
}

Result<std::optional<int64_t>> DecodeExpectedVersionQuery(const ApiCall& call) {
  return call.query.GetInt("expectedVersion");
}

Result<ListThingsRequest> DecodeListThings(const ApiCall& call) {
  ListThingsRequest req;
  req.filter.attribute_name = call.query.Get("attributeName");
  req.filter.attribute_value = call.query.Get("attributeValue");
  req.filter.thing_type_name = call.query.Get("thingTypeName");
  FJ_ASSIGN_OR_RETURN(std::optional<bool> prefix, call.query.GetBool("usePrefixAttributeValue"));
  req.filter.use_prefix_attribute_value = prefix.value_or(false);
  FJ_ASSIGN_OR_RETURN(req.page, DecodePageRequest(call.query));
  return req;
}

Result<CreateThingGroupRequest> DecodeCreateThingGroup(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  CreateThingGroupRequest req;
  req.group_name = call.path.Get("thingGroupName");
  FJ_ASSIGN_OR_RETURN(req.parent_group_name, body.OptString("parentGroupName"));
  FJ_ASSIGN_OR_RETURN(std::optional<JsonReader> props, body.OptObject("thingGroupProperties"));
  if (props) {
    FJ_ASSIGN_OR_RETURN(req.description, props->OptString("thingGroupDescription"));
    FJ_ASSIGN_OR_RETURN(req.attributes, DecodeAttributePayload(*props));
  }
  FJ_ASSIGN_OR_RETURN(auto tags, body.OptTagList("tags"));
  if (tags) req.tags = std::move(*tags);
  return req;
}

Result<ListThingGroupsRequest> DecodeListThingGroups(const ApiCall& call) {
  ListThingGroupsRequest req;
  req.parent_group = call.query.Get("parentGroup");
  req.name_prefix = call.query.Get("namePrefixFilter");
  FJ_ASSIGN_OR_RETURN(std::optional<bool> recursive, call.query.GetBool("recursive"));
  if (recursive) req.recursive = *recursive;
  FJ_ASSIGN_OR_RETURN(req.page, DecodePageRequest(call.query));
  return req;
}

Result<ListThingsInThingGroupRequest> DecodeListThingsInThingGroup(const ApiCall& call) {
  ListThingsInThingGroupRequest req;
  req.group_name = call.path.Get("thingGroupName");
  FJ_ASSIGN_OR_RETURN(std::optional<bool> recursive, call.query.GetBool("recursive"));
  req.recursive = recursive.value_or(false);
  FJ_ASSIGN_OR_RETURN(req.page, DecodePageRequest(call.query));
  return req;
}

Result<MembershipRequest> DecodeMembership(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  MembershipRequest req;
  FJ_ASSIGN_OR_RETURN(req.group_name, body.OptString("thingGroupName"));
  FJ_ASSIGN_OR_RETURN(req.group_arn, body.OptString("thingGroupArn"));
  FJ_ASSIGN_OR_RETURN(req.thing_name, body.OptString("thingName"));
  FJ_ASSIGN_OR_RETURN(req.thing_arn, body.OptString("thingArn"));
  FJ_ASSIGN_OR_RETURN(std::optional<bool> override_dynamic, body.OptBool("overrideDynamicGroups"));
  (void)override_dynamic;  // no dynamic groups yet
  return req;
}

Result<TagResourceRequest> DecodeTagResource(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  TagResourceRequest req;
  FJ_ASSIGN_OR_RETURN(req.resource_arn, body.ReqString("resourceArn"));
  FJ_ASSIGN_OR_RETURN(auto tags, body.OptTagList("tags"));
  if (!tags) return MakeError(ErrorCode::kInvalidRequest, "tags is required");
  req.tags = std::move(*tags);
  return req;
}

Result<UntagResourceRequest> DecodeUntagResource(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  UntagResourceRequest req;
  FJ_ASSIGN_OR_RETURN(req.resource_arn, body.ReqString("resourceArn"));
  FJ_ASSIGN_OR_RETURN(auto keys, body.OptStringList("tagKeys"));
  if (!keys) return MakeError(ErrorCode::kInvalidRequest, "tagKeys is required");
  req.tag_keys = std::move(*keys);
  return req;
}

Result<std::string> DecodeListTagsForResource(const ApiCall& call) {
  return call.query.Require("resourceArn");
}

Result<std::map<std::string, bool>> DecodeUpdateEventConfigurations(const ApiCall& call) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(call.body));
  JsonReader body = doc.Reader();
  std::map<std::string, bool> out;
  FJ_ASSIGN_OR_RETURN(std::optional<JsonReader> configs, body.OptObject("eventConfigurations"));
  if (!configs) return out;
  for (const auto& kv : configs->object()) {
    FJ_ASSIGN_OR_RETURN(std::optional<JsonReader> entry, configs->OptObject(kv.key()));
    if (!entry) continue;  // null entry: no change
    FJ_ASSIGN_OR_RETURN(std::optional<bool> enabled, entry->OptBool("Enabled"));
    out[std::string(kv.key())] = enabled.value_or(false);
  }
  return out;
}

Result<std::string> DecodeEndpointType(const ApiCall& call) {
  static constexpr std::array<std::string_view, 4> kTypes = {"iot:Data", "iot:Data-ATS",
                                                             "iot:CredentialProvider", "iot:Jobs"};
  auto type = call.query.Get("endpointType");
  if (!type) return std::string(kTypes[0]);
  for (std::string_view t : kTypes) {
    if (t.size() == type->size() && strncasecmp(t.data(), type->data(), t.size()) == 0) return std::string(t);
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   "endpointType must be one of iot:Data, iot:Data-ATS, "
                   "iot:CredentialProvider, iot:Jobs");
}

}  // namespace fleetjobs::api
