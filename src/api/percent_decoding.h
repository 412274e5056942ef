// PercentDecode: RFC 3986 percent-decoding of one path segment or query component (Boost.URL).
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fleetjobs::api {

// nullopt when `s` holds an invalid escape ('%' not followed by two hex digits). With
// plus_as_space (query strings) '+' decodes to a space; in paths '+' is a literal plus.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space);

}  // namespace fleetjobs::api
