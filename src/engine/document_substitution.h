// Job document placeholders (digest §5.12).
//
// `${aws:iot:parameter:NAME}` is replaced by documentParameters[NAME], inserted as raw text (AWS
// does the same: the caller's value must keep the JSON valid). A placeholder whose NAME has no
// value is left unchanged, and so is every other `${aws:iot:...}` placeholder (presigned S3 URLs
// are filled only on the device paths, by a later component). Pure; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace fleetjobs {

inline constexpr std::string_view kParameterPlaceholderPrefix = "${aws:iot:parameter:";

std::string SubstituteDocumentParameters(std::string_view document,
                                         const std::map<std::string, std::string>& parameters);

}  // namespace fleetjobs
