// SigV4 hashing primitives shared by the request verifier and the S3 presigner: lowercase hex,
// SHA-256 and HMAC-SHA256 over OpenSSL. Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace fleetjobs::auth::sigv4_crypto {

using Digest = std::array<unsigned char, 32>;

std::string Hex(const unsigned char* data, size_t n);
std::string Sha256Hex(std::string_view data);
Digest Hmac(const unsigned char* key, size_t key_len, std::string_view msg);

}  // namespace fleetjobs::auth::sigv4_crypto
