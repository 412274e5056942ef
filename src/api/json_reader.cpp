#include "api/json_reader.h"

#include <boost/json.hpp>
#include <cmath>

namespace fleetjobs::api {
namespace json = boost::json;

const json::value* JsonReader::Find(std::string_view key) const {
  auto it = object_->find(key);
  if (it == object_->end() || it->value().is_null()) return nullptr;
  return &it->value();
}

std::string JsonReader::FieldName(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

Error JsonReader::TypeError(std::string_view key, std::string_view what) const {
  return MakeError(ErrorCode::kInvalidRequest, FieldName(key) + " must be " + std::string(what));
}

Result<std::optional<std::string>> JsonReader::OptString(std::string_view key) const {
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return TypeError(key, "a string");
  return std::optional<std::string>(std::string(v->get_string()));
}

Result<std::string> JsonReader::ReqString(std::string_view key) const {
  FJ_ASSIGN_OR_RETURN(auto v, OptString(key));
  if (!v) return MakeError(ErrorCode::kInvalidRequest, FieldName(key) + " is required");
  return std::move(*v);
}

Result<std::optional<int64_t>> JsonReader::OptInt(std::string_view key) const {
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(v->get_uint64()));
  }
  if (v->is_double()) {
    double d = v->get_double();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18) {
      return std::optional<int64_t>(static_cast<int64_t>(d));
    }
  }
  return TypeError(key, "an integer");
}

Result<std::optional<bool>> JsonReader::OptBool(std::string_view key) const {
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<bool>();
  if (!v->is_bool()) return TypeError(key, "a boolean");
  return std::optional<bool>(v->get_bool());
}

Result<std::optional<std::map<std::string, std::string>>> JsonReader::OptStringMap(
    std::string_view key) const {
  using Map = std::map<std::string, std::string>;
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<Map>();
  if (!v->is_object()) return TypeError(key, "an object of strings");
  Map out;
  for (const auto& kv : v->get_object()) {
    if (!kv.value().is_string()) {
      return MakeError(ErrorCode::kInvalidRequest,
                       FieldName(key) + "." + std::string(kv.key()) + " must be a string");
    }
    out[std::string(kv.key())] = std::string(kv.value().get_string());
  }
  return std::optional<Map>(std::move(out));
}

Result<std::optional<std::vector<std::string>>> JsonReader::OptStringList(std::string_view key) const {
  using List = std::vector<std::string>;
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<List>();
  if (!v->is_array()) return TypeError(key, "a list of strings");
  List out;
  const json::array& a = v->get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) {
      return MakeError(ErrorCode::kInvalidRequest,
                       FieldName(key) + "[" + std::to_string(i) + "] must be a string");
    }
    out.emplace_back(a[i].get_string());
  }
  return std::optional<List>(std::move(out));
}

Result<std::optional<std::map<std::string, std::string>>> JsonReader::OptTagList(std::string_view key) const {
  using Map = std::map<std::string, std::string>;
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<Map>();
  if (!v->is_array()) return TypeError(key, "a list of tags");
  Map out;
  const json::array& a = v->get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    std::string elem = FieldName(key) + "[" + std::to_string(i) + "]";
    if (!a[i].is_object()) return MakeError(ErrorCode::kInvalidRequest, elem + " must be an object");
    JsonReader tag(a[i].get_object(), elem);
    FJ_ASSIGN_OR_RETURN(std::string k, tag.ReqString("Key"));
    FJ_ASSIGN_OR_RETURN(std::optional<std::string> val, tag.OptString("Value"));
    out[std::move(k)] = val.value_or("");
  }
  return std::optional<Map>(std::move(out));
}

Result<std::optional<JsonReader>> JsonReader::OptObject(std::string_view key) const {
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<JsonReader>();
  if (!v->is_object()) return TypeError(key, "an object");
  return std::optional<JsonReader>(JsonReader(v->get_object(), FieldName(key)));
}

Result<JsonDocument> JsonDocument::Parse(std::string_view body) {
  JsonDocument doc;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    doc.value_ = json::object();
    return doc;
  }
  boost::system::error_code ec;
  doc.value_ = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec) return MakeError(ErrorCode::kInvalidRequest, "Could not parse request body into json");
  if (!doc.value_.is_object()) {
    return MakeError(ErrorCode::kInvalidRequest, "The request body must be a JSON object");
  }
  return doc;
}

}  // namespace fleetjobs::api
