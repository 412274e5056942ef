// Plane: which AWS service a request addresses. The control plane is the `iot` service (signed
// with scope `iot` or, by older botocore, `execute-api`); the data plane is `iot-jobs-data`.
// Both share one port and are told apart by the SigV4 scope (or by a data-plane-only listener).
#pragma once

#include <optional>
#include <string_view>

namespace fleetjobs::api {

enum class Plane { kControl, kData };

inline std::string_view PlaneName(Plane p) { return p == Plane::kControl ? "iot" : "iot-jobs-data"; }

// The plane a SigV4 credential-scope service names; nullopt for any other service.
inline std::optional<Plane> PlaneForScopeService(std::string_view service) {
  if (service == "iot-jobs-data") return Plane::kData;
  if (service == "iot" || service == "execute-api") return Plane::kControl;
  return std::nullopt;
}

}  // namespace fleetjobs::api
