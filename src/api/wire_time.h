// WireTime: the two timestamp forms of the wire (digest §1.6).
// Control plane (`DateType`, a `timestamp` with no format): a JSON number of epoch seconds with a
// millisecond fraction, e.g. 1700000000.123 (epoch milliseconds break boto3, ISO strings break
// JS v3). Data plane (`long`): integer epoch seconds.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>

#include "common/clock.h"

namespace fleetjobs::api {

inline boost::json::value ControlTime(Timestamp t) {
  return boost::json::value(static_cast<double>(ToEpochMillis(t)) / 1000.0);
}

inline int64_t DataTime(Timestamp t) { return ToEpochSeconds(t); }

}  // namespace fleetjobs::api
