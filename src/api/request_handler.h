// ApiHandler: the AWS edge of fleetjobs. Turns one http::Request into one http::Response:
//
//   GET /health                      → 200 {"status":"ok"} (no authentication)
//   SigV4 verification               → credential + scope service (skipped with auth "none")
//   plane                            → data on a data-plane-only listener; else from the scope
//                                      service (iot-jobs-data → data, iot/execute-api → control);
//                                      with auth "none" and no Authorization header: the control
//                                      plane, unless the route exists only on the data plane
//                                      (StartNextPendingJobExecution, UpdateJobExecution)
//   RouteTable                       → operation (unknown → 404 UnknownOperationException)
//   access control                   → a thing credential may call only data-plane operations on
//                                      its own thing (else 403 AccessDeniedException)
//   operation handler                → engine call; 200 JSON, or the mapped AWS error
//
// Every response has Content-Type application/json and x-amzn-RequestId (a random UUID).
//
// Ownership: the engine and the verifier are borrowed and must outlive the handler.
// Thread safety: Handle may be called concurrently from any number of threads (the route table
// is immutable after construction; the engine and the verifier are thread-safe).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "api/plane.h"
#include "api/responses.h"  // ErrorResponse, NewRequestId: part of this surface
#include "api/route_table.h"
#include "auth/sigv4_verifier.h"
#include "engine/engine.h"
#include "engine/virtual_time.h"
#include "http/http_types.h"

namespace fleetjobs::api {

struct ApiHandlerOptions {
  // DescribeEndpoint's `endpointAddress` for every endpoint type: the host:port clients should
  // use to reach this server, e.g. "127.0.0.1:8443".
  std::string public_endpoint;
  // DescribeEndpoint(endpointType=iot:Jobs): where devices reach the data plane, e.g. the
  // --data-plane-listen address. Empty → public_endpoint.
  std::string jobs_endpoint;
  // http::Request::listener_index values of listeners on which every request is data plane
  // (--data-plane-listen). Only data-plane routes are reachable there.
  std::vector<size_t> data_plane_listeners;
  // --virtual-clock: the clock the /_fleetjobs/clock routes move; nullptr leaves them out.
  VirtualTime* virtual_time = nullptr;
};

class ApiHandler {
 public:
  // `verifier` == nullptr means auth "none": no signature is checked and every caller is an
  // administrator. Otherwise every request except /health must verify.
  ApiHandler(Engine& engine, const auth::SigV4Verifier* verifier, ApiHandlerOptions options);

  ApiHandler(const ApiHandler&) = delete;
  ApiHandler& operator=(const ApiHandler&) = delete;

  http::Response Handle(http::Request&& request) const;

  // Responses for failures the transport detects before a request reaches Handle (for
  // http::ServerOptions): 413 RequestEntityTooLargeException and 400 InvalidRequestException.
  static http::Response BodyTooLarge(size_t limit_bytes);
  static http::Response BadRequest(std::string_view reason);

  const RouteTable& routes() const { return routes_; }

 private:
  struct Caller {
    const auth::Credential* credential = nullptr;  // nullptr with auth "none"
    std::optional<Plane> scope_plane;              // from the signature's credential scope
  };

  Result<Caller> Authenticate(const http::Request& request) const;
  // Sets `plane` to the plane the request addresses (also when no route matches).
  Result<RouteMatch> MatchRoute(const http::Request& request, std::string_view raw_path, const Caller& caller,
                                Plane& plane) const;
  Status Authorize(const Caller& caller, const RouteMatch& match, Plane plane) const;
  bool IsDataPlaneListener(size_t index) const;

  Engine& engine_;
  const auth::SigV4Verifier* verifier_;
  ApiHandlerOptions options_;
  RouteTable routes_;
};

}  // namespace fleetjobs::api
