// Text signals: folded whole words (case and accents ignored) and the lexicon-based
// sentiment score.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/text/sentiment.h"
#include "core/text/sentiment_lexicon.h"
#include "core/text/words.h"

namespace esc::core {
namespace {

using Words = std::vector<std::string>;

TEST(FoldedWords, IgnoreCaseAndAccents) {
  EXPECT_EQ(FoldedWords("Café CAFE cafe Über Straße"), (Words{"cafe", "uber", "strasse"}));
  EXPECT_EQ(FoldText("ŁÓDŹ Œuvre Ångström"), "lodz oeuvre angstrom");
}

TEST(FoldedWords, SplitOnPunctuationIncludingTypographicQuotes) {
  EXPECT_EQ(WordSequence("don’t—stop, “now”!"), (Words{"don", "t", "stop", "now"}));
  EXPECT_EQ(WordSequence("refund-now"), (Words{"refund", "now"}));
}

TEST(FoldedWords, KeepOtherScriptsAndSurviveInvalidUtf8) {
  EXPECT_EQ(WordSequence("至急 対応"), (Words{"至急", "対応"}));
  EXPECT_EQ(WordSequence(std::string("ab\xff\xfe"
                                     "cd\xe2")),
            (Words{"ab", "cd"}));
}

TEST(FoldedWords, WholeWordsOnly) {
  const Words words = FoldedWords("The lawyers called");
  EXPECT_EQ(std::count(words.begin(), words.end(), "lawyer"), 0);
  EXPECT_EQ(std::count(words.begin(), words.end(), "lawyers"), 1);
}

TEST(Sentiment, LexiconTablesAreSorted) { EXPECT_TRUE(SentimentLexiconSorted()); }

TEST(Sentiment, NeutralTextScoresZero) {
  EXPECT_EQ(SentimentScore("Please reset the password of user 42."), 0);
  EXPECT_EQ(SentimentScore(""), 0);
}

TEST(Sentiment, AngryTextIsStronglyNegative) {
  const double score = SentimentScore("This is UNACCEPTABLE, the service is broken and useless!");
  EXPECT_LT(score, -0.8);
  EXPECT_GT(score, -1.0);
}

TEST(Sentiment, PraiseIsPositive) { EXPECT_GT(SentimentScore("Thanks, great work!"), 0.5); }

TEST(Sentiment, NegationFlipsAndWeakens) {
  const double bad = SentimentScore("bad");
  const double not_bad = SentimentScore("not bad");
  EXPECT_LT(bad, 0);
  EXPECT_GT(not_bad, 0);
  EXPECT_LT(not_bad, -bad);
  EXPECT_LT(SentimentScore("It doesn't work, it's not good"), 0);
  EXPECT_LT(SentimentScore("I am not happy"), 0);
}

TEST(Sentiment, NegationReachesThreeWords) {
  EXPECT_LT(SentimentScore("never been so very happy"), 0);
  EXPECT_GT(SentimentScore("no, one two three happy"), 0);
}

TEST(Sentiment, IntensifierStrengthens) {
  EXPECT_LT(SentimentScore("very bad"), SentimentScore("bad"));
}

TEST(Sentiment, AccentsAndCaseDoNotMatter) {
  EXPECT_EQ(SentimentScore("TERRIBLE"), SentimentScore("terrible"));
}

}  // namespace
}  // namespace esc::core
