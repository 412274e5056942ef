// NewUuid: a random (version 4) UUID for service-generated ids (thingId, thingGroupId).
// Thread-safe (a per-thread generator seeded from std::random_device).
#pragma once

#include <string>

namespace fleetjobs {

std::string NewUuid();

}  // namespace fleetjobs
