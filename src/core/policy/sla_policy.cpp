#include "core/policy/sla_policy.h"

#include <algorithm>

namespace esc::core {
bool ListAllows(const std::vector<std::string>& allowed, const std::string& value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string_view ToString(SlaTargetKind kind) {
  switch (kind) {
    case SlaTargetKind::kFirstResponse: return "first_response";
    case SlaTargetKind::kNextUpdate: return "next_update";
    case SlaTargetKind::kResolution: return "resolution";
  }
  return "unknown";
}

bool SlaPolicy::Matches(const SlaFacts& facts) const {
  return ListAllows(tiers, facts.tier) && ListAllows(priorities, facts.priority) &&
         ListAllows(categories, facts.category) && ListAllows(channels, facts.channel);
}

bool SlaPolicy::PausesIn(TicketStatus status) const {
  return std::find(pause_on.begin(), pause_on.end(), status) != pause_on.end();
}

const SlaPolicy* SelectSlaPolicy(const std::vector<SlaPolicy>& policies, const SlaFacts& facts) {
  for (const auto& policy : policies) {
    if (policy.Matches(facts)) return &policy;
  }
  return nullptr;
}

}  // namespace esc::core
