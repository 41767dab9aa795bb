// Whole words of a text, folded for comparison: lower case and without accents, so that
// "Café", "CAFE" and "cafe" are one word. Keyword triggers (policy `words:`) fold the
// policy's word the same way and compare whole words; the ticket stores the customer's
// folded words. Letters are folded for ASCII, Latin-1 and Latin Extended-A (where the
// accented letters of Western and Central European languages live); other non-ASCII
// characters are kept as they are and count as letters. Invalid UTF-8 bytes separate words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace esc::core {

// `word` folded (see above); a whole text is folded character by character.
std::string FoldText(std::string_view text);
// The folded words of `text` in order, duplicates kept (sentiment needs the order).
std::vector<std::string> WordSequence(std::string_view text);
// The folded words of `text` without duplicates, in first-seen order.
std::vector<std::string> FoldedWords(std::string_view text);

}  // namespace esc::core
