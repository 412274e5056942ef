// Pagination: the wire form of list pages.
//
// `nextToken` is base64url (no padding) of a version tag plus the store's opaque cursor, so
// clients cannot read or forge it in a meaningful way; a token that does not decode is
// kInvalidRequest "Invalid nextToken". `maxResults` must be 1–250 (every list op in the model);
// absent → kDefaultPageSize (50: AWS does not document its default). Stateless; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/query_params.h"
#include "common/result.h"
#include "store/store.h"

namespace fleetjobs::api {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 250;

std::string EncodeNextToken(std::string_view cursor);
Result<std::string> DecodeNextToken(std::string_view token);

// PageRequest from the query members `maxResults` and `nextToken`.
Result<PageRequest> DecodePageRequest(const QueryParams& query);

// Sets out["nextToken"] when there is a next page.
void AddNextToken(boost::json::object& out, const std::optional<std::string>& next);

}  // namespace fleetjobs::api
