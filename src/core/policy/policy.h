// The escalation policy as the core sees it: plain, validated data built by the policy
// loader (src/policy) from YAML. So far it holds the business calendars by id; the
// escalation matrix, SLA policies and triggers join it as they are built.
#pragma once

#include <map>
#include <string>

#include "core/calendar/calendar.h"

namespace esc::core {

struct Policy {
  std::map<std::string, Calendar, std::less<>> calendars;

  const Calendar* FindCalendar(std::string_view id) const {
    auto it = calendars.find(id);
    return it == calendars.end() ? nullptr : &it->second;
  }
};

}  // namespace esc::core
