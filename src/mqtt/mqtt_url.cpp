#include "mqtt/mqtt_url.h"

#include <charconv>

namespace fleetjobs::mqtt {
namespace {

Error Bad(std::string_view url, std::string_view why) {
  return MakeError(ErrorCode::kInvalidRequest, "invalid MQTT URL '" + std::string(url) +
                                                   "': " + std::string(why) +
                                                   " (expected mqtt://HOST:PORT or mqtts://HOST:PORT)");
}

}  // namespace

std::string MqttUrl::ToString() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(tls ? "mqtts://" : "mqtt://") + h + ":" + std::to_string(port);
}

Result<MqttUrl> ParseMqttUrl(std::string_view url) {
  MqttUrl out;
  std::string_view rest;
  if (url.substr(0, 7) == "mqtt://") {
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "mqtts://") {
    out.tls = true;
    out.port = 8883;
    rest = url.substr(8);
  } else {
    return Bad(url, "the scheme must be mqtt:// or mqtts://");
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?#@") != std::string_view::npos) {
    return Bad(url, "user info, paths and queries are not allowed");
  }
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return Bad(url, "unterminated [IPv6] host");
    out.host = std::string(rest.substr(1, close - 1));
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Bad(url, "expected :PORT after the host");
      port = after.substr(1);
      if (port.empty()) return Bad(url, "empty port");
    }
  } else {
    size_t colon = rest.rfind(':');
    if (colon != std::string_view::npos) {
      if (rest.find(':') != colon) return Bad(url, "an IPv6 host must be in brackets");
      port = rest.substr(colon + 1);
      if (port.empty()) return Bad(url, "empty port");
      rest = rest.substr(0, colon);
    }
    out.host = std::string(rest);
  }
  if (out.host.empty()) return Bad(url, "no host");
  if (!port.empty()) {
    int p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535) {
      return Bad(url, "the port must be a number from 1 to 65535");
    }
    out.port = p;
  }
  return out;
}

}  // namespace fleetjobs::mqtt
