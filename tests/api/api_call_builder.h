// Test helper: builds an ApiCall from label values, a raw query string and a body.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "api/api_call.h"

namespace fleetjobs::api::testing {

inline ApiCall MakeCall(std::initializer_list<std::pair<std::string, std::string>> labels,
                        std::string_view raw_query = "", std::string_view body = "",
                        Plane plane = Plane::kControl) {
  ApiCall call;
  for (const auto& [k, v] : labels) call.path.Set(k, v);
  call.query = QueryParams::Parse(raw_query).value();
  call.body = body;
  call.plane = plane;
  return call;
}

}  // namespace fleetjobs::api::testing
