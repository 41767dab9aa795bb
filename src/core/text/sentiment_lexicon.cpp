#include "core/text/sentiment_lexicon.h"

#include <algorithm>
#include <array>
#include <utility>

namespace esc::core {
namespace {

using Entry = std::pair<std::string_view, int>;

// Sorted by word (a test checks the order).
constexpr Entry kWeights[] = {
    {"abysmal", -3},      {"angry", -3},       {"annoyed", -2},      {"annoying", -2},
    {"appalling", -3},    {"appreciate", 2},   {"appreciated", 2},   {"awesome", 3},
    {"awful", -3},        {"bad", -2},         {"blocked", -1},      {"blocker", -2},
    {"broken", -2},       {"bug", -1},         {"cancel", -2},       {"complain", -2},
    {"complaint", -2},    {"confused", -1},    {"corrupt", -2},      {"corrupted", -2},
    {"crash", -2},        {"crashed", -2},     {"crashes", -2},      {"critical", -1},
    {"delay", -1},        {"delayed", -1},     {"disappointed", -2}, {"disappointing", -2},
    {"disaster", -3},     {"down", -1},        {"error", -1},        {"escalate", -1},
    {"excellent", 3},     {"fail", -2},        {"failed", -2},       {"failing", -2},
    {"failure", -2},      {"fantastic", 3},    {"fine", 1},          {"fixed", 2},
    {"frustrated", -2},   {"frustrating", -2}, {"furious", -3},      {"glad", 2},
    {"good", 2},          {"great", 3},        {"happy", 2},         {"hate", -3},
    {"helpful", 2},       {"horrible", -3},    {"impossible", -2},   {"inacceptable", -3},
    {"incompetent", -3},  {"lawsuit", -3},     {"lawyer", -2},       {"lost", -2},
    {"love", 3},          {"nice", 2},         {"outage", -2},       {"outraged", -3},
    {"perfect", 3},       {"pleased", 2},      {"poor", -2},         {"problem", -1},
    {"refund", -2},       {"resolved", 2},     {"ridiculous", -3},   {"sad", -2},
    {"satisfied", 2},     {"slow", -1},        {"solved", 2},        {"sorry", -1},
    {"stuck", -1},        {"terrible", -3},    {"thank", 2},         {"thanks", 2},
    {"unacceptable", -3}, {"unhappy", -2},     {"unusable", -3},     {"upset", -2},
    {"urgent", -1},       {"useless", -3},     {"wonderful", 3},     {"works", 1},
    {"worse", -2},        {"worst", -3},       {"wrong", -2}};

constexpr std::string_view kNegations[] = {"cannot", "hardly",  "neither", "never",
                                           "no",     "nobody",  "none",    "nor",
                                           "not",    "nothing", "t",       "without"};

constexpr std::string_view kIntensifiers[] = {"absolutely", "completely", "extremely", "highly",
                                              "really",     "so",         "totally",   "very"};

template <std::size_t N>
bool InSorted(const std::string_view (&words)[N], std::string_view word) {
  return std::binary_search(std::begin(words), std::end(words), word);
}

}  // namespace

std::optional<int> SentimentWeight(std::string_view folded_word) {
  auto it = std::lower_bound(std::begin(kWeights), std::end(kWeights), folded_word,
                             [](const Entry& e, std::string_view w) { return e.first < w; });
  if (it == std::end(kWeights) || it->first != folded_word) return std::nullopt;
  return it->second;
}

bool IsNegation(std::string_view folded_word) { return InSorted(kNegations, folded_word); }
bool IsIntensifier(std::string_view folded_word) { return InSorted(kIntensifiers, folded_word); }

// For the test that keeps the tables sorted.
bool SentimentLexiconSorted() {
  auto sorted_entries =
      std::is_sorted(std::begin(kWeights), std::end(kWeights),
                     [](const Entry& a, const Entry& b) { return a.first < b.first; });
  return sorted_entries && std::is_sorted(std::begin(kNegations), std::end(kNegations)) &&
         std::is_sorted(std::begin(kIntensifiers), std::end(kIntensifiers));
}

}  // namespace esc::core
