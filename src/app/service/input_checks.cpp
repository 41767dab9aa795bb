#include "app/service/input_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/text/words.h"

namespace esc::app {

core::Result<void> CheckLength(std::string_view field, const std::string& value, std::size_t min,
                               std::size_t max) {
  std::size_t chars = 0;
  for (unsigned char c : value) chars += (c & 0xC0) != 0x80 ? 1 : 0;
  if (chars < min) {
    return std::unexpected(core::Error::Invalid(
        min == 1 ? fmt::format("{} is required", field)
                 : fmt::format("{} needs at least {} characters", field, min),
        std::string(field)));
  }
  if (chars > max) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("{} has {} characters; at most {} are allowed", field, chars, max),
        std::string(field)));
  }
  return {};
}

core::Result<void> CheckOneOf(std::string_view field, const std::string& value,
                              const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return {};
  return std::unexpected(core::Error::Invalid(
      fmt::format("{} \"{}\" is not known; expected one of: {}", field, value,
                  fmt::join(allowed, ", ")),
      std::string(field)));
}

std::vector<std::string> Words(std::string_view text) { return core::FoldedWords(text); }

}  // namespace esc::app
