// The use case behind `escalator policy explain`: for one ticket (in the history format)
// at one instant, which SLA policy applies and where each target stands, what the policy
// has decided so far, what it would decide from then on if nobody acted, and the path
// the case would take. Events after the instant are left out: they have not happened.
#pragma once

#include <string>

#include "core/error.h"
#include "core/policy/policy.h"
#include "core/simulation/history.h"

namespace esc::app {

// A text for people. Errors: a ticket the engine cannot replay (Invalid), an instant
// before the ticket's creation (Invalid).
core::Result<std::string> ExplainTicket(const core::Policy& policy, core::HistoryTicket ticket,
                                        core::Instant at);

}  // namespace esc::app
