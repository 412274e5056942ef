// WriteJson: serializes a Boost.JSON value for the wire.
//
// Boost.JSON 1.81 prints every double in exponent form (1700000000.123 -> "1.700000000123E9").
// That is valid JSON, but AWS sends control-plane timestamps as plain decimals and so do we:
// doubles are written in the shortest round-trip fixed notation (integral ones with ".0").
// Strings, integers and structure are delegated to Boost.JSON. Stateless; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace fleetjobs::api {

std::string WriteJson(const boost::json::value& v);

}  // namespace fleetjobs::api
