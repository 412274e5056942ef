#include "store/sqlite/sqlite_cursor.h"

#include <charconv>

namespace fleetjobs::sqlite_cursor {
namespace {

constexpr char kSeparator = '|';
constexpr char kEscape = '\\';

Error InvalidCursor() { return MakeError(ErrorCode::kInvalidRequest, "Invalid nextToken"); }

}  // namespace

std::string Encode(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) out.push_back(kSeparator);
    first = false;
    for (char c : part) {
      if (c == kSeparator || c == kEscape) out.push_back(kEscape);
      out.push_back(c);
    }
  }
  return out;
}

Result<std::vector<std::string>> Decode(std::string_view cursor, size_t count) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < cursor.size(); ++i) {
    char c = cursor[i];
    if (c == kEscape) {
      if (++i == cursor.size()) return InvalidCursor();
      parts.back().push_back(cursor[i]);
    } else if (c == kSeparator) {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  if (parts.size() != count) return InvalidCursor();
  return parts;
}

Result<int64_t> ParseInt(std::string_view part) {
  int64_t v = 0;
  const char* end = part.data() + part.size();
  auto [ptr, ec] = std::from_chars(part.data(), end, v);
  if (part.empty() || ec != std::errc() || ptr != end) return InvalidCursor();
  return v;
}

}  // namespace fleetjobs::sqlite_cursor
