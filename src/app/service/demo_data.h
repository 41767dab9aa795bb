// Demo data for `escalator serve --demo` (what `make run` starts): an admin, a user for
// every person the policy names (agents, supervisors for team leads, managers), three
// customer organisations with a contact each, and open tickets in every state, all made
// through the use cases so their audit trails are real. Runs only on an empty database.
#pragma once

#include <string>
#include <vector>

#include "app/service/account_service.h"
#include "app/service/ticket_service.h"

namespace esc::app {

struct DemoLogin {
  std::string username;
  std::string role;
  std::string team;  // for staff: their team; for customers: their organisation
};

// Empty when the database already had users (nothing is added then).
Result<std::vector<DemoLogin>> SeedDemoData(const core::Policy& policy, AccountService& accounts,
                                            TicketService& tickets, const std::string& password);

}  // namespace esc::app
