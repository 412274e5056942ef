#include "api/clock_routes.h"

#include <boost/json.hpp>
#include <chrono>
#include <cmath>

#include "api/json_reader.h"

namespace fleetjobs::api {
namespace json = boost::json;
namespace {

// At most ten years per call: keeps the millisecond arithmetic far from overflow.
constexpr double kMaxAdvanceSeconds = 10.0 * 366 * 24 * 3600;

json::object NowObject(Timestamp now) {
  json::object o;
  o["now"] = static_cast<double>(ToEpochMillis(now)) / 1000.0;
  return o;
}

Result<std::chrono::milliseconds> DecodeSeconds(std::string_view body) {
  FJ_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(body));
  JsonReader reader = doc.Reader();
  const json::value* v = reader.Find("seconds");
  if (v == nullptr) return MakeError(ErrorCode::kInvalidRequest, "seconds is required");
  double seconds = 0;
  if (v->is_int64()) {
    seconds = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    seconds = static_cast<double>(v->get_uint64());
  } else if (v->is_double()) {
    seconds = v->get_double();
  } else {
    return MakeError(ErrorCode::kInvalidRequest, "seconds must be a number");
  }
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxAdvanceSeconds) {
    return MakeError(
        ErrorCode::kInvalidRequest,
        "seconds must be between 0 and " + std::to_string(static_cast<int64_t>(kMaxAdvanceSeconds)));
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000.0));
}

}  // namespace

void RegisterClockRoutes(RouteTable& table, VirtualTime& time) {
  table.Add({"GET", "/_fleetjobs/clock", Plane::kControl, "DescribeClock",
             [&time](const ApiCall&) -> Result<json::object> { return NowObject(time.Now()); }});
  table.Add({"POST", "/_fleetjobs/clock/advance", Plane::kControl, "AdvanceClock",
             [&time](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(std::chrono::milliseconds by, DecodeSeconds(call.body));
               FJ_ASSIGN_OR_RETURN(Timestamp now, time.Advance(by));
               return NowObject(now);
             }});
}

}  // namespace fleetjobs::api
