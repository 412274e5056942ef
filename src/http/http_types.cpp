#include "http/http_types.h"

#include <strings.h>

namespace fleetjobs::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n.size() == name.size() && ::strncasecmp(n.data(), name.data(), n.size()) == 0) return v;
  }
  return {};
}

}  // namespace fleetjobs::http
