// How a TicketRecord maps to a row of the tickets table: the column list, binding a
// record to an INSERT or UPDATE, and reading one back.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "app/service/records.h"

namespace esc::storage {

// "key, customer_id, ..., merged_into": every column but id, in binding order.
extern const char* const kTicketColumns;
// The number of columns in kTicketColumns.
int TicketColumnCount();
// Binds every column of kTicketColumns from `ticket`, starting at parameter 1.
void BindTicket(SQLite::Statement& statement, const app::TicketRecord& ticket);
// Reads a row selected as "id, <kTicketColumns>".
app::TicketRecord ReadTicket(SQLite::Statement& statement);

}  // namespace esc::storage
