#include "api/account_routes.h"

#include <boost/json.hpp>

#include "api/registry_requests.h"

namespace fleetjobs::api {
namespace json = boost::json;

void RegisterAccountRoutes(RouteTable& table, Engine& engine, std::string endpoint_address,
                           std::string jobs_address) {
  table.Add({"GET", "/endpoint", Plane::kControl, "DescribeEndpoint",
             [address = std::move(endpoint_address),
              jobs = std::move(jobs_address)](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(std::string type, DecodeEndpointType(call));
               json::object o;
               o["endpointAddress"] = type == "iot:Jobs" ? jobs : address;
               return o;
             }});
  table.Add({"POST", "/tags", Plane::kControl, "TagResource",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(TagResourceRequest req, DecodeTagResource(call));
               FJ_RETURN_IF_ERROR(engine.account().TagResource(req.resource_arn, req.tags));
               return json::object();
             }});
  table.Add({"POST", "/untag", Plane::kControl, "UntagResource",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(UntagResourceRequest req, DecodeUntagResource(call));
               FJ_RETURN_IF_ERROR(engine.account().UntagResource(req.resource_arn, req.tag_keys));
               return json::object();
             }});
  table.Add({"GET", "/tags", Plane::kControl, "ListTagsForResource",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(std::string arn, DecodeListTagsForResource(call));
               FJ_ASSIGN_OR_RETURN(auto tags, engine.account().ListTagsForResource(arn));
               // Every tag fits one page (at most 50 per resource): no nextToken.
               json::array list;
               for (const auto& [k, v] : tags) {
                 json::object tag;
                 tag["Key"] = k;
                 tag["Value"] = v;
                 list.push_back(std::move(tag));
               }
               json::object o;
               o["tags"] = std::move(list);
               return o;
             }});
  table.Add({"GET", "/event-configurations", Plane::kControl, "DescribeEventConfigurations",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(auto configs, engine.account().DescribeEventConfigurations());
               json::object map;
               for (const auto& [type, enabled] : configs) {
                 json::object entry;
                 entry["Enabled"] = enabled;
                 map[type] = std::move(entry);
               }
               json::object o;
               o["eventConfigurations"] = std::move(map);
               return o;
             }});
  table.Add({"PATCH", "/event-configurations", Plane::kControl, "UpdateEventConfigurations",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(auto changes, DecodeUpdateEventConfigurations(call));
               FJ_RETURN_IF_ERROR(engine.account().UpdateEventConfigurations(changes));
               return json::object();
             }});
}

}  // namespace fleetjobs::api
