#include "api/route_table.h"

#include <utility>

#include "api/percent_decoding.h"

namespace fleetjobs::api {
namespace {

std::vector<std::string_view> SplitRaw(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.size() <= 1) return out;  // "/" has no segments
  size_t pos = 1;
  while (true) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) {
      out.push_back(path.substr(pos));
      return out;
    }
    out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
}

}  // namespace

Result<std::vector<std::string>> RouteTable::SplitPath(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') {
    return MakeError(ErrorCode::kInvalidRequest, "Invalid request path");
  }
  std::vector<std::string> out;
  for (std::string_view raw : SplitRaw(raw_path)) {
    auto decoded = PercentDecode(raw, /*plus_as_space=*/false);
    if (!decoded)
      return MakeError(ErrorCode::kInvalidRequest, "Invalid percent-encoding in the request path");
    out.push_back(std::move(*decoded));
  }
  return out;
}

void RouteTable::Add(Route route) {
  Compiled c;
  for (std::string_view raw : SplitRaw(route.path_template)) {
    Segment s;
    if (raw.size() >= 2 && raw.front() == '{' && raw.back() == '}') {
      s.is_label = true;
      s.text = std::string(raw.substr(1, raw.size() - 2));
    } else {
      s.text = std::string(raw);
    }
    c.segments.push_back(std::move(s));
  }
  c.route = std::move(route);
  routes_.push_back(std::move(c));
}

Result<RouteMatch> RouteTable::Match(std::string_view method, std::string_view raw_path, Plane plane) const {
  FJ_ASSIGN_OR_RETURN(std::vector<std::string> segments, SplitPath(raw_path));
  const Compiled* best = nullptr;
  for (const Compiled& c : routes_) {
    if (c.route.plane != plane || c.route.method != method || c.segments.size() != segments.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const Segment& s = c.segments[i];
      ok = s.is_label ? !segments[i].empty() : s.text == segments[i];
    }
    if (!ok) continue;
    if (best != nullptr) {
      // The first position where the two differ in kind decides: a literal wins.
      for (size_t i = 0; i < segments.size(); ++i) {
        if (best->segments[i].is_label != c.segments[i].is_label) {
          if (best->segments[i].is_label) best = &c;
          break;
        }
      }
      continue;
    }
    best = &c;
  }
  if (best == nullptr) {
    return MakeError(ErrorCode::kUnknownOperation,
                     "No operation matches " + std::string(method) + " " + std::string(raw_path));
  }
  RouteMatch m;
  m.route = &best->route;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (best->segments[i].is_label) m.params.Set(best->segments[i].text, std::move(segments[i]));
  }
  return m;
}

}  // namespace fleetjobs::api
