#include "auth/sigv4_verifier.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "auth/sigv4_crypto.h"

namespace fleetjobs::auth {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr int64_t kMaxSkewMillis = int64_t{15} * 60 * 1000;

Error SignatureError(std::string message) {
  return MakeError(ErrorCode::kInvalidSignature, std::move(message));
}

bool IsUnreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'; }

void AppendEncoded(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding as Python's unquote_plus: invalid escapes stay as-is.
std::string DecodePlus(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Encode(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    if (IsUnreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      AppendEncoded(out, c);
    }
  }
  return out;
}

using sigv4_crypto::Digest;
using sigv4_crypto::Hex;
using sigv4_crypto::Hmac;
using sigv4_crypto::Sha256Hex;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims and collapses inner whitespace runs to one space.
std::string NormalizeValue(std::string_view v) {
  std::string out;
  bool pending_space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct ParsedAuthorization {
  std::string_view access_key_id;
  std::string_view date;
  std::string_view region;
  std::string_view service;
  std::string_view signed_headers;
  std::string_view signature;
};

Result<ParsedAuthorization> ParseAuthorization(std::string_view header) {
  header = Trim(header);
  if (header.substr(0, kAlgorithm.size()) != kAlgorithm || header.size() == kAlgorithm.size() ||
      header[kAlgorithm.size()] != ' ') {
    return SignatureError("Authorization header requires the AWS4-HMAC-SHA256 algorithm.");
  }
  ParsedAuthorization p;
  std::string_view credential;
  std::string_view rest = header.substr(kAlgorithm.size() + 1);
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view part = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = part.substr(0, eq);
    std::string_view value = part.substr(eq + 1);
    if (name == "Credential") credential = value;
    if (name == "SignedHeaders") p.signed_headers = value;
    if (name == "Signature") p.signature = value;
  }
  if (credential.empty() || p.signed_headers.empty() || p.signature.empty()) {
    return SignatureError(
        "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  }
  std::string_view fields[5];
  size_t n = 0;
  std::string_view c = credential;
  while (n < 5) {
    size_t slash = c.find('/');
    fields[n++] = c.substr(0, slash);
    if (slash == std::string_view::npos) break;
    c = c.substr(slash + 1);
  }
  if (n != 5 || c.find('/') != std::string_view::npos || fields[4] != "aws4_request" || fields[0].empty()) {
    return SignatureError("Credential should be scoped to a valid region and service: " +
                          std::string(credential));
  }
  p.access_key_id = fields[0];
  p.date = fields[1];
  p.region = fields[2];
  p.service = fields[3];
  return p;
}

// Parses "YYYYMMDDTHHMMSSZ" into epoch millis.
bool ParseAmzDate(std::string_view s, int64_t& out_ms) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return false;
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  using namespace std::chrono;
  year_month_day ymd{year(num(0, 4)), month(static_cast<unsigned>(num(4, 2))),
                     day(static_cast<unsigned>(num(6, 2)))};
  int hh = num(9, 2), mm = num(11, 2), ss = num(13, 2);
  if (!ymd.ok() || hh > 23 || mm > 59 || ss > 60) return false;
  auto tp = sys_days(ymd) + hours(hh) + minutes(mm) + seconds(ss);
  out_ms = duration_cast<milliseconds>(tp.time_since_epoch()).count();
  return true;
}

}  // namespace

bool IsControlPlaneService(std::string_view service) { return service == "iot" || service == "execute-api"; }
bool IsDataPlaneService(std::string_view service) { return service == "iot-jobs-data"; }

SigV4Verifier::SigV4Verifier(const CredentialStore& credentials, std::string region, const Clock& clock)
    : credentials_(credentials), region_(std::move(region)), clock_(clock) {}

std::string SigV4Verifier::CanonicalUri(std::string_view raw_path) {
  if (raw_path.empty()) return "/";
  std::string out;
  out.reserve(raw_path.size() + 16);
  for (unsigned char c : raw_path) {
    if (IsUnreserved(c) || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      AppendEncoded(out, c);
    }
  }
  return out;
}

std::string SigV4Verifier::CanonicalQuery(std::string_view raw_query) {
  if (raw_query.empty()) return "";
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t pos = 0;
  while (pos <= raw_query.size()) {
    size_t amp = raw_query.find('&', pos);
    if (amp == std::string_view::npos) amp = raw_query.size();
    std::string_view part = raw_query.substr(pos, amp - pos);
    pos = amp + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view k = part.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    pairs.emplace_back(Encode(DecodePlus(k)), Encode(DecodePlus(v)));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out.push_back('&');
    out.append(k).append("=").append(v);
  }
  return out;
}

SigV4Verifier::Key SigV4Verifier::SigningKey(const Credential& cred, std::string_view date,
                                             std::string_view service) const {
  std::string cache_key;
  cache_key.reserve(cred.access_key_id.size() + date.size() + service.size() + 2);
  cache_key.append(cred.access_key_id).append("/").append(date).append("/").append(service);
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = key_cache_.find(cache_key);
    if (it != key_cache_.end()) return it->second;
  }
  std::string k_secret = "AWS4" + cred.secret;
  Key k_date = Hmac(reinterpret_cast<const unsigned char*>(k_secret.data()), k_secret.size(), date);
  Key k_region = Hmac(k_date.data(), k_date.size(), region_);
  Key k_service = Hmac(k_region.data(), k_region.size(), service);
  Key k_signing = Hmac(k_service.data(), k_service.size(), "aws4_request");
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (key_cache_.size() > 4096) key_cache_.clear();
  key_cache_.emplace(std::move(cache_key), k_signing);
  return k_signing;
}

Result<AuthContext> SigV4Verifier::Verify(const SignedRequest& request) const {
  // Collect the headers once, lower-cased; duplicates are joined with ',' as SigV4 specifies.
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(request.headers.size());
  std::string_view authorization;
  for (const auto& [name, value] : request.headers) {
    std::string lname = Lower(name);
    if (lname == "authorization") authorization = value;
    auto it = std::find_if(headers.begin(), headers.end(), [&](const auto& h) { return h.first == lname; });
    if (it == headers.end()) {
      headers.emplace_back(std::move(lname), NormalizeValue(value));
    } else {
      it->second.append(",").append(NormalizeValue(value));
    }
  }
  auto header = [&](std::string_view lname) -> const std::string* {
    for (const auto& h : headers) {
      if (h.first == lname) return &h.second;
    }
    return nullptr;
  };
  if (authorization.empty())
    return MakeError(ErrorCode::kMissingAuthentication, "Missing Authentication Token");

  FJ_ASSIGN_OR_RETURN(ParsedAuthorization auth, ParseAuthorization(authorization));
  const Credential* cred = credentials_.Find(auth.access_key_id);
  if (cred == nullptr) {
    return MakeError(ErrorCode::kUnrecognizedClient,
                     "The security token included in the request is invalid.");
  }
  if (auth.region != region_) {
    return SignatureError("Credential should be scoped to a valid region, not '" + std::string(auth.region) +
                          "'. This server's region is '" + region_ + "'.");
  }
  if (!IsControlPlaneService(auth.service) && !IsDataPlaneService(auth.service)) {
    return SignatureError("Credential should be scoped to correct service: 'iot' or 'iot-jobs-data', not '" +
                          std::string(auth.service) + "'.");
  }
  const std::string* amz_date = header("x-amz-date");
  int64_t request_ms = 0;
  if (amz_date == nullptr || !ParseAmzDate(*amz_date, request_ms)) {
    return SignatureError(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (amz_date->substr(0, 8) != auth.date) {
    return SignatureError(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
        std::string(auth.date) + "' != '" + amz_date->substr(0, 8) + "'");
  }
  int64_t now_ms = ToEpochMillis(clock_.Now());
  if (request_ms < now_ms - kMaxSkewMillis || request_ms > now_ms + kMaxSkewMillis) {
    return SignatureError("Signature expired: " + *amz_date +
                          " is now earlier or later than the server time by more than 15 minutes.");
  }

  // Canonical request.
  std::string_view target = request.raw_target;
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  std::string body_hash = Sha256Hex(request.body);
  if (const std::string* sent = header("x-amz-content-sha256")) {
    if (*sent != body_hash)
      return SignatureError("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  std::string creq;
  creq.reserve(512 + target.size());
  creq.append(request.method).append("\n");
  creq.append(CanonicalUri(path)).append("\n");
  creq.append(CanonicalQuery(query)).append("\n");
  bool signs_host = false;
  std::string_view names = auth.signed_headers;
  while (!names.empty()) {
    size_t semi = names.find(';');
    std::string_view name = names.substr(0, semi);
    names = semi == std::string_view::npos ? std::string_view() : names.substr(semi + 1);
    if (name == "host") signs_host = true;
    const std::string* value = header(name);
    creq.append(name).append(":");
    if (value != nullptr) creq.append(*value);
    creq.append("\n");
  }
  if (!signs_host) return SignatureError("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  creq.append("\n").append(auth.signed_headers).append("\n").append(body_hash);

  std::string scope;
  scope.append(auth.date)
      .append("/")
      .append(auth.region)
      .append("/")
      .append(auth.service)
      .append("/aws4_request");
  std::string sts;
  sts.append(kAlgorithm)
      .append("\n")
      .append(*amz_date)
      .append("\n")
      .append(scope)
      .append("\n")
      .append(Sha256Hex(creq));

  Key key = SigningKey(*cred, auth.date, auth.service);
  Key sig = Hmac(key.data(), key.size(), sts);
  std::string expected = Hex(sig.data(), sig.size());
  if (auth.signature.size() != expected.size() ||
      CRYPTO_memcmp(auth.signature.data(), expected.data(), expected.size()) != 0) {
    return SignatureError(
        "The request signature we calculated does not match the signature you provided. Check your AWS "
        "Secret "
        "Access Key and signing method. Consult the service documentation for details.");
  }
  return AuthContext{cred, std::string(auth.service)};
}

}  // namespace fleetjobs::auth
