// UrlPresigner: turns the S3 object URL of a `${aws:iot:s3-presigned-url:URL}` placeholder into a
// time-limited GET URL (digest §5.12). The engine knows only this interface; main.cpp wires an
// implementation over auth::S3Presigner when --s3-endpoint is given.
// Thread safety: implementations must be thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace fleetjobs {

class UrlPresigner {
 public:
  virtual ~UrlPresigner() = default;
  // kInvalidRequest when `url` is not an S3 object URL.
  virtual Result<std::string> PresignGet(std::string_view url, int64_t expires_in_sec,
                                         Timestamp now) const = 0;
};

}  // namespace fleetjobs
