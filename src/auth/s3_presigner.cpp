#include "auth/s3_presigner.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <utility>
#include <vector>

#include "auth/sigv4_crypto.h"

namespace fleetjobs::auth {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kService = "s3";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::string_view kAwsSuffix = ".amazonaws.com";
constexpr size_t kMaxKeyBytes = 1024;
constexpr size_t kMaxBucketBytes = 255;
constexpr size_t kMaxQuoted = 128;

using sigv4_crypto::Digest;
using sigv4_crypto::Hex;
using sigv4_crypto::Hmac;
using sigv4_crypto::Sha256Hex;

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

// RFC 3986 encoding as SigV4 specifies it; `keep_slash` for object keys.
std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict percent-decoding of a URL path: a '%' must start a valid escape; '+' stays '+'.
std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size() || HexValue(s[i + 1]) < 0 || HexValue(s[i + 2]) < 0) return std::nullopt;
    out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
    i += 2;
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && Lower(s.substr(0, prefix.size())) == prefix;
}

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kMaxQuoted; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    out.push_back(c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c));
  }
  if (text.size() > kMaxQuoted) out.append("...");
  out.push_back('\'');
  return out;
}

Error NotAnS3Url(std::string_view url, std::string_view why) {
  return MakeError(
      ErrorCode::kInvalidRequest,
      "S3 URL " + Quote(url) + " is not an S3 object URL (" + std::string(why) +
          "); expected https://s3.amazonaws.com/BUCKET/KEY, https://BUCKET.s3.amazonaws.com/KEY, "
          "https://s3.REGION.amazonaws.com/BUCKET/KEY, https://BUCKET.s3.REGION.amazonaws.com/KEY "
          "or s3://BUCKET/KEY");
}

// A region label such as us-east-1.
bool IsRegionLabel(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsBucketName(std::string_view s) {
  if (s.empty() || s.size() > kMaxBucketBytes) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

Result<S3ObjectRef> MakeRef(std::string_view url, std::string_view bucket, std::string key) {
  if (!IsBucketName(bucket)) return NotAnS3Url(url, "bad bucket name");
  if (key.empty()) return NotAnS3Url(url, "no object key");
  if (key.size() > kMaxKeyBytes) return NotAnS3Url(url, "object key longer than 1024 bytes");
  return S3ObjectRef{std::string(bucket), std::move(key)};
}

// "YYYYMMDDTHHMMSSZ" for `now`, seconds truncated.
std::string AmzDate(Timestamp now) {
  namespace chr = std::chrono;
  auto secs = chr::floor<chr::seconds>(now);
  auto day = chr::floor<chr::days>(secs);
  chr::year_month_day ymd(day);
  chr::hh_mm_ss<chr::seconds> hms(secs - day);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

struct SigningParts {
  std::string amz_date;
  std::string scope;
  std::string canonical_query;  // without X-Amz-Signature
  std::string canonical_request;
  std::string string_to_sign;
};

SigningParts BuildParts(const S3PresignInput& in) {
  SigningParts p;
  p.amz_date = AmzDate(in.now);
  std::string short_date = p.amz_date.substr(0, 8);
  p.scope.append(short_date)
      .append("/")
      .append(in.region)
      .append("/")
      .append(kService)
      .append("/aws4_request");
  std::string credential = std::string(in.access_key_id) + "/" + p.scope;

  // Already in canonical (byte) order: Algorithm, Credential, Date, Expires, Security-Token, SignedHeaders.
  std::vector<std::pair<std::string_view, std::string>> params = {
      {"X-Amz-Algorithm", std::string(kAlgorithm)},
      {"X-Amz-Credential", credential},
      {"X-Amz-Date", p.amz_date},
      {"X-Amz-Expires", std::to_string(in.expires_in_sec)},
  };
  if (in.session_token) params.emplace_back("X-Amz-Security-Token", std::string(*in.session_token));
  params.emplace_back("X-Amz-SignedHeaders", "host");
  for (const auto& [name, value] : params) {
    if (!p.canonical_query.empty()) p.canonical_query.push_back('&');
    p.canonical_query.append(name).append("=").append(UriEncode(value, /*keep_slash=*/false));
  }

  p.canonical_request.append(in.method).append("\n");
  p.canonical_request.append(in.canonical_uri.empty() ? std::string_view("/") : in.canonical_uri)
      .append("\n");
  p.canonical_request.append(p.canonical_query).append("\n");
  p.canonical_request.append("host:").append(in.host).append("\n\n");
  p.canonical_request.append("host\n").append(kUnsignedPayload);

  p.string_to_sign.append(kAlgorithm).append("\n");
  p.string_to_sign.append(p.amz_date).append("\n");
  p.string_to_sign.append(p.scope).append("\n");
  p.string_to_sign.append(Sha256Hex(p.canonical_request));
  return p;
}

struct Endpoint {
  std::string scheme;
  std::string host;
  std::string base_path;
};

Result<Endpoint> ParseEndpoint(std::string_view endpoint) {
  auto bad = [&](std::string_view why) {
    return MakeError(ErrorCode::kInternal, "S3 presigning endpoint " + Quote(endpoint) + " is invalid: " +
                                               std::string(why) + " (expected http(s)://HOST[:PORT][/PATH])");
  };
  Endpoint e;
  std::string_view rest;
  if (StartsWithNoCase(endpoint, "https://")) {
    e.scheme = "https";
    rest = endpoint.substr(8);
  } else if (StartsWithNoCase(endpoint, "http://")) {
    e.scheme = "http";
    rest = endpoint.substr(7);
  } else {
    return bad("the scheme must be http or https");
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.empty()) return bad("no host");
  for (char c : authority) {
    if (c == '@' || c == '?' || c == '#' || c == ' ' || c == '%' || static_cast<unsigned char>(c) < 0x21 ||
        static_cast<unsigned char>(c) >= 0x7f) {
      return bad("the host has characters a host cannot have");
    }
  }
  // Split off the port, minding IPv6 literals ([::1]:9000).
  std::string_view host = authority;
  std::string_view port;
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5) return bad("bad port");
    for (char c : port) {
      if (c < '0' || c > '9') return bad("bad port");
    }
  }
  if (host.empty()) return bad("no host");
  e.host = std::string(host);
  bool default_port = (e.scheme == "http" && port == "80") || (e.scheme == "https" && port == "443");
  if (!port.empty() && !default_port) e.host.append(":").append(port);

  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  for (char c : path) {
    if (!IsUnreserved(static_cast<unsigned char>(c)) && c != '/') {
      return bad("the path may only hold letters, digits, '-', '_', '.', '~' and '/'");
    }
  }
  e.base_path = std::string(path);
  return e;
}

}  // namespace

S3Presigner::S3Presigner(S3PresignerConfig config) : config_(std::move(config)) {
  if (ValidateConfig(config_).ok()) {
    auto endpoint = ParseEndpoint(config_.endpoint);
    valid_ = endpoint.ok();
    if (valid_) {
      scheme_ = std::move(endpoint->scheme);
      host_ = std::move(endpoint->host);
      base_path_ = std::move(endpoint->base_path);
    }
  }
}

Status S3Presigner::ValidateConfig(const S3PresignerConfig& config) {
  FJ_RETURN_IF_ERROR(ParseEndpoint(config.endpoint));
  if (!IsRegionLabel(config.region)) {
    return MakeError(ErrorCode::kInternal, "S3 presigning region " + Quote(config.region) + " is invalid");
  }
  if (config.access_key_id.empty() || config.secret_access_key.empty()) {
    return MakeError(ErrorCode::kInternal, "S3 presigning needs an access key id and a secret access key");
  }
  if (config.session_token && config.session_token->empty()) {
    return MakeError(ErrorCode::kInternal, "S3 presigning session token is empty");
  }
  return Status::Ok();
}

Result<S3ObjectRef> S3Presigner::ParseS3Url(std::string_view url) {
  if (StartsWithNoCase(url, "s3://")) {
    std::string_view rest = url.substr(5);
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return NotAnS3Url(url, "no object key");
    return MakeRef(url, rest.substr(0, slash), std::string(rest.substr(slash + 1)));
  }
  std::string_view rest;
  if (StartsWithNoCase(url, "https://")) {
    rest = url.substr(8);
  } else if (StartsWithNoCase(url, "http://")) {
    rest = url.substr(7);
  } else {
    return NotAnS3Url(url, "the scheme must be https, http or s3");
  }
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return NotAnS3Url(url, "no object key");
  std::string host = Lower(rest.substr(0, slash));
  std::string_view path = rest.substr(slash);  // starts with '/'
  if (path.find_first_of("?#") != std::string_view::npos) {
    return NotAnS3Url(url, "a query or fragment is not supported");
  }
  if (host.size() <= kAwsSuffix.size() ||
      host.compare(host.size() - kAwsSuffix.size(), kAwsSuffix.size(), kAwsSuffix) != 0) {
    return NotAnS3Url(url, "the host is not an amazonaws.com S3 host");
  }
  std::string_view h = std::string_view(host).substr(0, host.size() - kAwsSuffix.size());
  std::string_view raw = path.substr(1);  // still percent-encoded

  // Path style: s3.amazonaws.com, s3.REGION.amazonaws.com, s3-REGION.amazonaws.com. The bucket is
  // split off before decoding so an encoded '/' (%2F) stays inside the key.
  bool virtual_global = h.size() > 3 && h.substr(h.size() - 3) == ".s3";
  if (!virtual_global && (h == "s3" || (h.substr(0, 3) == "s3." && IsRegionLabel(h.substr(3))) ||
                          (h.substr(0, 3) == "s3-" && IsRegionLabel(h.substr(3))))) {
    size_t sep = raw.find('/');
    if (sep == std::string_view::npos) return NotAnS3Url(url, "no object key");
    std::optional<std::string> bucket = PercentDecode(raw.substr(0, sep));
    std::optional<std::string> key = PercentDecode(raw.substr(sep + 1));
    if (!bucket || !key) return NotAnS3Url(url, "bad percent-encoding in the path");
    return MakeRef(url, *bucket, std::move(*key));
  }

  // Virtual-hosted style: BUCKET.s3.amazonaws.com, BUCKET.s3.REGION.amazonaws.com,
  // BUCKET.s3-REGION.amazonaws.com. The whole path is the key.
  std::optional<std::string_view> bucket;
  if (virtual_global) {
    bucket = h.substr(0, h.size() - 3);
  } else {
    for (std::string_view marker : {std::string_view(".s3."), std::string_view(".s3-")}) {
      size_t at = h.rfind(marker);
      if (at != std::string_view::npos && at > 0 && IsRegionLabel(h.substr(at + marker.size()))) {
        bucket = h.substr(0, at);
        break;
      }
    }
  }
  if (bucket) {
    std::optional<std::string> key = PercentDecode(raw);
    if (!key) return NotAnS3Url(url, "bad percent-encoding in the path");
    return MakeRef(url, *bucket, std::move(*key));
  }
  return NotAnS3Url(url, "the host is not an S3 host");
}

std::string S3Presigner::EncodeKey(std::string_view key) { return UriEncode(key, /*keep_slash=*/true); }

std::string S3Presigner::CanonicalRequest(const S3PresignInput& input) {
  return BuildParts(input).canonical_request;
}

std::string S3Presigner::StringToSign(const S3PresignInput& input) {
  return BuildParts(input).string_to_sign;
}

std::string S3Presigner::PresignedQuery(const S3PresignInput& input) {
  SigningParts parts = BuildParts(input);
  std::string short_date = parts.amz_date.substr(0, 8);
  std::string k_secret = "AWS4" + std::string(input.secret_access_key);
  Digest k_date = Hmac(reinterpret_cast<const unsigned char*>(k_secret.data()), k_secret.size(), short_date);
  Digest k_region = Hmac(k_date.data(), k_date.size(), input.region);
  Digest k_service = Hmac(k_region.data(), k_region.size(), kService);
  Digest k_signing = Hmac(k_service.data(), k_service.size(), "aws4_request");
  Digest signature = Hmac(k_signing.data(), k_signing.size(), parts.string_to_sign);
  return parts.canonical_query + "&X-Amz-Signature=" + Hex(signature.data(), signature.size());
}

Result<std::string> S3Presigner::PresignGet(std::string_view s3_url, int64_t expires_in_sec,
                                            Timestamp now) const {
  if (!valid_) {
    Status st = ValidateConfig(config_);
    return st.ok() ? MakeError(ErrorCode::kInternal, "S3 presigning is not configured") : st.take_error();
  }
  if (expires_in_sec < kMinExpiresSec || expires_in_sec > kMaxExpiresSec) {
    return MakeError(ErrorCode::kInvalidRequest, "expiresInSec " + std::to_string(expires_in_sec) +
                                                     " is out of range 1-" + std::to_string(kMaxExpiresSec));
  }
  FJ_ASSIGN_OR_RETURN(S3ObjectRef ref, ParseS3Url(s3_url));
  std::string canonical_uri = base_path_ + "/" + EncodeKey(ref.bucket) + "/" + EncodeKey(ref.key);
  S3PresignInput input;
  input.method = "GET";
  input.host = host_;
  input.canonical_uri = canonical_uri;
  input.region = config_.region;
  input.access_key_id = config_.access_key_id;
  input.secret_access_key = config_.secret_access_key;
  if (config_.session_token) input.session_token = *config_.session_token;
  input.expires_in_sec = expires_in_sec;
  input.now = now;
  return scheme_ + "://" + host_ + canonical_uri + "?" + PresignedQuery(input);
}

}  // namespace fleetjobs::auth
