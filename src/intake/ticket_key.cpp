#include "intake/ticket_key.h"

namespace esc::intake {
namespace {

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::optional<std::string> FindTicketKey(std::string_view subject, std::string_view prefix) {
  if (prefix.empty()) return std::nullopt;
  for (std::size_t open = subject.find('['); open != std::string_view::npos;
       open = subject.find('[', open + 1)) {
    std::size_t i = open + 1;
    if (subject.size() - i < prefix.size() + 3) break;
    bool match = true;
    for (std::size_t k = 0; k < prefix.size() && match; ++k) {
      match = Upper(subject[i + k]) == Upper(prefix[k]);
    }
    if (!match || subject[i + prefix.size()] != '-') continue;
    i += prefix.size() + 1;
    const std::size_t digits_start = i;
    while (i < subject.size() && subject[i] >= '0' && subject[i] <= '9') ++i;
    const std::size_t digits = i - digits_start;
    if (digits == 0 || digits > 18 || i >= subject.size() || subject[i] != ']') continue;
    std::string key;
    for (char c : prefix) key += Upper(c);
    key += '-';
    key.append(subject.substr(digits_start, digits));
    return key;
  }
  return std::nullopt;
}

}  // namespace esc::intake
