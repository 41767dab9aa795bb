#include "core/engine/router.h"

#include <algorithm>

namespace esc::core {

Router::Router(const Policy& policy) : policy_(policy) {
  for (const Rotation& rotation : policy.rotations) {
    if (const date::time_zone* zone = TimeZone::Locate(rotation.timezone)) {
      if (!rotation.members.empty()) rotations_.push_back({&rotation, TimeZone(zone)});
    }
  }
}

std::string Router::OnCall(const std::string& team, Instant at) const {
  for (const RotationZone& r : rotations_) {
    if (r.rotation->team == team) return OnCallAt(*r.rotation, r.zone, at);
  }
  return "";
}

int Router::Load(const std::string& person) const {
  auto it = load_.find(person);
  return it == load_.end() ? 0 : it->second;
}

void Router::Hold(const std::string& person) { ++load_[person]; }

void Router::Release(const std::string& person) {
  auto it = load_.find(person);
  if (it != load_.end() && it->second > 0) --it->second;
}

std::string Router::Assign(const std::string& team_id, Instant at) {
  const Team* team = policy_.FindTeam(team_id);
  if (!team || team->members.empty()) return "";
  std::vector<std::size_t> candidates(team->members.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) candidates[i] = i;
  const std::string on_call = OnCall(team_id, at);
  auto keep_on_call = [&] {
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](std::size_t i) { return team->members[i] == on_call; });
    if (it != candidates.end()) candidates = {*it};
  };
  for (RoutingCriterion criterion : policy_.routing.order) {
    switch (criterion) {
      case RoutingCriterion::kSkills:
        break;
      case RoutingCriterion::kOnCall:
        if (!on_call.empty()) keep_on_call();
        break;
      case RoutingCriterion::kWorkingHours: {
        const Calendar* calendar = team->calendar ? policy_.FindCalendar(*team->calendar) : nullptr;
        if (!calendar || on_call.empty()) break;
        auto open = calendar->IsOpen(at);
        if (open && !*open) keep_on_call();
        break;
      }
      case RoutingCriterion::kLoad: {
        int least = Load(team->members[candidates.front()]);
        for (std::size_t i : candidates) least = std::min(least, Load(team->members[i]));
        std::erase_if(candidates, [&](std::size_t i) { return Load(team->members[i]) != least; });
        break;
      }
    }
  }
  // Round-robin: the first candidate at or after the team's cursor.
  std::size_t& cursor = next_turn_[team_id];
  std::size_t pick = candidates.front();
  for (std::size_t i : candidates) {
    if (i >= cursor) {
      pick = i;
      break;
    }
  }
  cursor = (pick + 1) % team->members.size();
  const std::string& person = team->members[pick];
  ++load_[person];
  return person;
}

}  // namespace esc::core
