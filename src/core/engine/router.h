// Routing: who in the receiving team takes a new, assigned or escalated case. The
// policy's `routing.order` lists the criteria; each keeps the best of the remaining
// members, and ties after the last go round-robin:
// - skills: the team was chosen for the category's skill, so every member qualifies;
// - on_call: the member on call for the team right now, when a rotation covers it;
// - working_hours: outside the team's calendar only the on-call member is working;
// - load: the fewest open cases.
// The router keeps each person's open load, so the caller reports what it assigns and
// what it takes away (resolutions, moves). Deterministic: same calls, same answers.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/calendar/time_zone.h"
#include "core/policy/policy.h"

namespace esc::core {

class Router {
 public:
  explicit Router(const Policy& policy);

  // The member of `team` to take a case at `at`; empty when the team has no members.
  // The pick is counted in that member's load.
  std::string Assign(const std::string& team, Instant at);
  // A case leaves `person` (resolved, moved on): one less in their load.
  void Release(const std::string& person);
  // A case `person` already holds (the service seeds the loads from its database).
  void Hold(const std::string& person);

  // The member on call for `team` at `at`; empty when no rotation covers the team.
  std::string OnCall(const std::string& team, Instant at) const;
  int Load(const std::string& person) const;

 private:
  struct RotationZone {
    const Rotation* rotation;
    TimeZone zone;
  };

  const Policy& policy_;
  std::vector<RotationZone> rotations_;
  std::map<std::string, int, std::less<>> load_;
  std::map<std::string, std::size_t, std::less<>> next_turn_;  // team -> round-robin cursor
};

}  // namespace esc::core
