#include "core/text/words.h"

#include <algorithm>
#include <cstdint>

#include "core/text/utf8.h"

namespace esc::core {
namespace {

// The next code point of `text` from `i` (advanced past it); 0xFFFD for an invalid byte.
char32_t NextCodePoint(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  int extra = 0;
  char32_t cp = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    cp = lead & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + static_cast<std::size_t>(extra) >= text.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) {
    const unsigned char next = byte(i + static_cast<std::size_t>(k));
    if ((next & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

// Latin-1 letters U+00C0..U+00FF without their accents; "" for × and ÷.
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Latin Extended-A U+0100..U+017F: the base letter of each run of code points.
struct Run {
  char32_t last;
  const char* base;
};
constexpr Run kExtendedA[] = {
    {0x105, "a"}, {0x10D, "c"},  {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"},
    {0x131, "i"}, {0x133, "ij"}, {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"},
    {0x151, "o"}, {0x153, "oe"}, {0x159, "r"}, {0x161, "s"}, {0x167, "t"}, {0x173, "u"},
    {0x175, "w"}, {0x178, "y"},  {0x17E, "z"}, {0x17F, "s"}};

// Appends the folded form of `cp` to `word`; false when `cp` separates words.
bool FoldInto(char32_t cp, std::string& word) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') {
      word += static_cast<char>(cp - 'A' + 'a');
      return true;
    }
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      word += static_cast<char>(cp);
      return true;
    }
    return false;
  }
  if (cp < 0xC0) return false;  // C1 controls, Latin-1 punctuation and symbols
  if (cp < 0x100) {
    const char* base = kLatin1[cp - 0xC0];
    if (*base == '\0') return false;
    word += base;
    return true;
  }
  if (cp < 0x180) {
    for (const Run& run : kExtendedA) {
      if (cp <= run.last) {
        word += run.base;
        return true;
      }
    }
  }
  // General punctuation (quotes, dashes), replacement character, BOM / zero widths.
  if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0xFFFD || cp == 0xFEFF || cp == 0x3000 ||
      (cp >= 0x3001 && cp <= 0x3003)) {
    return false;
  }
  AppendUtf8(word, cp);
  return true;
}

template <typename Emit>
void ForEachWord(std::string_view text, Emit emit) {
  std::string word;
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = NextCodePoint(text, i);
    if (!FoldInto(cp, word) && !word.empty()) {
      emit(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) emit(std::move(word));
}

}  // namespace

std::string FoldText(std::string_view text) {
  std::string out;
  ForEachWord(text, [&](std::string word) {
    if (!out.empty()) out += ' ';
    out += word;
  });
  return out;
}

std::vector<std::string> WordSequence(std::string_view text) {
  std::vector<std::string> words;
  ForEachWord(text, [&](std::string word) { words.push_back(std::move(word)); });
  return words;
}

std::vector<std::string> FoldedWords(std::string_view text) {
  std::vector<std::string> words;
  ForEachWord(text, [&](std::string word) {
    if (std::find(words.begin(), words.end(), word) == words.end()) {
      words.push_back(std::move(word));
    }
  });
  return words;
}

}  // namespace esc::core
