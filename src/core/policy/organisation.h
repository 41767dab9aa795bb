// Who works the cases: escalation levels (L1 frontline, L2 specialists, L3 senior
// engineering / management, ...) in order with their authority, the teams at each level
// with their skills and people, and the categories cases are sorted into (with the
// keywords that suggest them). Plain validated data from the policy loader.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace esc::core {

struct Authority {
  std::optional<double> refund_limit;  // largest refund the level may grant; none = no refunds
  bool may_approve = false;            // may give management sign-off
  bool may_deescalate = false;         // may send a case back down
};

struct Level {
  std::string id;    // e.g. "L2"
  std::string name;  // e.g. "Specialists"
  int rank = 0;      // 0 for the first (frontline) level, increasing upwards
  Authority authority;
};

struct Team {
  std::string id;
  std::string name;
  std::string level;                // Level::id
  std::vector<std::string> skills;  // Category ids the team handles
  std::vector<std::string> members;
  std::optional<std::string> lead;
  std::optional<std::string> manager;
  std::optional<std::string> calendar;  // working hours of the team
  bool external = false;                // a vendor or regulator outside the organisation
};

struct Category {
  std::string id;
  std::string name;
  std::vector<std::string> keywords;  // words in a customer's text that suggest it
};

}  // namespace esc::core
