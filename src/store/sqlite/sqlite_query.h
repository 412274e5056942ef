// SqliteQuery: one use of a cached prepared statement: bind, step, read columns; resets on
// destruction. Maps SQLite result codes to ErrorCode (constraint → kAlreadyExists, busy/locked →
// kUnavailable, anything else → kInternal).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "store/sqlite/sqlite_store.h"

namespace fleetjobs {

class SqliteQuery {
 public:
  SqliteQuery(SqliteStore& store, const char* sql);
  ~SqliteQuery();
  SqliteQuery(const SqliteQuery&) = delete;
  SqliteQuery& operator=(const SqliteQuery&) = delete;

  SqliteQuery& Bind(std::string_view v);
  SqliteQuery& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  SqliteQuery& Bind(const char* v) { return Bind(std::string_view(v)); }
  SqliteQuery& Bind(int64_t v);
  SqliteQuery& Bind(const std::optional<std::string>& v);
  SqliteQuery& Bind(const std::optional<int64_t>& v);
  SqliteQuery& BindNull();

  // true: a row is available; false: done.
  Result<bool> Step();
  // Steps to completion.
  Status Exec();
  int Changes() const;

  int64_t Int(int col) const { return sqlite3_column_int64(st_, col); }
  std::string Text(int col) const;
  std::optional<std::string> OptText(int col) const;
  std::optional<int64_t> OptInt(int col) const;

 private:
  SqliteStore& store_;
  sqlite3_stmt* st_ = nullptr;
  std::optional<Error> prepare_error_;
  int next_ = 1;
};

}  // namespace fleetjobs
