// SLA policies: which service levels apply to a ticket. Each policy has conditions on
// the ticket's customer tier, priority, category and channel; the first policy (in file
// order) whose conditions all hold applies. It sets up to three targets, each a duration
// of business time on a calendar, and the statuses in which its clocks pause.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/ticket/status.h"
#include "core/time.h"

namespace esc::core {

enum class SlaTargetKind { kFirstResponse, kNextUpdate, kResolution };
inline constexpr SlaTargetKind kAllSlaTargetKinds[] = {
    SlaTargetKind::kFirstResponse, SlaTargetKind::kNextUpdate, SlaTargetKind::kResolution};
std::string_view ToString(SlaTargetKind kind);  // "first_response", ...

struct SlaTargetSpec {
  Seconds duration{0};
  std::string calendar;  // calendar id
};

// The facts a policy's conditions look at.
struct SlaFacts {
  std::string tier;
  std::string priority;
  std::string category;
  std::string channel;
};

struct SlaPolicy {
  std::string name;
  // Each list, when not empty, must contain the ticket's value.
  std::vector<std::string> tiers, priorities, categories, channels;
  std::array<std::optional<SlaTargetSpec>, 3> targets;  // indexed by SlaTargetKind
  std::vector<TicketStatus> pause_on;

  bool Matches(const SlaFacts& facts) const;
  const std::optional<SlaTargetSpec>& Target(SlaTargetKind kind) const {
    return targets[static_cast<std::size_t>(kind)];
  }
  bool PausesIn(TicketStatus status) const;
};

// Whether a condition list accepts `value`: an empty list accepts anything.
bool ListAllows(const std::vector<std::string>& allowed, const std::string& value);

// The first policy that matches, or nullptr.
const SlaPolicy* SelectSlaPolicy(const std::vector<SlaPolicy>& policies, const SlaFacts& facts);

}  // namespace esc::core
