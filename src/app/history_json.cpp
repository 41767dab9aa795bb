#include "app/history_json.h"

#include <fmt/format.h>

#include "app/json_text.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

void Field(std::string& out, std::string_view key, std::string_view value) {
  out += ", ";
  AppendJsonString(out, key);
  out += ": ";
  AppendJsonString(out, value);
}

void AppendEvent(std::string& out, const core::HistoryEvent& e) {
  out += "{\"at\": \"";
  core::AppendRfc3339(out, e.event.at, core::Seconds{0});
  out += "\"";
  switch (e.event.kind) {
    case core::TicketEventKind::kCreated: Field(out, "type", "created"); break;
    case core::TicketEventKind::kAgentReplied: Field(out, "type", "agent_reply"); break;
    case core::TicketEventKind::kCustomerReplied: Field(out, "type", "customer_reply"); break;
    case core::TicketEventKind::kStatusChanged:
      Field(out, "type", "status");
      Field(out, "status", core::ToString(e.event.status));
      break;
  }
  if (e.sentiment) fmt::format_to(std::back_inserter(out), ", \"sentiment\": {}", *e.sentiment);
  if (!e.words.empty()) {
    out += ", \"words\": [";
    for (std::size_t i = 0; i < e.words.size(); ++i) {
      if (i) out += ", ";
      AppendJsonString(out, e.words[i]);
    }
    out += "]";
  }
  if (e.asks_to_escalate) out += ", \"asks_to_escalate\": true";
  out += "}";
}

}  // namespace

void AppendHistoryJson(std::string& out, const core::HistoryTicket& t) {
  out += "{\"id\": ";
  AppendJsonString(out, t.id);
  out += ", \"created\": \"";
  core::AppendRfc3339(out, t.created, core::Seconds{0});
  out += "\"";
  Field(out, "tier", t.tier);
  if (!t.impact.empty()) Field(out, "impact", t.impact);
  if (!t.urgency.empty()) Field(out, "urgency", t.urgency);
  Field(out, "priority", t.priority);
  Field(out, "category", t.category);
  Field(out, "channel", t.channel);
  out += ", \"events\": [";
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    if (i) out += ", ";
    AppendEvent(out, t.events[i]);
  }
  out += "]}\n";
}

}  // namespace esc::app
