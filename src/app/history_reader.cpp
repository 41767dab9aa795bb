#include "app/history_reader.h"

#include <cstring>

#include <fmt/format.h>

#include "app/json_text.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

namespace od = simdjson::ondemand;
using core::Error;
using core::Result;

std::unexpected<Error> Bad(std::string message) {
  return std::unexpected(Error::Invalid(std::move(message)));
}

Result<std::string> ReadText(std::string_view key, od::value value) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return Bad(fmt::format("\"{}\" must be a string", key));
  }
  return std::string(text);
}

Result<core::Instant> ReadInstant(std::string_view key, od::value value) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return Bad(fmt::format("\"{}\" must be a string such as \"2026-03-06T16:30:00Z\"", key));
  }
  auto parsed = core::ParseDateTime(text);
  if (!parsed) return Bad(fmt::format("\"{}\": {}", key, parsed.error().message));
  if (!parsed->utc_offset) {
    return Bad(fmt::format("\"{}\": \"{}\" needs an offset (Z or +HH:MM)", key, text));
  }
  return core::ToInstant(*parsed);
}

// One event; error messages name the field within the event (the caller adds which).
Result<core::HistoryEvent> ReadEvent(od::value value) {
  od::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return Bad("must be an object");
  }
  core::HistoryEvent e;
  bool has_at = false;
  std::optional<std::string> type, status;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return Bad("malformed key");
    od::value v = field.value();
    if (key == "at") {
      auto at = ReadInstant(key, v);
      if (!at) return std::unexpected(at.error());
      e.event.at = *at;
      has_at = true;
    } else if (key == "type") {
      auto text = ReadText(key, v);
      if (!text) return std::unexpected(text.error());
      type = *text;
    } else if (key == "status") {
      auto text = ReadText(key, v);
      if (!text) return std::unexpected(text.error());
      status = *text;
    } else if (key == "sentiment") {
      double score = 0;
      if (v.get_double().get(score) != simdjson::SUCCESS || score < -1 || score > 1) {
        return Bad(fmt::format("\"{}\" must be a number from -1 to 1", key));
      }
      e.sentiment = score;
    } else if (key == "words") {
      od::array words;
      if (v.get_array().get(words) != simdjson::SUCCESS) {
        return Bad(fmt::format("\"{}\" must be a list of strings", key));
      }
      for (auto word : words) {
        std::string_view text;
        if (word.get_string().get(text) != simdjson::SUCCESS) {
          return Bad(fmt::format("\"{}\" must be a list of strings", key));
        }
        e.words.emplace_back(text);
      }
    } else if (key == "asks_to_escalate") {
      if (v.get_bool().get(e.asks_to_escalate) != simdjson::SUCCESS) {
        return Bad(fmt::format("\"{}\" must be true or false", key));
      }
    } else if (CheckJsonValue(v) != simdjson::SUCCESS) {
      return Bad(fmt::format("malformed JSON in \"{}\"", key));
    }
  }
  if (!has_at) return Bad("needs \"at\"");
  if (!type) return Bad("needs \"type\"");
  if (*type == "agent_reply") {
    e.event.kind = core::TicketEventKind::kAgentReplied;
  } else if (*type == "customer_reply") {
    e.event.kind = core::TicketEventKind::kCustomerReplied;
  } else if (*type == "status") {
    e.event.kind = core::TicketEventKind::kStatusChanged;
    if (!status) return Bad("of type status needs \"status\"");
    auto parsed = core::ParseTicketStatus(*status);
    if (!parsed || *parsed == core::TicketStatus::kNew) {
      return Bad(fmt::format("status \"{}\" is not one of open, waiting_on_customer, "
                             "waiting_on_third_party, resolved, closed, reopened",
                             *status));
    }
    e.event.status = *parsed;
  } else {
    return Bad(fmt::format("type \"{}\" is not one of agent_reply, customer_reply, status",
                           *type));
  }
  return e;
}

// Whether `json` is a complete object followed by more than white space (simdjson reports
// that as an unfinished object; this tells the two apart for the error message).
bool HasTextAfterObject(std::string_view json) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        return json.find_first_not_of(" \t\r\n", i + 1) != std::string_view::npos;
      }
    } else if (depth == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      return false;  // not an object at all
    }
  }
  return false;
}

}  // namespace

Result<core::HistoryTicket> HistoryParser::Parse(std::string_view json) {
  padded_.resize(json.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded_.data(), json.data(), json.size());
  std::memset(padded_.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
  od::document doc;
  if (auto code = parser_.iterate(padded_.data(), json.size(), padded_.size()).get(doc)) {
    return Bad(fmt::format("not JSON: {}", simdjson::error_message(code)));
  }
  od::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) {
    if (HasTextAfterObject(json)) return Bad("unexpected text after the ticket object");
    return Bad("a ticket must be a JSON object");
  }
  core::HistoryTicket t;
  bool has_created = false, has_events = false;
  auto string_field = [&](std::string_view key, od::value v, std::string& into) -> Result<void> {
    auto text = ReadText(key, v);
    if (!text) return std::unexpected(text.error());
    into = std::move(*text);
    return {};
  };
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return Bad("malformed key");
    od::value v = field.value();
    Result<void> ok;
    if (key == "id") {
      ok = string_field(key, v, t.id);
    } else if (key == "created") {
      auto at = ReadInstant(key, v);
      if (!at) return std::unexpected(at.error());
      t.created = *at;
      has_created = true;
    } else if (key == "tier") {
      ok = string_field(key, v, t.tier);
    } else if (key == "impact") {
      ok = string_field(key, v, t.impact);
    } else if (key == "urgency") {
      ok = string_field(key, v, t.urgency);
    } else if (key == "priority") {
      ok = string_field(key, v, t.priority);
    } else if (key == "category") {
      ok = string_field(key, v, t.category);
    } else if (key == "channel") {
      ok = string_field(key, v, t.channel);
    } else if (key == "events") {
      od::array events;
      if (v.get_array().get(events) != simdjson::SUCCESS) return Bad("\"events\" must be a list");
      has_events = true;
      std::size_t index = 0;
      for (auto item : events) {
        od::value event;
        if (item.get(event) != simdjson::SUCCESS) return Bad("\"events\": malformed JSON");
        auto parsed = ReadEvent(event);
        if (!parsed) return Bad(fmt::format("events[{}]: {}", index, parsed.error().message));
        ++index;
        t.events.push_back(std::move(*parsed));
      }
    } else if (CheckJsonValue(v) != simdjson::SUCCESS) {
      return Bad(fmt::format("malformed JSON in \"{}\"", key));
    }
    if (!ok) return std::unexpected(ok.error());
  }
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return Bad("unexpected text after the ticket object");
  }
  const std::pair<std::string_view, bool> required[] = {
      {"id", !t.id.empty()},         {"created", has_created},       {"tier", !t.tier.empty()},
      {"priority", !t.priority.empty()}, {"category", !t.category.empty()},
      {"channel", !t.channel.empty()}, {"events", has_events}};
  for (const auto& [key, present] : required) {
    if (!present) return Bad(fmt::format("\"{}\" is required", key));
  }
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const core::Instant before = i == 0 ? t.created : t.events[i - 1].event.at;
    if (t.events[i].event.at < before) {
      return Bad(fmt::format("events[{}] at {} comes before {}: events must be in time order",
                             i, core::FormatRfc3339(t.events[i].event.at, core::Seconds{0}),
                             core::FormatRfc3339(before, core::Seconds{0})));
    }
  }
  return t;
}

Result<std::optional<core::HistoryTicket>> HistoryReader::Next() {
  while (std::getline(in_, text_)) {
    ++line_;
    if (!text_.empty() && text_.back() == '\r') text_.pop_back();
    if (text_.find_first_not_of(" \t") == std::string::npos) continue;
    auto ticket = parser_.Parse(text_);
    if (!ticket) {
      return std::unexpected(
          Error::Invalid(fmt::format("line {}: {}", line_, ticket.error().message)));
    }
    return std::optional<core::HistoryTicket>(std::move(*ticket));
  }
  return std::optional<core::HistoryTicket>();
}

}  // namespace esc::app
