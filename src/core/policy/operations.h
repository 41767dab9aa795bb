// How a policy runs day to day, besides its rules: routing of a case within the team
// that receives it, limits on concurrent escalations (overload), and quiet hours for
// notifications.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace esc::core {

// Criteria for choosing the person in the receiving team, applied in order; ties after
// the last criterion go round-robin.
enum class RoutingCriterion { kSkills, kOnCall, kWorkingHours, kLoad };

struct Routing {
  std::vector<RoutingCriterion> order = {RoutingCriterion::kSkills, RoutingCriterion::kOnCall,
                                         RoutingCriterion::kWorkingHours,
                                         RoutingCriterion::kLoad};
};

enum class OverloadAction { kQueue, kNotifyManager };

struct Limit {
  std::optional<std::string> level;  // exactly one of level and team
  std::optional<std::string> team;
  int max_open_escalations = 0;
  OverloadAction beyond = OverloadAction::kQueue;
};

struct QuietHours {
  std::string calendar;                   // notifications go out while it is open
  std::vector<std::string> except_priorities;  // ... or at once for these priorities
  // People may set quiet hours of their own (notification preferences); they hold a
  // notification back further, never for the on-call person or an excepted priority.
  bool personal = false;
};

}  // namespace esc::core
