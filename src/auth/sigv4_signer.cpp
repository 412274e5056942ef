#include "auth/sigv4_signer.h"

#include <chrono>
#include <cstdio>

#include "auth/sigv4_crypto.h"
#include "auth/sigv4_verifier.h"

namespace fleetjobs::auth {

using sigv4_crypto::Hex;
using sigv4_crypto::Hmac;
using sigv4_crypto::Sha256Hex;

SigV4Signer::SigV4Signer(std::string access_key_id, std::string secret, std::string region,
                         std::string service)
    : access_key_id_(std::move(access_key_id)),
      secret_(std::move(secret)),
      region_(std::move(region)),
      service_(std::move(service)) {}

std::string SigV4Signer::AmzDate(Timestamp t) {
  using namespace std::chrono;
  auto secs = floor<seconds>(t);
  auto days = floor<std::chrono::days>(secs);
  year_month_day ymd{days};
  hh_mm_ss<seconds> hms{secs - days};
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d%02u%02uT%02ld%02ld%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

SigV4Signer::Key SigV4Signer::SigningKey(std::string_view date) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (cached_date_ != date) {
    std::string k_secret = "AWS4" + secret_;
    Key k = Hmac(reinterpret_cast<const unsigned char*>(k_secret.data()), k_secret.size(), date);
    k = Hmac(k.data(), k.size(), region_);
    k = Hmac(k.data(), k.size(), service_);
    cached_key_ = Hmac(k.data(), k.size(), "aws4_request");
    cached_date_ = std::string(date);
  }
  return cached_key_;
}

SignedHeaders SigV4Signer::Sign(std::string_view method, std::string_view target, std::string_view host,
                                std::string_view body, Timestamp now) const {
  SignedHeaders out;
  out.amz_date = AmzDate(now);
  const std::string date = out.amz_date.substr(0, 8);
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);

  std::string creq;
  creq.reserve(256 + target.size());
  creq.append(method).append("\n");
  creq.append(SigV4Verifier::CanonicalUri(path)).append("\n");
  creq.append(SigV4Verifier::CanonicalQuery(query)).append("\n");
  creq.append("host:").append(host).append("\n");
  creq.append("x-amz-date:").append(out.amz_date).append("\n\n");
  creq.append("host;x-amz-date\n");
  creq.append(Sha256Hex(body));

  const std::string scope = date + "/" + region_ + "/" + service_ + "/aws4_request";
  std::string to_sign = "AWS4-HMAC-SHA256\n" + out.amz_date + "\n" + scope + "\n" + Sha256Hex(creq);
  Key key = SigningKey(date);
  Key sig = Hmac(key.data(), key.size(), to_sign);
  out.authorization = "AWS4-HMAC-SHA256 Credential=" + access_key_id_ + "/" + scope +
                      ", SignedHeaders=host;x-amz-date, Signature=" + Hex(sig.data(), sig.size());
  return out;
}

}  // namespace fleetjobs::auth
