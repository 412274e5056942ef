#include "store/sqlite/sqlite_query.h"

namespace fleetjobs {

SqliteQuery::SqliteQuery(SqliteStore& store, const char* sql) : store_(store) {
  auto st = store.Prepare(sql);
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
  if (st_) sqlite3_bind_text(st_, next_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  ++next_;
  return *this;
}

SqliteQuery& SqliteQuery::Bind(int64_t v) {
  if (st_) sqlite3_bind_int64(st_, next_, v);
  ++next_;
  return *this;
}

SqliteQuery& SqliteQuery::Bind(const std::optional<std::string>& v) {
  return v ? Bind(std::string_view(*v)) : BindNull();
}

SqliteQuery& SqliteQuery::Bind(const std::optional<int64_t>& v) { return v ? Bind(*v) : BindNull(); }

SqliteQuery& SqliteQuery::BindNull() {
  if (st_) sqlite3_bind_null(st_, next_);
  ++next_;
  return *this;
}

Result<bool> SqliteQuery::Step() {
  if (prepare_error_) return *prepare_error_;
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string msg = sqlite3_errmsg(store_.db());
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) return MakeError(ErrorCode::kAlreadyExists, "already exists: " + msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return MakeError(ErrorCode::kUnavailable, msg);
  return MakeError(ErrorCode::kInternal, "sqlite: " + msg);
}

Status SqliteQuery::Exec() {
  while (true) {
    FJ_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

int SqliteQuery::Changes() const { return sqlite3_changes(store_.db()); }

std::string SqliteQuery::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(st_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(st_, col)))
           : std::string();
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
