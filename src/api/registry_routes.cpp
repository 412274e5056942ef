#include "api/registry_routes.h"

#include <boost/json.hpp>

#include "api/control_shapes.h"
#include "api/pagination.h"
#include "api/registry_requests.h"

namespace fleetjobs::api {
namespace {
namespace json = boost::json;

json::object GroupList(const Page<ThingGroup>& page) {
  json::array groups;
  for (const ThingGroup& g : page.items) groups.push_back(control::EncodeGroupNameAndArn(g));
  json::object o;
  o["thingGroups"] = std::move(groups);
  AddNextToken(o, page.next);
  return o;
}

void RegisterThingOps(RouteTable& table, Engine& engine) {
  table.Add({"POST", "/things/{thingName}", Plane::kControl, "CreateThing",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(CreateThingRequest req, DecodeCreateThing(call));
               FJ_ASSIGN_OR_RETURN(Thing t, engine.registry().CreateThing(req));
               json::object o;
               o["thingName"] = t.thing_name;
               o["thingArn"] = t.thing_arn;
               o["thingId"] = t.thing_id;
               return o;
             }});
  table.Add({"GET", "/things/{thingName}", Plane::kControl, "DescribeThing",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(Thing t, engine.registry().DescribeThing(call.path.Get("thingName")));
               return control::EncodeThingDescription(t);
             }});
  table.Add({"DELETE", "/things/{thingName}", Plane::kControl, "DeleteThing",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(std::optional<int64_t> expected, DecodeExpectedVersionQuery(call));
               FJ_RETURN_IF_ERROR(engine.registry().DeleteThing(call.path.Get("thingName"), expected));
               return json::object();
             }});
  table.Add({"GET", "/things", Plane::kControl, "ListThings",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(ListThingsRequest req, DecodeListThings(call));
               FJ_ASSIGN_OR_RETURN(Page<Thing> page, engine.registry().ListThings(req.filter, req.page));
               json::array things;
               for (const Thing& t : page.items) things.push_back(control::EncodeThingAttribute(t));
               json::object o;
               o["things"] = std::move(things);
               AddNextToken(o, page.next);
               return o;
             }});
  table.Add({"GET", "/things/{thingName}/thing-groups", Plane::kControl, "ListThingGroupsForThing",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(PageRequest page_req, DecodePageRequest(call.query));
               FJ_ASSIGN_OR_RETURN(Page<ThingGroup> page, engine.registry().ListThingGroupsForThing(
                                                              call.path.Get("thingName"), page_req));
               return GroupList(page);
             }});
}

void RegisterGroupOps(RouteTable& table, Engine& engine) {
  table.Add({"POST", "/thing-groups/{thingGroupName}", Plane::kControl, "CreateThingGroup",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(CreateThingGroupRequest req, DecodeCreateThingGroup(call));
               FJ_ASSIGN_OR_RETURN(ThingGroup g, engine.registry().CreateThingGroup(req));
               json::object o;
               o["thingGroupName"] = g.group_name;
               o["thingGroupArn"] = g.group_arn;
               o["thingGroupId"] = g.group_id;
               return o;
             }});
  table.Add({"GET", "/thing-groups/{thingGroupName}", Plane::kControl, "DescribeThingGroup",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(ThingGroupDescription d,
                                   engine.registry().DescribeThingGroup(call.path.Get("thingGroupName")));
               return control::EncodeThingGroupDescription(d);
             }});
  table.Add({"DELETE", "/thing-groups/{thingGroupName}", Plane::kControl, "DeleteThingGroup",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(std::optional<int64_t> expected, DecodeExpectedVersionQuery(call));
               FJ_RETURN_IF_ERROR(
                   engine.registry().DeleteThingGroup(call.path.Get("thingGroupName"), expected));
               return json::object();
             }});
  table.Add({"GET", "/thing-groups", Plane::kControl, "ListThingGroups",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(ListThingGroupsRequest req, DecodeListThingGroups(call));
               FJ_ASSIGN_OR_RETURN(Page<ThingGroup> page, engine.registry().ListThingGroups(req));
               return GroupList(page);
             }});
  table.Add({"PUT", "/thing-groups/addThingToThingGroup", Plane::kControl, "AddThingToThingGroup",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(MembershipRequest req, DecodeMembership(call));
               FJ_RETURN_IF_ERROR(engine.registry().AddThingToThingGroup(req));
               return json::object();
             }});
  table.Add({"PUT", "/thing-groups/removeThingFromThingGroup", Plane::kControl, "RemoveThingFromThingGroup",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(MembershipRequest req, DecodeMembership(call));
               FJ_RETURN_IF_ERROR(engine.registry().RemoveThingFromThingGroup(req));
               return json::object();
             }});
  table.Add({"GET", "/thing-groups/{thingGroupName}/things", Plane::kControl, "ListThingsInThingGroup",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(ListThingsInThingGroupRequest req, DecodeListThingsInThingGroup(call));
               FJ_ASSIGN_OR_RETURN(Page<std::string> page, engine.registry().ListThingsInThingGroup(
                                                               req.group_name, req.recursive, req.page));
               json::array things;
               for (const std::string& name : page.items) things.emplace_back(name);
               json::object o;
               o["things"] = std::move(things);
               AddNextToken(o, page.next);
               return o;
             }});
}

}  // namespace

void RegisterRegistryRoutes(RouteTable& table, Engine& engine) {
  RegisterThingOps(table, engine);
  RegisterGroupOps(table, engine);
}

}  // namespace fleetjobs::api
