// Test helper: signs requests the way botocore does (SigV4, non-S3 rules: the raw path is
// percent-encoded again for the canonical URI, the body hash is not sent as a header).
// Independent of src/auth so the end-to-end tests check the verifier against a second
// implementation; checked against the captured boto3 signatures in sigv4_test_signer_test.cpp.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/percent_decoding.h"

namespace fleetjobs::api::testing {

inline std::string Hex(const unsigned char* data, size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

inline std::string Sha256Hex(std::string_view s) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), md);
  return Hex(md, sizeof(md));
}

inline std::string Hmac(std::string_view key, std::string_view msg) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

// RFC 3986 encoding; `keep` lists extra characters left as they are.
inline std::string UriEncode(std::string_view s, std::string_view keep) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        keep.find(c) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
  }
  return out;
}

struct SigningInput {
  std::string method;
  std::string target;                                        // raw path?query as sent
  std::vector<std::pair<std::string, std::string>> headers;  // must include host and X-Amz-Date
  std::string body;
  std::vector<std::string> signed_headers;  // lower case, e.g. {"host", "x-amz-date"}
};

inline std::string Sign(const SigningInput& in, std::string_view access_key, std::string_view secret,
                        std::string_view region, std::string_view service) {
  std::string_view target = in.target;
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);

  std::vector<std::pair<std::string, std::string>> params;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string k = PercentDecode(pair.substr(0, eq), true).value_or("");
    std::string v = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true).value_or("");
    params.emplace_back(UriEncode(k, ""), UriEncode(v, ""));
  }
  std::sort(params.begin(), params.end());
  std::string canonical_query;
  for (const auto& [k, v] : params) {
    if (!canonical_query.empty()) canonical_query += '&';
    canonical_query += k + "=" + v;
  }

  std::string amz_date;
  std::vector<std::pair<std::string, std::string>> canon_headers;
  for (const auto& [name, value] : in.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower == "x-amz-date") amz_date = value;
    if (std::find(in.signed_headers.begin(), in.signed_headers.end(), lower) != in.signed_headers.end()) {
      canon_headers.emplace_back(lower, value);
    }
  }
  std::sort(canon_headers.begin(), canon_headers.end());
  std::string headers_block;
  std::string signed_list;
  for (const auto& [k, v] : canon_headers) {
    headers_block += k + ":" + v + "\n";
    if (!signed_list.empty()) signed_list += ';';
    signed_list += k;
  }

  std::string canonical = in.method + "\n" + UriEncode(path, "/") + "\n" + canonical_query + "\n" +
                          headers_block + "\n" + signed_list + "\n" + Sha256Hex(in.body);
  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  std::string to_sign = "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(canonical);
  std::string key = Hmac("AWS4" + std::string(secret), date);
  key = Hmac(key, region);
  key = Hmac(key, service);
  key = Hmac(key, "aws4_request");
  std::string sig = Hmac(key, to_sign);
  return "AWS4-HMAC-SHA256 Credential=" + std::string(access_key) + "/" + scope +
         ", SignedHeaders=" + signed_list +
         ", Signature=" + Hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

}  // namespace fleetjobs::api::testing
