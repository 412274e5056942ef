// SigV4Signer: signs outgoing requests with AWS Signature Version 4, the client-side counterpart of
// SigV4Verifier (same canonical URI and query rules, so whatever it signs the verifier accepts).
// Used by the fleet simulator and the benchmark tools. Signs the host and x-amz-date headers.
//
// Thread safety: Sign() may be called concurrently; the derived key is cached per date.
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace fleetjobs::auth {

struct SignedHeaders {
  std::string amz_date;       // X-Amz-Date: YYYYMMDDTHHMMSSZ
  std::string authorization;  // Authorization: AWS4-HMAC-SHA256 Credential=...
};

class SigV4Signer {
 public:
  SigV4Signer(std::string access_key_id, std::string secret, std::string region, std::string service);

  // `target` is the raw path?query as it will be sent; `host` the Host header's value.
  SignedHeaders Sign(std::string_view method, std::string_view target, std::string_view host,
                     std::string_view body, Timestamp now) const;

  // "YYYYMMDDTHHMMSSZ" of `t` (UTC).
  static std::string AmzDate(Timestamp t);

 private:
  using Key = std::array<unsigned char, 32>;
  Key SigningKey(std::string_view date) const;

  std::string access_key_id_;
  std::string secret_;
  std::string region_;
  std::string service_;
  mutable std::mutex mu_;
  mutable std::string cached_date_;
  mutable Key cached_key_{};
};

}  // namespace fleetjobs::auth
