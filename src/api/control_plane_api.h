// ControlPlaneApi: every `iot` (control plane) operation fleetjobs serves, registered into a
// RouteTable: jobs and executions (JobRoutes), job templates (TemplateRoutes), the thing registry
// (RegistryRoutes), endpoint/tags/event configurations (AccountRoutes).
// Not served (UnknownOperationException): managed job templates, commands, everything else of
// the 270-operation `iot` API.
#pragma once

#include <string>

#include "api/route_table.h"
#include "engine/engine.h"

namespace fleetjobs::api {

struct ControlPlaneOptions {
  std::string endpoint_address;       // DescribeEndpoint's answer, e.g. "127.0.0.1:8443"
  std::string jobs_endpoint_address;  // ... for endpointType iot:Jobs (the data-plane address)
};

class ControlPlaneApi {
 public:
  // Adds every control-plane route. The handlers hold `engine` by reference.
  static void Register(RouteTable& table, Engine& engine, const ControlPlaneOptions& options);
};

}  // namespace fleetjobs::api
