#include "notify/mail_encoding.h"

#include <gtest/gtest.h>

#include <sstream>

namespace esc::notify {
namespace {

TEST(QuotedPrintable, PlainAsciiPassesThroughWithCrlfLineEnds) {
  EXPECT_EQ(QuotedPrintable("hello\nworld"), "hello\r\nworld");
  EXPECT_EQ(QuotedPrintable("hello\r\nworld\n"), "hello\r\nworld\r\n");
}

TEST(QuotedPrintable, EncodesEqualsNonAsciiAndTrailingBlanks) {
  EXPECT_EQ(QuotedPrintable("a=b"), "a=3Db");
  EXPECT_EQ(QuotedPrintable("Störung"), "St=C3=B6rung");
  EXPECT_EQ(QuotedPrintable("end \nnext\t"), "end=20\r\nnext=09");
}

TEST(QuotedPrintable, LineLeadingDotAndFromAreEncoded) {
  EXPECT_EQ(QuotedPrintable(".\n.hidden"), "=2E\r\n=2Ehidden");
  EXPECT_EQ(QuotedPrintable("From here"), "=46rom here");
  EXPECT_EQ(QuotedPrintable("a.b From x"), "a.b From x");
}

TEST(QuotedPrintable, LongLinesGetSoftBreaksAndNoLineExceeds76) {
  const std::string encoded = QuotedPrintable(std::string(200, 'x') + "é" + std::string(100, 'y'));
  std::istringstream lines(encoded);
  std::string line;
  std::string decoded;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    EXPECT_LE(line.size(), 76u);
    if (!line.empty() && line.back() == '=') line.pop_back();
    decoded += line;
  }
  EXPECT_EQ(decoded, std::string(200, 'x') + "=C3=A9" + std::string(100, 'y'));
  EXPECT_EQ(encoded.find("=\r\n.", 0), std::string::npos);
}

TEST(Base64Lines, WrapsAt76WithCrlf) {
  EXPECT_EQ(Base64Lines("hello"), "aGVsbG8=\r\n");
  const std::string encoded = Base64Lines(std::string(100, 'a'));
  EXPECT_EQ(encoded.find("\r\n"), 76u);
}

TEST(EncodeHeaderText, AsciiStaysReadable) {
  EXPECT_EQ(EncodeHeaderText("[ESC-1] Breached"), "[ESC-1] Breached");
}

TEST(EncodeHeaderText, NonAsciiBecomesUtf8EncodedWords) {
  EXPECT_EQ(EncodeHeaderText("Störung"), "=?UTF-8?B?U3TDtnJ1bmc=?=");
}

TEST(EncodeHeaderText, LongTextIsSplitOnCharacterBoundariesAndFolded) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "é€";
  const std::string encoded = EncodeHeaderText(text);
  std::size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    const std::string word = encoded.substr(start, end - start);
    EXPECT_LE(word.size(), 75u);
    EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?="));
    ++words;
    start = end == encoded.size() ? end : end + 3;
  }
  EXPECT_GT(words, 1);
}

TEST(EncodeHeaderText, LineBreaksCannotInjectHeaders) {
  EXPECT_EQ(EncodeHeaderText("hi\r\nBcc: x@y"), "hi  Bcc: x@y");
  EXPECT_EQ(SanitizeHeaderValue("a@b\r\nBcc: x@y"), "a@bBcc: x@y");
}

}  // namespace
}  // namespace esc::notify
