// The text helpers under ParseMail: charset conversion (invalid bytes replaced, never
// dropped silently), HTML to plain text, and the ticket key in a subject.
#include <gtest/gtest.h>

#include "intake/charset.h"
#include "intake/html_text.h"
#include "intake/ticket_key.h"

namespace esc::intake {
namespace {

TEST(Charset, DeclaredCharsetsBecomeUtf8) {
  EXPECT_EQ(ToUtf8("Gr\xFC\xDF"
                   "e",
                   "ISO-8859-1"),
            "Grüße");
  EXPECT_EQ(ToUtf8("\x93quoted\x94 \x80", "windows-1252"), "“quoted” €");
  EXPECT_EQ(ToUtf8("\x83\x65\x83\x58\x83\x67", "Shift_JIS"), "テスト");
  EXPECT_EQ(ToUtf8("\xA4\xA2", "EUC-JP"), "あ");
  EXPECT_EQ(ToUtf8("\xC7\xE9\xED", "KOI8-R"), "гИМ");
}

TEST(Charset, UnlabeledOrMislabeledBytesAreGuessedSensibly) {
  EXPECT_EQ(ToUtf8("caf\xC3\xA9", ""), "café");      // valid UTF-8 stays
  EXPECT_EQ(ToUtf8("caf\xE9", "us-ascii"), "café");  // 8-bit "ASCII": windows-1252
  EXPECT_EQ(ToUtf8("caf\xE9", "x-unknown-charset"), "café");
  EXPECT_EQ(ToUtf8("caf\xE9", "utf-8"), "caf\uFFFD");  // declared UTF-8 is trusted
}

TEST(Charset, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(ToUtf8("a\x81"
                   "b",
                   "windows-1252"),
            "a\uFFFDb");  // 0x81 is unassigned
  EXPECT_EQ(ToUtf8("\x82\xA0\xFF", "Shift_JIS"), "あ\uFFFD");
  EXPECT_EQ(SanitizeUtf8("ok\xC3(\xED\xA0\x80\xF4\x90\x80\x80"),
            "ok\uFFFD(\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD");
  EXPECT_TRUE(IsValidUtf8("😀 ü"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));  // overlong
}

TEST(HtmlText, BlocksBreakLinesAndInvisibleThingsVanish) {
  EXPECT_EQ(HtmlToText("<html><head><title>T</title><style>p{}</style></head><body>"
                       "<p>One&nbsp;&amp;   two</p><div>three<br>four</div>"
                       "<script>var x = '<p>';</script><!-- hidden --><ul><li>a</li><li>b"
                       "</li></ul>&#x1F600;&#233;&bogus;</body></html>"),
            "One & two\n\nthree\nfour\n\na\nb\n\n😀é&bogus;");
}

TEST(HtmlText, BrokenHtmlIsHandled) {
  EXPECT_EQ(HtmlToText("text <b>bold"), "text bold");
  EXPECT_EQ(HtmlToText("cut <a href="), "cut");
  EXPECT_EQ(HtmlToText("<script>never closed"), "");
  EXPECT_EQ(HtmlToText("&#99999999999; &#0; <!-- open"), "\uFFFD \uFFFD");
}

TEST(TicketKey, FoundInBracketsAnywhereInTheSubject) {
  EXPECT_EQ(FindTicketKey("Re: [ESC-1042] Disk full", "ESC"), "ESC-1042");
  EXPECT_EQ(FindTicketKey("AW: WG: [esc-7]", "ESC"), "ESC-7");
  EXPECT_EQ(FindTicketKey("[Ext] [ESC-12a] [ESC-13]", "ESC"), "ESC-13");
  EXPECT_EQ(FindTicketKey("ESC-5 without brackets", "ESC"), std::nullopt);
  EXPECT_EQ(FindTicketKey("[ESC-] [ESC-1234567890123456789]", "ESC"), std::nullopt);
  EXPECT_EQ(FindTicketKey("[OPS-3]", "ESC"), std::nullopt);
  EXPECT_EQ(FindTicketKey("[OPS-3]", "OPS"), "OPS-3");
  EXPECT_EQ(FindTicketKey("[ESC", "ESC"), std::nullopt);
}

}  // namespace
}  // namespace esc::intake
