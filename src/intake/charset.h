// Bytes in a declared charset -> valid UTF-8. Used for every text body part: the charset
// comes from the part's Content-Type and may be wrong, unknown or absent. Bytes that do not
// decode become U+FFFD; the result is always valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace esc::intake {

// `charset` empty or us-ascii: the bytes are taken as UTF-8 when they are valid, else as
// windows-1252 (what unlabeled 8-bit mail almost always is). Declared utf-8 is trusted:
// its invalid bytes become U+FFFD. iso-8859-1 is read as windows-1252, its superset in
// practice. An unknown charset is treated like an absent one.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view text);
bool IsValidUtf8(std::string_view text);

}  // namespace esc::intake
