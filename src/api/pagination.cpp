#include "api/pagination.h"

#include <openssl/evp.h>

#include <vector>

namespace fleetjobs::api {
namespace {

constexpr std::string_view kTokenTag = "fj1:";

Error InvalidToken() { return MakeError(ErrorCode::kInvalidRequest, "Invalid nextToken"); }

}  // namespace

std::string EncodeNextToken(std::string_view cursor) {
  std::string raw(kTokenTag);
  raw.append(cursor);
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

Result<std::string> DecodeNextToken(std::string_view token) {
  if (token.empty() || token.size() % 4 == 1 || token.size() > 8192) return InvalidToken();
  std::string b64;
  b64.reserve(token.size() + 3);
  for (char c : token) {
    if (c == '-') {
      b64 += '+';
    } else if (c == '_') {
      b64 += '/';
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      b64 += c;
    } else {
      return InvalidToken();
    }
  }
  size_t padding = (4 - b64.size() % 4) % 4;
  b64.append(padding, '=');
  std::vector<unsigned char> raw(b64.size() / 4 * 3);
  int n = EVP_DecodeBlock(raw.data(), reinterpret_cast<const unsigned char*>(b64.data()),
                          static_cast<int>(b64.size()));
  if (n < 0 || static_cast<size_t>(n) < padding) return InvalidToken();
  std::string decoded(reinterpret_cast<const char*>(raw.data()), static_cast<size_t>(n) - padding);
  if (decoded.substr(0, kTokenTag.size()) != kTokenTag) return InvalidToken();
  return decoded.substr(kTokenTag.size());
}

Result<PageRequest> DecodePageRequest(const QueryParams& query) {
  PageRequest page;
  page.limit = kDefaultPageSize;
  FJ_ASSIGN_OR_RETURN(std::optional<int64_t> max, query.GetInt("maxResults"));
  if (max) {
    if (*max < 1 || *max > kMaxPageSize) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "maxResults must be between 1 and " + std::to_string(kMaxPageSize));
    }
    page.limit = static_cast<int>(*max);
  }
  if (auto token = query.Get("nextToken"); token && !token->empty()) {
    FJ_ASSIGN_OR_RETURN(page.after, DecodeNextToken(*token));
  }
  return page;
}

void AddNextToken(boost::json::object& out, const std::optional<std::string>& next) {
  if (next && !next->empty()) out["nextToken"] = EncodeNextToken(*next);
}

}  // namespace fleetjobs::api
