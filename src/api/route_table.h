// RouteTable: method + path-template matching for both planes.
//
// Paths are split on '/' first and each segment is percent-decoded afterwards, so `%2F` inside a
// label stays inside it (`/jobs/a%2Fb` has jobId "a/b"). A literal template segment beats a
// `{label}` at the same position (`PUT /thing-groups/addThingToThingGroup` over
// `PUT /thing-groups/{thingGroupName}`, data-plane `PUT /things/{thingName}/jobs/$next`); the
// comparison is on decoded segments, so `%24next` also matches the literal `$next`. A label
// matches any non-empty segment.
//
// Built once at start-up (Add), then read-only: Match may be called from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/api_call.h"
#include "api/plane.h"
#include "common/result.h"

namespace fleetjobs::api {

struct Route {
  std::string method;         // "GET", "PUT", ...
  std::string path_template;  // "/things/{thingName}/jobs/{jobId}"
  Plane plane = Plane::kControl;
  std::string operation;  // AWS operation name, e.g. "DescribeJobExecution"
  RouteHandler handler;
};

struct RouteMatch {
  const Route* route = nullptr;
  PathParams params;
};

class RouteTable {
 public:
  // REQUIRES: path_template starts with '/'; labels are whole segments written `{name}`.
  void Add(Route route);

  // The best route of `plane` for method and raw path (the target before '?', still encoded).
  // kInvalidRequest for an invalid percent-escape, kUnknownOperation when nothing matches.
  Result<RouteMatch> Match(std::string_view method, std::string_view raw_path, Plane plane) const;

  // True when some route of `plane` matches (errors count as no match).
  bool Matches(std::string_view method, std::string_view raw_path, Plane plane) const {
    return Match(method, raw_path, plane).ok();
  }

  // Splits a raw path on '/' and decodes every segment ("/" → no segments; "/a/" → "a", "").
  // kInvalidRequest for an invalid escape or a path not starting with '/'.
  static Result<std::vector<std::string>> SplitPath(std::string_view raw_path);

  size_t size() const { return routes_.size(); }

 private:
  struct Segment {
    bool is_label = false;
    std::string text;  // the literal, or the label name
  };
  struct Compiled {
    Route route;
    std::vector<Segment> segments;
  };

  std::vector<Compiled> routes_;
};

}  // namespace fleetjobs::api
