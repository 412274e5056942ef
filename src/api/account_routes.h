// AccountRoutes: control-plane operations on account-wide resources: DescribeEndpoint, resource
// tags (TagResource, UntagResource, ListTagsForResource) and event configurations.
// DescribeEndpoint returns `jobs_address` for endpointType iot:Jobs and `endpoint_address` (this
// server's public host:port) for every other type. Handlers hold `engine` by reference: it must
// outlive the table.
#pragma once

#include <string>

#include "api/route_table.h"
#include "engine/engine.h"

namespace fleetjobs::api {

void RegisterAccountRoutes(RouteTable& table, Engine& engine, std::string endpoint_address,
                           std::string jobs_address);

}  // namespace fleetjobs::api
