// Plain HTTP request/response values passed between the transport (HttpServer) and the handler.
// No Beast or Asio types appear here, so handler code compiles without them.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fleetjobs::http {

struct Request {
  std::string method;  // "GET", ...
  std::string target;  // raw request-target as received (path + optional ?query), not decoded
  std::vector<std::pair<std::string, std::string>> headers;  // as received, original case and order
  std::string body;
  size_t listener_index = 0;  // which configured listener accepted it

  // First header with this name (case-insensitive), "" if absent.
  std::string_view Header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Called on server threads, concurrently: must be thread-safe.
using Handler = std::function<Response(Request&&)>;

}  // namespace fleetjobs::http
