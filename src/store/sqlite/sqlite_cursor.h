// SqliteCursor: the opaque page cursors of the SQLite backend.
//
// A cursor is the sort key of the last row of a page (keyset pagination, so a page boundary stays
// put while rows are inserted or deleted elsewhere). Its parts are joined by '|' with '\' escaping
// '|' and '\' inside a part, so any key text survives. Cursors come back from clients (inside the
// wire nextToken), so decoding never trusts them: a malformed cursor is kInvalidRequest.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace fleetjobs::sqlite_cursor {

std::string Encode(std::initializer_list<std::string_view> parts);

// Splits `cursor` into exactly `count` parts, or kInvalidRequest.
Result<std::vector<std::string>> Decode(std::string_view cursor, size_t count);

// A decimal int64 cursor part, or kInvalidRequest.
Result<int64_t> ParseInt(std::string_view part);

}  // namespace fleetjobs::sqlite_cursor
