// The shipped English sentiment lexicon (sentiment_lexicon.cpp): folded words with a
// weight from -3 (strongly negative) to +3, the words that negate what follows, and the
// intensifiers. Small on purpose: support mail, not literature; a word missing here is
// neutral. Lookups are binary searches over sorted tables.
#pragma once

#include <optional>
#include <string_view>

namespace esc::core {

std::optional<int> SentimentWeight(std::string_view folded_word);
bool IsNegation(std::string_view folded_word);
bool IsIntensifier(std::string_view folded_word);
// Whether the tables are sorted (binary search needs it; a unit test checks).
bool SentimentLexiconSorted();

}  // namespace esc::core
