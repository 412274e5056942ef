// Job document placeholders (digest §5.12).
//
// `${aws:iot:parameter:NAME}` is replaced by documentParameters[NAME], inserted as raw text (AWS
// does the same: the caller's value must keep the JSON valid). A placeholder whose NAME has no
// value is left unchanged, and so is every other `${aws:iot:...}` placeholder.
//
// `${aws:iot:s3-presigned-url:URL}` is replaced, on the device paths only (never by
// GetJobDocument), by a presigned GET URL valid `expires_in_sec`. A placeholder whose URL cannot
// be presigned is left unchanged. Pure apart from the presigner; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "engine/url_presigner.h"

namespace fleetjobs {

inline constexpr std::string_view kParameterPlaceholderPrefix = "${aws:iot:parameter:";

inline constexpr std::string_view kPresignedUrlPlaceholderPrefix = "${aws:iot:s3-presigned-url:";

std::string SubstituteDocumentParameters(std::string_view document,
                                         const std::map<std::string, std::string>& parameters);

std::string SubstitutePresignedUrls(std::string_view document, const UrlPresigner& presigner,
                                    int64_t expires_in_sec, Timestamp now);

}  // namespace fleetjobs
