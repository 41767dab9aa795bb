#include "notify/mail_encoding.h"

#include <sodium.h>

#include <vector>

namespace esc::notify {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void AppendEscaped(std::string& out, unsigned char c) {
  out += '=';
  out += kHex[c >> 4];
  out += kHex[c & 0x0F];
}

// Splits on '\n', dropping a '\r' before it.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string QuotedPrintableLine(std::string_view line) {
  std::string out;
  std::size_t width = 0;
  auto put = [&](std::string_view token) {
    if (width + token.size() > 75) {  // leave room for the soft break '='
      out += "=\r\n";
      width = 0;
    }
    out += token;
    width += token.size();
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    const bool leading = width == 0;
    const bool needs_escape = c == '=' || c > '~' || (c < ' ' && c != '\t') ||
                              ((c == ' ' || c == '\t') && last) || (leading && c == '.') ||
                              (leading && c == 'F' && line.substr(i).starts_with("From "));
    if (needs_escape) {
      std::string token;
      AppendEscaped(token, c);
      put(token);
    } else {
      put(std::string_view(&line[i], 1));
    }
  }
  return out;
}

std::size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;  // a stray byte travels alone
}

std::string Base64(std::string_view data) {
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  const auto lines = Lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += QuotedPrintableLine(lines[i]);
    if (i + 1 < lines.size()) out += "\r\n";
  }
  return out;
}

std::string Base64Lines(std::string_view data) {
  const std::string encoded = Base64(data);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76);
    out += "\r\n";
  }
  return out;
}

bool IsPlainAscii(std::string_view text) {
  for (const char c : text) {
    if (c < ' ' || c > '~') return false;
  }
  return true;
}

std::string SanitizeHeaderValue(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c != '\r' && c != '\n' && c != '\0') out += c;
  }
  return out;
}

std::string EncodeHeaderText(std::string_view text) {
  std::string clean(text);
  for (char& c : clean) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  if (IsPlainAscii(clean)) return clean;
  // "=?UTF-8?B?" + "?=" is 12 characters: 63 left for base64, i.e. 45 input bytes.
  constexpr std::size_t kMaxChunk = 45;
  std::string out;
  std::size_t start = 0;
  while (start < clean.size()) {
    std::size_t end = start;
    while (end < clean.size()) {
      const std::size_t n = Utf8Length(static_cast<unsigned char>(clean[end]));
      if (end + n - start > kMaxChunk) break;
      end += n;
    }
    if (end == start) end = std::min(clean.size(), start + kMaxChunk);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(clean).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

}  // namespace esc::notify
