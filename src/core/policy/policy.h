// The escalation policy as the core sees it: plain, validated data built by the policy
// loader (src/policy) from YAML: business calendars, priorities, categories, levels,
// teams, SLA policies, escalation paths, notification channels, triggers, on-call
// rotations, routing, limits, quiet hours, the updates customers get and the intake of
// inbound mail.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar/calendar.h"
#include "core/policy/customer_updates.h"
#include "core/policy/escalation_path.h"
#include "core/policy/intake.h"
#include "core/policy/oncall.h"
#include "core/policy/operations.h"
#include "core/policy/organisation.h"
#include "core/policy/priorities.h"
#include "core/policy/sla_policy.h"
#include "core/policy/trigger.h"

namespace esc::core {

struct Policy {
  // Identifies this text of the policy (a digest of its files): escalations under way
  // keep the version they started with (see Evaluate).
  std::string version;
  std::map<std::string, Calendar, std::less<>> calendars;
  PriorityScheme priorities;
  std::vector<Category> categories;  // in file order
  std::vector<Level> levels;         // in rank order, frontline first
  std::vector<Team> teams;           // in file order
  std::vector<SlaPolicy> sla;        // in file order: the first that matches applies
  std::vector<EscalationPath> paths; // one per category, plus an optional "default"
  std::vector<Channel> channels;     // notification channels by id
  std::vector<Trigger> triggers;     // in file order
  std::vector<Rotation> rotations;   // on-call rotations
  Routing routing;
  std::vector<Limit> limits;
  std::optional<QuietHours> quiet_hours;
  std::optional<CustomerUpdates> customer_updates;  // none: the customer is told nothing
  std::optional<IntakePolicy> intake;  // absent: inbound mail is not accepted

  const Calendar* FindCalendar(std::string_view id) const {
    auto it = calendars.find(id);
    return it == calendars.end() ? nullptr : &it->second;
  }
  const Level* FindLevel(std::string_view id) const { return FindById(levels, id); }
  const Team* FindTeam(std::string_view id) const { return FindById(teams, id); }
  const Category* FindCategory(std::string_view id) const { return FindById(categories, id); }
  const Channel* FindChannel(std::string_view id) const { return FindById(channels, id); }
  // The path for a category: its own, else the "default" one, else nullptr.
  const EscalationPath* PathFor(std::string_view category) const {
    const EscalationPath* fallback = nullptr;
    for (const auto& path : paths) {
      if (path.category == category) return &path;
      if (path.category == "default") fallback = &path;
    }
    return fallback;
  }

 private:
  template <typename T>
  static const T* FindById(const std::vector<T>& items, std::string_view id) {
    for (const auto& item : items) {
      if (item.id == id) return &item;
    }
    return nullptr;
  }
};

}  // namespace esc::core
