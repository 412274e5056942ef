// ClockRoutes: the --virtual-clock control of fleetjobs (not an AWS API).
//
//   GET  /_fleetjobs/clock                          → {"now": <epoch seconds>}
//   POST /_fleetjobs/clock/advance {"seconds": N}   → fires every timer that falls due in order,
//                                                     then {"now": <epoch seconds>}
//
// Control-plane routes, so they need an admin credential signed for `iot`; registered only in
// virtual-clock mode (otherwise 404 UnknownOperationException). Handlers hold `time` by
// reference: it must outlive the table.
#pragma once

#include "api/route_table.h"
#include "engine/virtual_time.h"

namespace fleetjobs::api {

void RegisterClockRoutes(RouteTable& table, VirtualTime& time);

}  // namespace fleetjobs::api
