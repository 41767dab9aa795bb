#include "core/error.h"

#include <utility>

namespace esc::core {

Error Error::Invalid(std::string message, std::string where) {
  return {ErrorCode::kInvalid, std::move(message), std::move(where)};
}
Error Error::NotFound(std::string message, std::string where) {
  return {ErrorCode::kNotFound, std::move(message), std::move(where)};
}
Error Error::Conflict(std::string message, std::string where) {
  return {ErrorCode::kConflict, std::move(message), std::move(where)};
}
Error Error::Forbidden(std::string message, std::string where) {
  return {ErrorCode::kForbidden, std::move(message), std::move(where)};
}
Error Error::Unavailable(std::string message, std::string where) {
  return {ErrorCode::kUnavailable, std::move(message), std::move(where)};
}

Error Error::Unauthenticated(std::string message, std::string where) {
  return {ErrorCode::kUnauthenticated, std::move(message), std::move(where)};
}

Error Error::RateLimited(std::string message, std::string where) {
  return {ErrorCode::kRateLimited, std::move(message), std::move(where)};
}

std::string Error::ToString() const {
  if (where.empty()) return message;
  return where + ": " + message;
}

}  // namespace esc::core
