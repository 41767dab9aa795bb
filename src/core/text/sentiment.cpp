#include "core/text/sentiment.h"

#include <cmath>

#include "core/text/sentiment_lexicon.h"
#include "core/text/words.h"

namespace esc::core {

double SentimentScore(std::string_view text) {
  constexpr std::size_t kNegationScope = 3;  // words after a negation that it flips
  constexpr double kAlpha = 15;              // VADER's normalisation constant
  double sum = 0;
  std::size_t since_negation = kNegationScope + 1;
  bool intensified = false;
  for (const std::string& word : WordSequence(text)) {
    if (IsNegation(word)) {
      since_negation = 0;
      continue;
    }
    if (IsIntensifier(word)) {
      intensified = true;
      continue;
    }
    ++since_negation;
    if (auto weight = SentimentWeight(word)) {
      double value = *weight;
      if (intensified) value *= 1.5;
      if (since_negation <= kNegationScope) value *= -0.5;
      sum += value;
    }
    intensified = false;
  }
  if (sum == 0) return 0;
  return sum / std::sqrt(sum * sum + kAlpha);
}

}  // namespace esc::core
