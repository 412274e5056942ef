// MqttUrl: the broker address given to `serve --mqtt`: `mqtt://HOST[:PORT]` (plain TCP, default
// port 1883) or `mqtts://HOST[:PORT]` (TLS, default 8883). HOST may be a name, an IPv4 address or
// a bracketed IPv6 address. No user info, path or query: credentials have their own flags.
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace fleetjobs::mqtt {

struct MqttUrl {
  bool tls = false;
  std::string host;
  int port = 1883;

  std::string ToString() const;
};

// kInvalidRequest with a message naming what is wrong.
Result<MqttUrl> ParseMqttUrl(std::string_view url);

}  // namespace fleetjobs::mqtt
