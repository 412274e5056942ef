#include "api/query_params.h"

#include <strings.h>
#include <charconv>

#include "api/percent_decoding.h"

namespace fleetjobs::api {

Result<QueryParams> QueryParams::Parse(std::string_view raw_query) {
  QueryParams out;
  size_t pos = 0;
  while (pos <= raw_query.size()) {
    size_t amp = raw_query.find('&', pos);
    if (amp == std::string_view::npos) amp = raw_query.size();
    std::string_view pair = raw_query.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    auto key = PercentDecode(raw_key, /*plus_as_space=*/true);
    auto value = PercentDecode(raw_value, /*plus_as_space=*/true);
    if (!key || !value) {
      return MakeError(ErrorCode::kInvalidRequest, "Invalid percent-encoding in the query string");
    }
    out.values_.emplace(std::move(*key), std::move(*value));
  }
  return out;
}

std::optional<std::string> QueryParams::Get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Result<std::optional<bool>> QueryParams::GetBool(std::string_view key) const {
  auto v = Get(key);
  if (!v) return std::optional<bool>();
  if (strcasecmp(v->c_str(), "true") == 0) return std::optional<bool>(true);
  if (strcasecmp(v->c_str(), "false") == 0) return std::optional<bool>(false);
  return MakeError(ErrorCode::kInvalidRequest, std::string(key) + " must be a boolean (true or false)");
}

Result<std::optional<int64_t>> QueryParams::GetInt(std::string_view key) const {
  auto v = Get(key);
  if (!v) return std::optional<int64_t>();
  int64_t n = 0;
  const char* end = v->data() + v->size();
  auto r = std::from_chars(v->data(), end, n);
  if (v->empty() || r.ec != std::errc() || r.ptr != end) {
    return MakeError(ErrorCode::kInvalidRequest, std::string(key) + " must be an integer");
  }
  return std::optional<int64_t>(n);
}

Result<std::string> QueryParams::Require(std::string_view key) const {
  auto v = Get(key);
  if (!v) return MakeError(ErrorCode::kInvalidRequest, std::string(key) + " is required");
  return std::move(*v);
}

}  // namespace fleetjobs::api
