#include "intake/charset.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "intake/gmime_support.h"

namespace esc::intake {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one.
std::size_t ValidSequenceAt(std::string_view text, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (b(k) < 0x80 || b(k) > 0xBF) return 0;
  }
  return n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(g_ascii_tolower(c)); });
  return out;
}

// Converts with iconv; an undecodable byte becomes U+FFFD and decoding resumes after it.
bool Convert(std::string_view bytes, const char* from, std::string& out) {
  EnsureGMime();  // g_mime_iconv_open's charset tables; ToUtf8 may be the first caller
  iconv_t cd = g_mime_iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.clear();
  out.reserve(bytes.size() + bytes.size() / 4);
  char buffer[4096];
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer;
    std::size_t dst_left = sizeof buffer;
    const std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.append(buffer, static_cast<std::size_t>(dst - buffer));
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) continue;
    // EILSEQ (an invalid byte) or EINVAL (a truncated sequence at the end): skip one byte.
    out.append(kReplacement);
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  // Flush any shift state (ISO-2022-JP ends in ASCII mode).
  char* dst = buffer;
  std::size_t dst_left = sizeof buffer;
  iconv(cd, nullptr, nullptr, &dst, &dst_left);
  out.append(buffer, static_cast<std::size_t>(dst - buffer));
  g_mime_iconv_close(cd);
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = ValidSequenceAt(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = ValidSequenceAt(text, i);
    if (n == 0) {
      out.append(kReplacement);
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string name = Lower(charset);
  if (name == "iso-8859-1" || name == "latin1" || name == "iso8859-1" || name == "iso_8859-1") {
    name = "windows-1252";
  }
  const bool unlabeled =
      name.empty() || name == "us-ascii" || name == "ascii" || name == "utf-8" || name == "utf8";
  if (unlabeled) {
    if (IsValidUtf8(bytes)) return std::string(bytes);
    if (name.empty() || name == "us-ascii" || name == "ascii") name = "windows-1252";
  }
  std::string out;
  if (!unlabeled || name == "windows-1252") {
    if (Convert(bytes, name.c_str(), out)) return SanitizeUtf8(out);
    if (IsValidUtf8(bytes)) return std::string(bytes);
    if (Convert(bytes, "windows-1252", out)) return SanitizeUtf8(out);
  }
  return SanitizeUtf8(bytes);
}

}  // namespace esc::intake
