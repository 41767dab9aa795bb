// Escalation paths and notification channels of a policy. A path is the ordered list of
// places a case of one category moves through when nobody resolves it: teams (functional
// moves, possibly to an external vendor or regulator) and levels (hierarchical moves to
// whoever is on call or routed there), each with the business time it has before the
// next step takes over. Channels name where notifications go (delivery comes later).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/policy/trigger.h"
#include "core/time.h"

namespace esc::core {

struct PathStep {
  std::optional<std::string> team;   // a functional step to this team ...
  std::optional<std::string> level;  // ... or a hierarchical step to this level
  std::optional<Seconds> time;       // business time before the next step; none on the last
  // What the engine does when `time` runs out: escalate to the next step (filled by the
  // loader; empty on the last step).
  std::vector<TriggerAction> hand_over;
};

struct EscalationPath {
  std::string category;  // a category id, or "default" for every other category
  std::vector<PathStep> steps;
};

enum class ChannelType { kEmail, kWebhook };

struct Channel {
  std::string id;
  ChannelType type = ChannelType::kEmail;
  std::string from;                  // email: sender address
  std::string url;                   // webhook: target URL
  std::string format = "generic";    // webhook: generic, slack, mattermost or teams
};

}  // namespace esc::core
