#include "http/request_target.h"

#include <algorithm>

namespace esc::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Absolute form is what a client sends to a proxy; servers must accept it (RFC 9112 3.2.2).
std::string_view StripSchemeAndAuthority(std::string_view target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), target.begin(), [](char a, char b) {
          return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
        })) {
      const auto rest = target.substr(scheme.size());
      const auto slash = rest.find_first_of("/?");
      if (slash == std::string_view::npos) return "/";
      if (rest[slash] == '?') return {};  // "http://host?x" has no path: not supported
      return rest.substr(slash);
    }
  }
  return target;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    // A NUL would cut the value short wherever it meets a C string (paths, SQL, logs).
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::expected<RequestTarget, std::string> ParseRequestTarget(std::string_view target) {
  target = StripSchemeAndAuthority(target);
  if (target.empty() || target.front() != '/') {
    return std::unexpected("request target must be a path starting with '/'");
  }
  if (const auto hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  const auto question = target.find('?');
  RequestTarget result;
  auto path = PercentDecode(target.substr(0, question), /*plus_is_space=*/false);
  if (!path) return std::unexpected("malformed percent-encoding in the path");
  result.path = std::move(*path);
  if (question == std::string_view::npos) return result;

  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto key = PercentDecode(part.substr(0, eq), /*plus_is_space=*/true);
    auto value = eq == std::string_view::npos
                     ? std::optional<std::string>(std::string())
                     : PercentDecode(part.substr(eq + 1), /*plus_is_space=*/true);
    if (!key || !value) return std::unexpected("malformed percent-encoding in the query");
    result.query.emplace_back(std::move(*key), std::move(*value));
  }
  return result;
}

}  // namespace esc::http
