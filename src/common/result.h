// Result<T>: the value-or-error type used by the engine, the store and every adapter.
//
// Errors are values inside fleetjobs; exceptions are only thrown at start-up and config load.
// ErrorCode is a closed set. Exactly one table (api/error_mapping) turns each code into its AWS
// error name and HTTP status at the wire edge; MQTT has its own single table of rejected codes.
// Nothing upstream matches on message text.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace fleetjobs {

enum class ErrorCode {
  kInvalidRequest,          // bad input: a field out of range, a malformed value (400)
  kNotFound,                // the named resource does not exist (404)
  kAlreadyExists,           // ResourceAlreadyExistsException (409)
  kConflict,                // ConflictException: e.g. duplicate job template id (409)
  kVersionMismatch,         // expectedVersion differs from the stored version (409)
  kInvalidStateTransition,  // the state machine forbids the change (409)
  kTerminalState,           // the job or execution is being deleted / is terminal (410)
  kLimitExceeded,           // an account limit (410 control plane)
  kThrottled,               // rate limited (400 control, 429 data)
  kUnavailable,             // temporarily unavailable, e.g. storage busy (503)
  kInternal,                // a bug or an unexpected storage failure (500)
  // Edge-only codes (authentication and routing); the engine never returns them.
  kMissingAuthentication,  // no Authorization header (403)
  kUnrecognizedClient,     // unknown access key (403)
  kInvalidSignature,       // bad signature or stale X-Amz-Date (403)
  kAccessDenied,           // a thing key touching another thing or the control plane (403)
  kUnknownOperation,       // no route matches (404)
  kPayloadTooLarge,        // body over the limit (413)
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  // Optional extras some AWS errors carry (ResourceAlreadyExists: resourceId/resourceArn).
  std::optional<std::string> resource_id;
  std::optional<std::string> resource_arn;
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}, {}};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& take_error() {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(!ok());
    return *error_;
  }
  Error&& take_error() {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

}  // namespace fleetjobs

// Propagates an error from a Status or Result expression; the caller must return Status or Result<U>.
#define FJ_RETURN_IF_ERROR(expr)                  \
  do {                                            \
    auto _fj_st = (expr);                         \
    if (!_fj_st.ok()) return _fj_st.take_error(); \
  } while (0)

#define FJ_CONCAT_INNER(a, b) a##b
#define FJ_CONCAT(a, b) FJ_CONCAT_INNER(a, b)
// FJ_ASSIGN_OR_RETURN(auto x, Foo()): binds the value or returns the error.
#define FJ_ASSIGN_OR_RETURN(lhs, expr) FJ_ASSIGN_OR_RETURN_IMPL(FJ_CONCAT(_fj_res_, __LINE__), lhs, expr)
// `tmp` and `lhs` name and declare variables, so they cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define FJ_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.take_error();        \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
