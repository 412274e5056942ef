// TemplateRoutes: the control-plane job-template operations (Create/Describe/List/Delete).
// Managed templates (AWS-*) are not served: their routes answer UnknownOperationException.
// Handlers hold `engine` by reference: the engine must outlive the table.
#pragma once

#include "api/route_table.h"
#include "engine/engine.h"

namespace fleetjobs::api {

void RegisterTemplateRoutes(RouteTable& table, Engine& engine);

}  // namespace fleetjobs::api
