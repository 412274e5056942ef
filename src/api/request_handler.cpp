#include "api/request_handler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

#include "api/clock_routes.h"
#include "api/control_plane_api.h"
#include "api/data_plane_api.h"
#include "api/error_mapping.h"
#include "api/json_writer.h"
#include "api/responses.h"

namespace fleetjobs::api {
namespace {

// The credential-scope service of an Authorization header, without verifying anything
// ("AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/execute-api/aws4_request, ...").
std::optional<std::string_view> ScopeServiceOf(std::string_view authorization) {
  size_t pos = authorization.find("Credential=");
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view scope = authorization.substr(pos + 11);
  scope = scope.substr(0, scope.find_first_of(", "));
  // AKID / date / region / service / aws4_request
  for (int i = 0; i < 3; ++i) {
    size_t slash = scope.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    scope.remove_prefix(slash + 1);
  }
  return scope.substr(0, scope.find('/'));
}

std::string ActionOf(const Route& route) {
  return std::string(route.plane == Plane::kData ? "iotjobsdata:" : "iot:") + route.operation;
}

}  // namespace

ApiHandler::ApiHandler(Engine& engine, const auth::SigV4Verifier* verifier, ApiHandlerOptions options)
    : engine_(engine), verifier_(verifier), options_(std::move(options)) {
  ControlPlaneOptions control;
  control.endpoint_address = options_.public_endpoint;
  control.jobs_endpoint_address =
      options_.jobs_endpoint.empty() ? options_.public_endpoint : options_.jobs_endpoint;
  ControlPlaneApi::Register(routes_, engine_, control);
  DataPlaneApi::Register(routes_, engine_);
  if (options_.virtual_time != nullptr) RegisterClockRoutes(routes_, *options_.virtual_time);
}

bool ApiHandler::IsDataPlaneListener(size_t index) const {
  return std::find(options_.data_plane_listeners.begin(), options_.data_plane_listeners.end(), index) !=
         options_.data_plane_listeners.end();
}

Result<ApiHandler::Caller> ApiHandler::Authenticate(const http::Request& request) const {
  Caller caller;
  if (verifier_ == nullptr) {
    std::string_view authorization = request.Header("Authorization");
    if (auto service = ScopeServiceOf(authorization)) caller.scope_plane = PlaneForScopeService(*service);
    return caller;
  }
  auth::SignedRequest signed_request{request.method, request.target, request.headers, request.body};
  FJ_ASSIGN_OR_RETURN(auth::AuthContext ctx, verifier_->Verify(signed_request));
  caller.credential = ctx.credential;
  caller.scope_plane = PlaneForScopeService(ctx.service);
  if (!caller.scope_plane) {
    return MakeError(ErrorCode::kInvalidSignature,
                     "Credential should be scoped to correct service: 'iot' or "
                     "'iot-jobs-data', not '" +
                         ctx.service + "'");
  }
  return caller;
}

Result<RouteMatch> ApiHandler::MatchRoute(const http::Request& request, std::string_view raw_path,
                                          const Caller& caller, Plane& plane) const {
  if (IsDataPlaneListener(request.listener_index)) {
    plane = Plane::kData;
  } else if (caller.scope_plane) {
    plane = *caller.scope_plane;
  } else {
    // Auth "none" without a signature: control plane first, the data plane for its own routes.
    plane = Plane::kControl;
    auto control = routes_.Match(request.method, raw_path, Plane::kControl);
    if (control.ok() || control.error().code != ErrorCode::kUnknownOperation) return control;
    auto data = routes_.Match(request.method, raw_path, Plane::kData);
    if (data.ok()) plane = Plane::kData;
    return data.ok() ? std::move(data) : std::move(control);
  }
  return routes_.Match(request.method, raw_path, plane);
}

Status ApiHandler::Authorize(const Caller& caller, const RouteMatch& match, Plane plane) const {
  if (caller.credential == nullptr || caller.credential->role != auth::Role::kThing) return Status::Ok();
  const ArnFormat& arns = engine_.context().arns;
  // Every data-plane route names its thing.
  if (plane == Plane::kData && match.params.Get("thingName") == caller.credential->thing_name) {
    return Status::Ok();
  }
  std::string resource;
  if (match.params.Has("thingName")) {
    resource = arns.Thing(match.params.Get("thingName"));
  } else if (match.params.Has("jobId")) {
    resource = arns.Job(match.params.Get("jobId"));
  } else {
    resource = "arn:aws:iot:" + arns.region() + ":" + arns.account_id() + ":*";
  }
  return MakeError(ErrorCode::kAccessDenied, "User: " + arns.Thing(caller.credential->thing_name) +
                                                 " is not authorized to perform: " + ActionOf(*match.route) +
                                                 " on resource: " + resource);
}

http::Response ApiHandler::BodyTooLarge(size_t limit_bytes) {
  return ErrorResponse(MakeError(ErrorCode::kPayloadTooLarge, "Request body exceeds the limit of " +
                                                                  std::to_string(limit_bytes) + " bytes"),
                       Plane::kControl, NewRequestId());
}

http::Response ApiHandler::BadRequest(std::string_view reason) {
  return ErrorResponse(MakeError(ErrorCode::kInvalidRequest, std::string(reason)), Plane::kControl,
                       NewRequestId());
}

http::Response ApiHandler::Handle(http::Request&& request) const {
  const std::string request_id = NewRequestId();
  std::string_view target = request.target;
  size_t qmark = target.find('?');
  std::string_view raw_path = target.substr(0, qmark);
  std::string_view raw_query =
      qmark == std::string_view::npos ? std::string_view() : target.substr(qmark + 1);

  if (request.method == "GET" && raw_path == "/health") {
    return JsonResponse(200, R"({"status":"ok"})", request_id);
  }

  Plane plane = IsDataPlaneListener(request.listener_index) ? Plane::kData : Plane::kControl;
  auto fail = [&](const Error& e) {
    if (e.code == ErrorCode::kInternal || e.code == ErrorCode::kUnavailable) {
      spdlog::warn("{} {} {} -> {}: {}", request_id, request.method, raw_path, MapError(e.code, plane).code,
                   e.message);
    }
    return ErrorResponse(e, plane, request_id);
  };

  auto caller = Authenticate(request);
  if (!caller.ok()) return fail(caller.error());
  auto match = MatchRoute(request, raw_path, *caller, plane);
  if (!match.ok()) return fail(match.error());
  if (Status st = Authorize(*caller, *match, plane); !st.ok()) return fail(st.error());

  auto query = QueryParams::Parse(raw_query);
  if (!query.ok()) return fail(query.error());
  ApiCall call;
  call.path = std::move(match->params);
  call.query = std::move(*query);
  call.body = request.body;
  call.plane = plane;

  try {
    Result<boost::json::object> out = match->route->handler(call);
    if (!out.ok()) return fail(out.error());
    return JsonResponse(200, WriteJson(*out), request_id);
  } catch (const std::exception& e) {
    // Errors are values; an exception here is a bug, reported as a 500 rather than a dropped
    // connection.
    spdlog::error("{} {} {}: unexpected exception: {}", request_id, request.method, raw_path, e.what());
    return fail(MakeError(ErrorCode::kInternal, "Internal failure"));
  }
}

}  // namespace fleetjobs::api
