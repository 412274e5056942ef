// DataPlaneApi: the `iot-jobs-data` operations devices call over HTTPS (digest §3):
// DescribeJobExecution (jobId may be `$next`), GetPendingJobExecutions,
// StartNextPendingJobExecution, UpdateJobExecution. StartCommandExecution (IoT Commands) is not
// served: UnknownOperationException. Every route has a {thingName} label, which ApiHandler uses
// to confine a thing credential to its own thing.
#pragma once

#include "api/route_table.h"
#include "engine/engine.h"

namespace fleetjobs::api {

class DataPlaneApi {
 public:
  // Adds the data-plane routes. The handlers hold `engine` by reference.
  static void Register(RouteTable& table, Engine& engine);
};

}  // namespace fleetjobs::api
