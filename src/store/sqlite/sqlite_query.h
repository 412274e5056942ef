// SqliteQuery: one use of a cached prepared statement: bind, step, read columns; resets and
// unbinds the statement on destruction so the next use starts clean.
//
// Only used inside an open transaction (SqliteTxn): Step refuses to run when SQLite has rolled the
// transaction back by itself, so no statement can ever run in autocommit mode by accident.
// Errors carry the ErrorCode of SqliteErrorCode.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "store/sqlite/sqlite_connection.h"

namespace fleetjobs {

class SqliteQuery {
 public:
  // `sql` must have static storage duration (see SqliteConnection::Prepare).
  SqliteQuery(SqliteConnection& conn, const char* sql);
  ~SqliteQuery();
  SqliteQuery(const SqliteQuery&) = delete;
  SqliteQuery& operator=(const SqliteQuery&) = delete;

  // Binds the next positional parameter (?1, ?2, ... in order of calls).
  SqliteQuery& Bind(std::string_view v);
  SqliteQuery& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  SqliteQuery& Bind(const char* v) { return Bind(std::string_view(v)); }
  SqliteQuery& Bind(int64_t v);
  SqliteQuery& Bind(bool v) { return Bind(static_cast<int64_t>(v ? 1 : 0)); }
  SqliteQuery& Bind(const std::optional<std::string>& v);
  SqliteQuery& Bind(const std::optional<int64_t>& v);
  SqliteQuery& BindNull();

  // true: a row is available; false: done.
  Result<bool> Step();
  // Steps to completion.
  Status Exec();
  // Rows changed by the last completed INSERT/UPDATE/DELETE on the connection.
  int Changes() const { return conn_.Changes(); }

  int64_t Int(int col) const { return sqlite3_column_int64(st_, col); }
  std::string Text(int col) const;
  std::optional<std::string> OptText(int col) const;
  std::optional<int64_t> OptInt(int col) const;

 private:
  SqliteConnection& conn_;
  sqlite3_stmt* st_ = nullptr;
  std::optional<Error> prepare_error_;
  int next_ = 1;
};

}  // namespace fleetjobs
