// JsonReader: strict, field-naming access to a JSON request body (or one object inside it).
//
// restJson1 rules applied here: an empty body is `{}`; unparsable JSON is kInvalidRequest
// "Could not parse request body into json"; a member of the wrong JSON type is kInvalidRequest
// naming the member path ("thingGroupProperties.attributePayload.attributes must be an object");
// unknown members are ignored; a JSON null counts as absent. A JsonReader views the document it
// came from: the owning JsonDocument must outlive it.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace fleetjobs::api {

class JsonReader {
 public:
  // `path` prefixes member names in error messages ("" for the body itself).
  JsonReader(const boost::json::object& object, std::string path)
      : object_(&object), path_(std::move(path)) {}

  const boost::json::object& object() const { return *object_; }

  // The member, or nullptr when absent or null.
  const boost::json::value* Find(std::string_view key) const;
  // "<path>.<key>" (or "<key>" at the top level), for messages.
  std::string FieldName(std::string_view key) const;

  Result<std::optional<std::string>> OptString(std::string_view key) const;
  Result<std::string> ReqString(std::string_view key) const;
  Result<std::optional<int64_t>> OptInt(std::string_view key) const;  // integral numbers only
  Result<std::optional<bool>> OptBool(std::string_view key) const;
  // {"k": "v", ...}; every value must be a string.
  Result<std::optional<std::map<std::string, std::string>>> OptStringMap(std::string_view key) const;
  // ["a", ...]; every element must be a string.
  Result<std::optional<std::vector<std::string>>> OptStringList(std::string_view key) const;
  // The AWS tag list [{"Key": k, "Value": v}, ...] (Value optional, "" when absent).
  Result<std::optional<std::map<std::string, std::string>>> OptTagList(std::string_view key) const;
  // A nested object as a reader; nullopt when absent.
  Result<std::optional<JsonReader>> OptObject(std::string_view key) const;

 private:
  Error TypeError(std::string_view key, std::string_view what) const;

  const boost::json::object* object_;
  std::string path_;
};

// Owns a parsed request body.
class JsonDocument {
 public:
  // Empty (or all-whitespace) body → {}. Not JSON → kInvalidRequest "Could not parse request
  // body into json"; JSON that is not an object → kInvalidRequest.
  static Result<JsonDocument> Parse(std::string_view body);

  JsonReader Reader() const { return JsonReader(value_.get_object(), ""); }

 private:
  boost::json::value value_;
};

}  // namespace fleetjobs::api
