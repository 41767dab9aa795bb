// Checks shared by the service's use cases for text a person typed: required, within a
// length, one of the policy's names. Each failure names the field and what was expected.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace esc::app {

// Invalid unless `value` has between `min` and `max` characters (UTF-8 code points).
core::Result<void> CheckLength(std::string_view field, const std::string& value, std::size_t min,
                               std::size_t max);
// Invalid unless `value` is one of `allowed` (the message lists them).
core::Result<void> CheckOneOf(std::string_view field, const std::string& value,
                              const std::vector<std::string>& allowed);
// The folded words of `text` (lower case, accents removed: core/text/words.h), without
// duplicates, in first-seen order.
std::vector<std::string> Words(std::string_view text);

}  // namespace esc::app
