#include "api/control_plane_api.h"

#include "api/account_routes.h"
#include "api/job_routes.h"
#include "api/registry_routes.h"
#include "api/template_routes.h"

namespace fleetjobs::api {

void ControlPlaneApi::Register(RouteTable& table, Engine& engine, const ControlPlaneOptions& options) {
  RegisterJobRoutes(table, engine);
  RegisterTemplateRoutes(table, engine);
  RegisterRegistryRoutes(table, engine);
  RegisterAccountRoutes(table, engine, options.endpoint_address, options.jobs_endpoint_address);
}

}  // namespace fleetjobs::api
