// JobRoutes: the control-plane job and job-execution operations (digest §2.1 minus templates).
// Registers handlers that hold `engine` by reference: the engine must outlive the table.
#pragma once

#include "api/route_table.h"
#include "engine/engine.h"

namespace fleetjobs::api {

void RegisterJobRoutes(RouteTable& table, Engine& engine);

}  // namespace fleetjobs::api
