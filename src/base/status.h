// Status and Result<T>: errors as values (STYLE.md §1).
//
// A Status carries a category (Code), which alone decides the HTTP status in
// http/errors.cc, and a stable reason "area.reason" that clients and locale
// files key on. `message` is an English developer text for logs and the CLI;
// users see the translation of the reason. `fields` name the input fields that
// caused an invalid_argument. Status values are immutable and cheap to move.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace shuzhi::base {

enum class Code {
  kOk,
  kInvalidArgument,
  kUnauthenticated,
  kPermissionDenied,
  kNotFound,
  kConflict,
  kFailedPrecondition,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

// One offending input field and why, e.g. {"username", "required"}.
struct FieldError {
  std::string field;
  std::string code;
  bool operator==(const FieldError&) const = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(Code code, std::string reason, std::string message = {}, std::vector<FieldError> fields = {})
      : code_(code), reason_(std::move(reason)), message_(std::move(message)), fields_(std::move(fields)) {}

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  // "code_name reason: message", for logs and the CLI.
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string reason_;
  std::string message_;
  std::vector<FieldError> fields_;
};

inline Status Ok() { return Status(); }
const char* CodeName(Code code);

inline Status InvalidArgument(std::string reason, std::string message = {}, std::vector<FieldError> f = {}) {
  return Status(Code::kInvalidArgument, std::move(reason), std::move(message), std::move(f));
}
inline Status Unauthenticated(std::string reason, std::string message = {}) {
  return Status(Code::kUnauthenticated, std::move(reason), std::move(message));
}
inline Status PermissionDenied(std::string reason, std::string message = {}) {
  return Status(Code::kPermissionDenied, std::move(reason), std::move(message));
}
inline Status NotFound(std::string reason, std::string message = {}) {
  return Status(Code::kNotFound, std::move(reason), std::move(message));
}
inline Status Conflict(std::string reason, std::string message = {}) {
  return Status(Code::kConflict, std::move(reason), std::move(message));
}
inline Status FailedPrecondition(std::string reason, std::string message = {}) {
  return Status(Code::kFailedPrecondition, std::move(reason), std::move(message));
}
inline Status ResourceExhausted(std::string reason, std::string message = {}) {
  return Status(Code::kResourceExhausted, std::move(reason), std::move(message));
}
inline Status Unavailable(std::string reason, std::string message = {}) {
  return Status(Code::kUnavailable, std::move(reason), std::move(message));
}
inline Status Internal(std::string reason, std::string message = {}) {
  return Status(Code::kInternal, std::move(reason), std::move(message));
}

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: must not be ok

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace shuzhi::base

#define SHUZHI_CONCAT_INNER(a, b) a##b
#define SHUZHI_CONCAT(a, b) SHUZHI_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function if `expr` is not ok.
#define SHUZHI_TRY(expr)                                     \
  do {                                                       \
    ::shuzhi::base::Status shuzhi_try_status_ = (expr);      \
    if (!shuzhi_try_status_.ok()) return shuzhi_try_status_; \
  } while (0)

// `lhs = value of expr`, or returns its Status from the enclosing function.
#define SHUZHI_ASSIGN_OR_RETURN(lhs, expr) \
  SHUZHI_ASSIGN_OR_RETURN_IMPL(SHUZHI_CONCAT(shuzhi_result_, __LINE__), lhs, expr)
// `lhs` may be a declaration ("auto x") and `tmp` names a variable, so
// neither can be parenthesised as bugprone-macro-parentheses asks.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define SHUZHI_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
