// Limits on concurrent open escalations (the policy's `limits:`): which limits a receiving
// level and team are under, and what an escalation does at them. An open escalation is a
// case that a level or team received by an escalation and still holds; the caller counts
// them (the simulator in memory, the service in its database) and asks CheckLimits. At a
// `queue` limit the escalation waits in that limit's queue (first come, first served)
// until a case leaves; at a `notify_manager` limit it goes ahead and the receiving team's
// manager is told. Pure: no clock, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy/policy.h"

namespace esc::core {

// What a limit names: "level" or "team", and its id.
std::string_view LimitScope(const Limit& limit);
const std::string& LimitSubject(const Limit& limit);
// `level "L2"`, for messages.
std::string DescribeLimit(const Limit& limit);

// The limits on `level` and on `team`, level limits first, each in file order.
std::vector<const Limit*> LimitsOn(const Policy& policy, std::string_view level,
                                   std::string_view team);

struct LimitLoad {
  const Limit* limit = nullptr;
  std::int64_t open = 0;  // open escalations held under it now (the moving case not counted)
};

struct LimitVerdict {
  // Non-null: the escalation waits in this limit's queue (the first full `queue` limit);
  // nothing else happens.
  const Limit* queue = nullptr;
  // Otherwise the escalation goes ahead, beyond these `notify_manager` limits.
  std::vector<LimitLoad> exceeded;
};

// What an escalation does under `loads` (LimitsOn with their counts). A `queue` limit wins
// over a `notify_manager` one: the manager is not told of an escalation that waits.
LimitVerdict CheckLimits(const std::vector<LimitLoad>& loads);

}  // namespace esc::core
