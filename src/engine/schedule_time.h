// Schedule times: the "YYYY-MM-DDTHH:MM" strings of schedulingConfig (digest §1.6), read as UTC.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace fleetjobs {

// Parses exactly "YYYY-MM-DDTHH:MM" with a real calendar date. `field` names the member in the
// kInvalidRequest message.
Result<Timestamp> ParseScheduleTime(std::string_view text, std::string_view field);

// The inverse, for messages and tests.
std::string FormatScheduleTime(Timestamp t);

}  // namespace fleetjobs
