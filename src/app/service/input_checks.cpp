#include "app/service/input_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

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

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) {
      words.push_back(word);
    }
    word.clear();
  };
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
      word += ch;
    } else if (c >= 'A' && c <= 'Z') {
      word += static_cast<char>(c - 'A' + 'a');
    } else {
      flush();
    }
  }
  flush();
  return words;
}

}  // namespace esc::app
