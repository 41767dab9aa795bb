#include "core/policy/priorities.h"

#include <algorithm>

#include <fmt/format.h>

namespace esc::core {

Result<std::string> PriorityScheme::Derive(const std::string& impact,
                                           const std::string& urgency) const {
  auto it = matrix.find({impact, urgency});
  if (it == matrix.end()) {
    return std::unexpected(Error::NotFound(
        fmt::format("no priority for impact \"{}\" and urgency \"{}\": impacts are {}, "
                    "urgencies are {}",
                    impact, urgency, fmt::join(impacts, ", "), fmt::join(urgencies, ", "))));
  }
  return it->second;
}

std::optional<int> PriorityScheme::Rank(const std::string& priority) const {
  auto it = std::find(order.begin(), order.end(), priority);
  if (it == order.end()) return std::nullopt;
  return static_cast<int>(it - order.begin());
}

}  // namespace esc::core
