#include "intake/imap/imap_response.h"

#include <algorithm>
#include <charconv>

namespace esc::intake {
namespace {

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

core::Result<std::vector<std::uint32_t>> ParseSearchResponse(std::string_view text) {
  std::vector<std::uint32_t> uids;
  bool searched = false;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    constexpr std::string_view kSearch = "* SEARCH";
    if (!StartsWithNoCase(line, kSearch)) continue;
    line.remove_prefix(kSearch.size());
    if (!line.empty() && line.front() != ' ') continue;  // "* SEARCHING", say: not ours
    searched = true;
    while (!line.empty()) {
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.empty()) break;
      std::uint32_t uid = 0;
      const auto [next, error] = std::from_chars(line.data(), line.data() + line.size(), uid);
      if (error != std::errc() || uid == 0 || (next != line.data() + line.size() && *next != ' ')) {
        return std::unexpected(
            core::Error::Invalid("IMAP SEARCH answer: expected UIDs (positive numbers), got '" +
                                 std::string(line) + "'"));
      }
      uids.push_back(uid);
      line.remove_prefix(static_cast<std::size_t>(next - line.data()));
    }
  }
  if (!searched) {
    return std::unexpected(core::Error::Invalid("IMAP SEARCH answer: no '* SEARCH' line"));
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

bool IsImapKeyword(std::string_view keyword) {
  if (keyword.empty() || keyword.size() > 64) return false;
  return std::all_of(keyword.begin(), keyword.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' ||
           c == '_' || c == '-' || c == '.';
  });
}

}  // namespace esc::intake
