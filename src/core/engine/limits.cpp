#include "core/engine/limits.h"

#include <fmt/format.h>

namespace esc::core {

std::string_view LimitScope(const Limit& limit) { return limit.level ? "level" : "team"; }

const std::string& LimitSubject(const Limit& limit) {
  return limit.level ? *limit.level : limit.team.value();
}

std::string DescribeLimit(const Limit& limit) {
  return fmt::format("{} \"{}\"", LimitScope(limit), LimitSubject(limit));
}

std::vector<const Limit*> LimitsOn(const Policy& policy, std::string_view level,
                                   std::string_view team) {
  std::vector<const Limit*> out;
  for (const Limit& limit : policy.limits) {
    if (limit.level && !level.empty() && *limit.level == level) out.push_back(&limit);
  }
  for (const Limit& limit : policy.limits) {
    if (limit.team && !team.empty() && *limit.team == team) out.push_back(&limit);
  }
  return out;
}

LimitVerdict CheckLimits(const std::vector<LimitLoad>& loads) {
  LimitVerdict verdict;
  for (const LimitLoad& load : loads) {
    if (!load.limit || load.open < load.limit->max_open_escalations) continue;
    if (load.limit->beyond == OverloadAction::kQueue) {
      verdict.queue = load.limit;
      verdict.exceeded.clear();
      return verdict;
    }
    verdict.exceeded.push_back(load);
  }
  return verdict;
}

}  // namespace esc::core
