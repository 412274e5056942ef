// ApiCall: one routed request as an operation handler sees it (decoded path labels, decoded
// query, raw body, plane), and RouteHandler, the signature every operation implements.
// An ApiCall lives for the duration of one Handle() call on one thread.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/plane.h"
#include "api/query_params.h"
#include "common/result.h"

namespace fleetjobs::api {

// The decoded values of a route's {label} segments.
class PathParams {
 public:
  void Set(std::string label, std::string value) { values_.emplace_back(std::move(label), std::move(value)); }
  // The value of `label`; empty when the route has no such label (a programming error in a
  // handler, never caused by input: every label of a matched route is set and non-empty).
  const std::string& Get(std::string_view label) const {
    for (const auto& [k, v] : values_) {
      if (k == label) return v;
    }
    static const std::string kEmpty;
    return kEmpty;
  }
  bool Has(std::string_view label) const {
    for (const auto& kv : values_) {
      if (kv.first == label) return true;
    }
    return false;
  }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

struct ApiCall {
  PathParams path;
  QueryParams query;
  std::string_view body;  // raw request body; empty means {}
  Plane plane = Plane::kControl;
};

// An operation: decodes the call, runs the engine, encodes the output members (an empty object
// for operations without output).
using RouteHandler = std::function<Result<boost::json::object>(const ApiCall&)>;

}  // namespace fleetjobs::api
