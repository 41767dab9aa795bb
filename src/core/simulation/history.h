// One ticket of a history file, as `escalator sample-history` writes it and `escalator
// simulate` reads it (format in docs/simulation.md): its facts at creation and what
// happened to it, in time order, without any decision of a policy (those are what a
// simulation computes).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ticket/ticket_event.h"

namespace esc::core {

struct HistoryEvent {
  TicketEvent event;                  // kCreated is implied by `created` and not listed
  std::optional<double> sentiment;    // customer replies: the message's score, -1 to 1
  std::vector<std::string> words;     // customer replies: words worth noticing
  bool asks_to_escalate = false;      // customer replies: "please escalate"
};

struct HistoryTicket {
  std::string id;
  Instant created;
  std::string tier;
  std::string impact;
  std::string urgency;
  std::string priority;
  std::string category;
  std::string channel;
  std::vector<HistoryEvent> events;   // in time order, after `created`
};

}  // namespace esc::core
