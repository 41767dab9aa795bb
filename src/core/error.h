// Error values for expected failures (validation, not found, conflict, permission,
// unavailable). Every fallible operation in Escalator returns std::expected<T, Error>;
// exceptions are reserved for bugs and broken infrastructure. An Error carries a code
// that adapters map to their own vocabulary (HTTP status, exit code), a message for a
// person, and optionally where the problem is (a field name or FILE:LINE:COL).
#pragma once

#include <expected>
#include <string>

namespace esc::core {

// kUnauthenticated: nobody (or an expired session) is asking; kRateLimited: too many
// attempts, try again later (the message says when).
enum class ErrorCode {
  kInvalid,
  kNotFound,
  kConflict,
  kForbidden,
  kUnavailable,
  kUnauthenticated,
  kRateLimited,
};

struct Error {
  ErrorCode code = ErrorCode::kInvalid;
  std::string message;
  std::string where;  // field, key path or FILE:LINE:COL; empty when not applicable

  static Error Invalid(std::string message, std::string where = {});
  static Error NotFound(std::string message, std::string where = {});
  static Error Conflict(std::string message, std::string where = {});
  static Error Forbidden(std::string message, std::string where = {});
  static Error Unavailable(std::string message, std::string where = {});
  static Error Unauthenticated(std::string message, std::string where = {});
  static Error RateLimited(std::string message, std::string where = {});

  // "where: message", or just the message when `where` is empty.
  std::string ToString() const;
};

template <typename T>
using Result = std::expected<T, Error>;

}  // namespace esc::core
