// ESC_ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (a Result), returns its error from
// the enclosing function, else assigns the value to `lhs` (which may declare a variable).
// The API's handlers read a dozen fallible fields each; this keeps them legible.
#pragma once

#include <expected>
#include <utility>

#define ESC_TRY_CONCAT_INNER(a, b) a##b
#define ESC_TRY_CONCAT(a, b) ESC_TRY_CONCAT_INNER(a, b)
#define ESC_ASSIGN_OR_RETURN(lhs, expr)                                            \
  auto ESC_TRY_CONCAT(esc_result_, __LINE__) = (expr);                             \
  if (!ESC_TRY_CONCAT(esc_result_, __LINE__))                                      \
    return std::unexpected(std::move(ESC_TRY_CONCAT(esc_result_, __LINE__).error())); \
  lhs = std::move(*ESC_TRY_CONCAT(esc_result_, __LINE__))
#define ESC_RETURN_IF_ERROR(expr)                                                  \
  do {                                                                             \
    auto esc_status_ = (expr);                                                     \
    if (!esc_status_) return std::unexpected(std::move(esc_status_.error()));      \
  } while (false)
