#include "store/sqlite/sqlite_query.h"

namespace fleetjobs {

SqliteQuery::SqliteQuery(SqliteConnection& conn, const char* sql) : conn_(conn) {
  auto st = conn.Prepare(sql);
  if (st.ok()) {
    st_ = *st;
  } else {
    prepare_error_ = st.take_error();
  }
}

SqliteQuery::~SqliteQuery() {
  if (st_ != nullptr) {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
}

SqliteQuery& SqliteQuery::Bind(std::string_view v) {
  if (st_ != nullptr) sqlite3_bind_text64(st_, next_, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  ++next_;
  return *this;
}

SqliteQuery& SqliteQuery::Bind(int64_t v) {
  if (st_ != nullptr) sqlite3_bind_int64(st_, next_, v);
  ++next_;
  return *this;
}

SqliteQuery& SqliteQuery::Bind(const std::optional<std::string>& v) {
  return v ? Bind(std::string_view(*v)) : BindNull();
}

SqliteQuery& SqliteQuery::Bind(const std::optional<int64_t>& v) { return v ? Bind(*v) : BindNull(); }

SqliteQuery& SqliteQuery::BindNull() {
  if (st_ != nullptr) sqlite3_bind_null(st_, next_);
  ++next_;
  return *this;
}

Result<bool> SqliteQuery::Step() {
  if (prepare_error_) return *prepare_error_;
  if (!conn_.InTransaction()) {
    return MakeError(ErrorCode::kUnavailable, "the transaction was rolled back by SQLite");
  }
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_.LastError(rc, "sqlite");
}

Status SqliteQuery::Exec() {
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

std::string SqliteQuery::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(st_, col);
  if (p == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col)));
}

std::optional<std::string> SqliteQuery::OptText(int col) const {
  if (sqlite3_column_type(st_, col) == SQLITE_NULL) return std::nullopt;
  return Text(col);
}

std::optional<int64_t> SqliteQuery::OptInt(int col) const {
  if (sqlite3_column_type(st_, col) == SQLITE_NULL) return std::nullopt;
  return Int(col);
}

}  // namespace fleetjobs
