#include "api/json_writer.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

namespace fleetjobs::api {
namespace {

void AppendDouble(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[64];
  double mag = std::fabs(d);
  std::to_chars_result r;
  if (mag != 0 && (mag >= 1e15 || mag < 1e-6)) {
    r = std::to_chars(buf, buf + sizeof(buf), d);  // shortest; may use an exponent
  } else {
    r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::fixed);
  }
  out.append(buf, r.ptr);
  if (d == std::floor(d) && mag < 1e15) out += ".0";
}

void Append(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out += "null";
      return;
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case boost::json::kind::int64:
      out += std::to_string(v.get_int64());
      return;
    case boost::json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return;
    case boost::json::kind::double_:
      AppendDouble(v.get_double(), out);
      return;
    case boost::json::kind::string:
      out += boost::json::serialize(boost::json::string_view(v.get_string()));
      return;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        Append(e, out);
      }
      out += ']';
      return;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(kv.key());
        out += ':';
        Append(kv.value(), out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string WriteJson(const boost::json::value& v) {
  std::string out;
  Append(v, out);
  return out;
}

}  // namespace fleetjobs::api
