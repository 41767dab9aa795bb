// The ticket list's query parameters (GET /api/v1/tickets: status, team, level, priority,
// category, customer_id, assignee, breached, at_risk, open, q, sort, limit, offset) read
// strictly into a TicketFilter. Shared by the list and by saved views, which are checked
// with it before they are stored, so that a saved view always runs.
#pragma once

#include "app/service/store.h"
#include "core/error.h"
#include "http/http_types.h"

namespace esc::api {

core::Result<app::TicketFilter> TicketFilterFrom(const http::Request& request);

}  // namespace esc::api
