// The service's own tickets as a simulation history: the tickets created in a range, each
// with its facts at creation (tier, impact, urgency, the priority and category it was
// opened with, channel) and what happened to it (public replies by staff and by the
// customer, with the customer's sentiment and words, and status changes), none of the
// decisions a policy made. `POST /api/v1/policy/simulate` replays them through the
// running policy and a candidate to compare the two before the candidate goes live.
#pragma once

#include <cstddef>
#include <vector>

#include "app/service/store.h"
#include "core/simulation/history.h"

namespace esc::app {

struct LiveHistory {
  std::vector<core::HistoryTicket> tickets;  // in creation order
  bool truncated = false;                    // more tickets were created in the range
};

// At most `max_tickets`, the earliest first; one read transaction.
Result<LiveHistory> ReadLiveHistory(Store& store, Instant from, Instant to,
                                    std::size_t max_tickets);

}  // namespace esc::app
