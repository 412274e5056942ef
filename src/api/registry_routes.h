// RegistryRoutes: the minimal thing registry of the control plane (digest §2.3): things, static
// thing groups and membership. Handlers hold `engine` by reference: it must outlive the table.
#pragma once

#include "api/route_table.h"
#include "engine/engine.h"

namespace fleetjobs::api {

void RegisterRegistryRoutes(RouteTable& table, Engine& engine);

}  // namespace fleetjobs::api
