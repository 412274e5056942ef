// QueryParams: the decoded query string of a request, as a multimap, with strict typed getters.
//
// botocore sends booleans as `true`/`false` and integers in decimal; key order varies between
// SDKs. A value of the wrong type is kInvalidRequest naming the parameter. Immutable after Parse;
// safe to read from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace fleetjobs::api {

class QueryParams {
 public:
  QueryParams() = default;

  // `raw_query` is the part of the target after '?', still percent-encoded. '+' and %20 both
  // decode to a space. An invalid escape is kInvalidRequest.
  static Result<QueryParams> Parse(std::string_view raw_query);

  // The first value of `key`, if present.
  std::optional<std::string> Get(std::string_view key) const;
  // Absent → nullopt; "true"/"false" (any case) → the value; anything else → kInvalidRequest.
  Result<std::optional<bool>> GetBool(std::string_view key) const;
  // Absent → nullopt; a decimal int64 → the value; anything else → kInvalidRequest.
  Result<std::optional<int64_t>> GetInt(std::string_view key) const;
  // Present → the value; absent → kInvalidRequest "<key> is required".
  Result<std::string> Require(std::string_view key) const;

  size_t size() const { return values_.size(); }

 private:
  std::multimap<std::string, std::string, std::less<>> values_;
};

}  // namespace fleetjobs::api
