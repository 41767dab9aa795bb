#include "app/service/live_history.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace esc::app {
namespace {

constexpr int kPage = 200;

// A message body's words, as a customer reply's words in a history file.
std::vector<std::string> WordsOf(const std::string& body) {
  std::vector<std::string> words;
  std::istringstream in(body);
  for (std::string word; in >> word;) words.push_back(std::move(word));
  return words;
}

std::string CreatedField(const nlohmann::json& created, const char* field,
                         const std::string& fallback) {
  if (created.is_object() && created.contains(field) && created[field].is_string()) {
    return created[field].get<std::string>();
  }
  return fallback;
}

Result<core::HistoryTicket> HistoryOf(StoreTx& tx, const TicketRecord& t) {
  auto events = tx.Events(t.id);
  if (!events) return std::unexpected(events.error());
  auto messages = tx.Messages(t.id, false);
  if (!messages) return std::unexpected(messages.error());
  core::HistoryTicket h;
  h.id = t.key;
  h.created = t.created_at;
  h.tier = t.tier;
  h.impact = t.impact;
  h.urgency = t.urgency;
  h.channel = t.channel;
  nlohmann::json created;
  for (const auto& e : *events) {
    if (e.kind == "created") {
      created = nlohmann::json::parse(e.data, nullptr, false);
      break;
    }
  }
  // As opened: triggers may have raised the priority since, which is for the policy to do.
  h.priority = CreatedField(created, "priority", t.priority);
  h.category = CreatedField(created, "category", t.category);

  struct Timed {
    Instant at;
    int order;  // messages before status changes at the same instant, each in store order
    core::HistoryEvent event;
  };
  std::vector<Timed> timeline;
  int order = 0;
  for (const auto& m : *messages) {
    if (m.internal || m.at < t.created_at) continue;
    core::HistoryEvent e;
    e.event.at = m.at;
    if (m.from_customer) {
      e.event.kind = core::TicketEventKind::kCustomerReplied;
      e.sentiment = m.sentiment;
      e.words = WordsOf(m.body);
    } else {
      e.event.kind = core::TicketEventKind::kAgentReplied;
    }
    timeline.push_back({m.at, order++, std::move(e)});
  }
  for (const auto& a : *events) {
    if (a.kind != "status_changed" || a.at < t.created_at) continue;
    auto data = nlohmann::json::parse(a.data, nullptr, false);
    if (!data.is_object() || !data.contains("to") || !data["to"].is_string()) continue;
    auto status = core::ParseTicketStatus(data["to"].get<std::string>());
    if (!status) continue;
    core::HistoryEvent e;
    e.event = {a.at, core::TicketEventKind::kStatusChanged, *status};
    timeline.push_back({a.at, order++, std::move(e)});
  }
  std::stable_sort(timeline.begin(), timeline.end(), [](const Timed& a, const Timed& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });
  for (auto& item : timeline) h.events.push_back(std::move(item.event));
  return h;
}

}  // namespace

Result<LiveHistory> ReadLiveHistory(Store& store, Instant from, Instant to,
                                    std::size_t max_tickets) {
  LiveHistory history;
  auto read = store.Read([&](StoreTx& tx) -> Result<void> {
    TicketFilter filter;
    filter.created_from = from;
    filter.created_to = to;
    filter.sort = TicketFilter::Sort::kOldest;
    filter.limit = kPage;
    for (;;) {
      auto page = tx.ListTickets(filter);
      if (!page) return std::unexpected(page.error());
      for (const auto& t : *page) {
        if (history.tickets.size() == max_tickets) {
          history.truncated = true;
          return {};
        }
        if (t.merged_into) continue;  // its story goes on in the ticket it was merged into
        auto h = HistoryOf(tx, t);
        if (!h) return std::unexpected(h.error());
        history.tickets.push_back(std::move(*h));
      }
      if (page->size() < static_cast<std::size_t>(kPage)) return {};
      filter.after_id = page->back().id;
    }
  });
  if (!read) return std::unexpected(read.error());
  // Ids grow with creation; instants can tie. The simulator wants creation order.
  std::stable_sort(history.tickets.begin(), history.tickets.end(),
                   [](const auto& a, const auto& b) { return a.created < b.created; });
  return history;
}

}  // namespace esc::app
