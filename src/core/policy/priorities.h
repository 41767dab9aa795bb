// Priorities as ITIL derives them: named priority levels from most to least urgent, and
// an impact x urgency matrix that maps a ticket's impact and urgency to its priority.
// Built by the policy loader; the engine and the API ask it to derive or compare.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace esc::core {

struct PriorityScheme {
  std::vector<std::string> order;  // most urgent first, e.g. critical, high, medium, low
  std::optional<std::string> default_priority;
  std::vector<std::string> impacts;    // matrix rows, as written
  std::vector<std::string> urgencies;  // matrix columns, as written
  std::map<std::pair<std::string, std::string>, std::string> matrix;  // (impact, urgency)

  // The priority for an impact and an urgency (NotFound for values the matrix lacks).
  Result<std::string> Derive(const std::string& impact, const std::string& urgency) const;
  // 0 for the most urgent priority; nullopt for an unknown name.
  std::optional<int> Rank(const std::string& priority) const;
};

}  // namespace esc::core
