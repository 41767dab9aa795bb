// The history file format (JSON Lines, one ticket per line; docs/simulation.md) as
// written by `escalator sample-history`.
#pragma once

#include <string>

#include "core/simulation/history.h"

namespace esc::app {

// Appends one ticket as a JSON line (ending in '\n').
void AppendHistoryJson(std::string& out, const core::HistoryTicket& ticket);

}  // namespace esc::app
