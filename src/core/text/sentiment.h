// A simple, explainable negative-sentiment score of a customer's text, from -1 (very
// negative) to 1 (very positive), 0 for neutral or no opinion words. Lexicon-based: each
// word of a small shipped English list (sentiment_lexicon.cpp) has a weight from -3 to +3;
// a negation ("not", "no", "never", "without", any "n't") up to three words before a word
// flips and halves it ("not bad" is mildly good); intensifiers ("very", "extremely", ...)
// just before a word add half its weight again. The sum s is normalised as
// s / sqrt(s^2 + 15), as VADER does, so a few strong words approach -1 without reaching it.
// Triggers compare the latest customer message's score with `sentiment_below`.
#pragma once

#include <string_view>

namespace esc::core {

double SentimentScore(std::string_view text);

}  // namespace esc::core
