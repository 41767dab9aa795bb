// TrimQuotedHistory on the shapes replies take: Gmail, Apple Mail, Outlook, German
// clients, inline answers, forwards.
#include "intake/quote_trim.h"

#include <gtest/gtest.h>

namespace esc::intake {
namespace {

TEST(QuoteTrim, TrailingQuotedBlockGoes) {
  EXPECT_EQ(TrimQuotedHistory("Thanks!\n\n> old text\n> more\n\n"), "Thanks!");
}

TEST(QuoteTrim, AttributionLineWithQuotesGoes) {
  EXPECT_EQ(TrimQuotedHistory("Done.\r\n\r\nOn Tue, 3 Nov 2026, Bob <b@x.example> wrote:\r\n"
                              "> Is it done?\r\n"),
            "Done.");
  EXPECT_EQ(TrimQuotedHistory("Erledigt.\n\nAm 03.11.2026 um 10:00 schrieb Bob <b@x>:\n> Frage\n"),
            "Erledigt.");
  EXPECT_EQ(TrimQuotedHistory("Fine.\nOn Tue, 3 Nov 2026 at 10:00, Bob Example\n"
                              "<b@x.example> wrote:\n>\n> q\n"),
            "Fine.");
}

TEST(QuoteTrim, InlineAnswersStay) {
  const std::string text =
      "On Tue, 3 Nov 2026, Bob wrote:\n> Which server?\nbuild-01\n> Since when?\n"
      "since 02:00\n\n> Thanks\n";
  EXPECT_EQ(TrimQuotedHistory(text),
            "On Tue, 3 Nov 2026, Bob wrote:\n> Which server?\nbuild-01\n> Since when?\n"
            "since 02:00");
}

TEST(QuoteTrim, OutlookOriginalMessageAndHeaderBlockGo) {
  EXPECT_EQ(TrimQuotedHistory("Yes.\n\n-----Original Message-----\nFrom: x\nSent: y\n\nold"),
            "Yes.");
  EXPECT_EQ(TrimQuotedHistory("Yes.\n\n________________________________\nFrom: Support\n"
                              "Sent: Monday\nTo: me\nSubject: s\n\nold"),
            "Yes.");
  EXPECT_EQ(TrimQuotedHistory("Ja.\n\nVon: Support\nGesendet: Montag\nAn: ich\n\nalt"), "Ja.");
}

TEST(QuoteTrim, ForwardedContentIsKept) {
  const std::string gmail =
      "FYI\n\n---------- Forwarded message ---------\nFrom: A\n\ncontent\n> quoted in it\n";
  EXPECT_EQ(TrimQuotedHistory(gmail),
            "FYI\n\n---------- Forwarded message ---------\n"
            "From: A\n\ncontent\n> quoted in it");
  EXPECT_EQ(TrimQuotedHistory("See below\n\nBegin forwarded message:\n\nFrom: A\nDate: B\n\nx"),
            "See below\n\nBegin forwarded message:\n\nFrom: A\nDate: B\n\nx");
}

TEST(QuoteTrim, AllQuotedTextIsKeptRatherThanEmptied) {
  EXPECT_EQ(TrimQuotedHistory("> only quotes\n> here\n"), "> only quotes\n> here");
  EXPECT_EQ(TrimQuotedHistory(""), "");
}

TEST(QuoteTrim, AMentionOfWroteInTextIsNotHistory) {
  EXPECT_EQ(TrimQuotedHistory("On second thought, here is what I wrote:\nthe plan\n"),
            "On second thought, here is what I wrote:\nthe plan");
}

}  // namespace
}  // namespace esc::intake
