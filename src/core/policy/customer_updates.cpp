#include "core/policy/customer_updates.h"

#include <algorithm>
#include <array>
#include <utility>

namespace esc::core {
namespace {

constexpr std::array<std::pair<CustomerUpdate, std::string_view>, 5> kNames{{
    {CustomerUpdate::kReceived, "received"},
    {CustomerUpdate::kEscalated, "escalated"},
    {CustomerUpdate::kProgress, "progress"},
    {CustomerUpdate::kResolved, "resolved"},
    {CustomerUpdate::kFeedback, "feedback"},
}};

}  // namespace

std::string_view ToString(CustomerUpdate update) {
  for (const auto& [value, name] : kNames) {
    if (value == update) return name;
  }
  return "unknown";
}

std::optional<CustomerUpdate> ParseCustomerUpdate(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

const std::vector<CustomerUpdate>& AllCustomerUpdates() {
  static const std::vector<CustomerUpdate> all = [] {
    std::vector<CustomerUpdate> kinds;
    for (const auto& [value, name] : kNames) kinds.push_back(value);
    return kinds;
  }();
  return all;
}

bool CustomerUpdates::Sends(CustomerUpdate update) const {
  return std::find(send.begin(), send.end(), update) != send.end();
}

}  // namespace esc::core
