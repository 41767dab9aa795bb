#include "policy/diagnostics.h"

#include <fmt/format.h>

namespace esc::policy {

std::string Diagnostic::ToString() const {
  if (line <= 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

}  // namespace esc::policy
