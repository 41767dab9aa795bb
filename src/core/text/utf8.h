// Encoding one Unicode code point as UTF-8; anything that is not a scalar value (0,
// surrogates, beyond U+10FFFF) becomes U+FFFD, so the output is always valid UTF-8.
#pragma once

#include <string>

namespace esc::core {

void AppendUtf8(std::string& out, char32_t code_point);

}  // namespace esc::core
