// Opening, reading, listing and editing tickets, the conversation and the status
// workflow, and the scheduler's re-evaluation (escalation, resolution and links live in
// escalation_use_cases.cpp and resolution_use_cases.cpp).
#include "app/service/ticket_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "app/service/input_checks.h"
#include "core/engine/escalation_target.h"
#include "core/text/sentiment.h"

namespace esc::app {
namespace {

using nlohmann::json;
using core::TicketStatus;

std::vector<std::string> CategoryIds(const core::Policy& policy) {
  std::vector<std::string> ids;
  for (const auto& category : policy.categories) ids.push_back(category.id);
  return ids;
}

void AddCustomerWords(TicketRecord& ticket, std::string_view text) {
  std::vector<std::string> known = Words(ticket.customer_words);
  for (auto& word : Words(text)) {
    if (known.size() >= 2000) break;  // enough for keyword triggers; bounded row size
    if (std::find(known.begin(), known.end(), word) == known.end()) known.push_back(word);
  }
  std::string joined;
  for (const auto& word : known) joined += joined.empty() ? word : " " + word;
  ticket.customer_words = std::move(joined);
}

Result<std::string> DerivePriority(const core::Policy& policy, const std::string& impact,
                                   const std::string& urgency) {
  if (auto ok = CheckOneOf("impact", impact, policy.priorities.impacts); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = CheckOneOf("urgency", urgency, policy.priorities.urgencies); !ok) {
    return std::unexpected(ok.error());
  }
  auto priority = policy.priorities.Derive(impact, urgency);
  if (!priority) return std::unexpected(core::Error::Invalid(priority.error().message, "impact"));
  return priority;
}

}  // namespace

Result<TicketRecord> TicketService::Find(StoreTx& tx, const Actor& actor, Id id) {
  auto found = tx.FindTicket(id);
  if (!found) return std::unexpected(found.error());
  if (!*found || !MaySee(actor, **found)) {
    return std::unexpected(core::Error::NotFound(fmt::format("no ticket {}", id), "id"));
  }
  return std::move(**found);
}

Result<TicketRecord> TicketService::Change(const Actor& actor, Id id,
                                           const std::function<Result<void>(TicketChange&)>& edit) {
  TicketRecord result;
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto ticket = Find(tx, actor, id);
    if (!ticket) return std::unexpected(ticket.error());
    auto change = TicketChange::Begin(context_, tx, std::move(*ticket), actor);
    if (!change) return std::unexpected(change.error());
    if (auto ok = edit(*change); !ok) return ok;
    if (auto ok = change->Save(); !ok) return ok;
    result = change->ticket();
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return result;
}

Result<TicketService::CheckedTicket> TicketService::Check(const Actor& actor,
                                                           const NewTicket& input) {
  auto policy = context_.policies.Current();
  if (auto ok = CheckLength("subject", input.subject, 1, 200); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckLength("description", input.description, 0, 65536); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = CheckOneOf("category", input.category, CategoryIds(*policy)); !ok) {
    return std::unexpected(ok.error());
  }
  auto priority = DerivePriority(*policy, input.impact, input.urgency);
  if (!priority) return std::unexpected(priority.error());
  if (auto ok = CheckLength("channel", input.channel, 1, 40); !ok) return std::unexpected(ok.error());
  if (input.channel.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789:_.-") !=
      std::string::npos) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("channel \"{}\" may contain lower-case letters, digits and : _ . - only "
                    "(api, email, web, chat:<source>, phone, ...)",
                    input.channel),
        "channel"));
  }
  if (auto ok = CheckLength("idempotency_key", input.idempotency_key, 0, 200); !ok) {
    return std::unexpected(ok.error());
  }
  CheckedTicket checked{0, *priority};
  if (actor.customer()) {
    if (input.customer_id && input.customer_id != actor.customer_id) {
      return std::unexpected(core::Error::Forbidden(
          "customers open tickets for their own organisation only", "customer_id"));
    }
    checked.customer_id = actor.customer_id.value_or(0);
  } else {
    if (!input.customer_id) {
      return std::unexpected(core::Error::Invalid("customer_id is required", "customer_id"));
    }
    checked.customer_id = *input.customer_id;
  }
  return checked;
}

Result<TicketView> TicketService::Create(const Actor& actor, const NewTicket& input) {
  auto checked = Check(actor, input);
  if (!checked) return std::unexpected(checked.error());
  TicketView view;
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto created = Insert(tx, actor, input, *checked);
    if (!created) return std::unexpected(created.error());
    view = std::move(*created);
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return view;
}

Result<TicketView> TicketService::CreateIn(StoreTx& tx, const Actor& actor,
                                           const NewTicket& input) {
  auto checked = Check(actor, input);
  if (!checked) return std::unexpected(checked.error());
  return Insert(tx, actor, input, *checked);
}

Result<TicketView> TicketService::Insert(StoreTx& tx, const Actor& actor, const NewTicket& input,
                                         const CheckedTicket& checked) {
  auto policy = context_.policies.Current();
  TicketView view;
  if (!input.idempotency_key.empty()) {
    auto earlier = tx.FindByIdempotencyKey(actor.user_id, input.idempotency_key);
    if (!earlier) return std::unexpected(earlier.error());
    if (*earlier) {
      view.ticket = std::move(**earlier);
      view.created = false;
      return view;
    }
  }
  const Id customer_id = checked.customer_id;
  auto customer = tx.FindCustomer(customer_id);
  if (!customer) return std::unexpected(customer.error());
  if (!*customer) {
    return std::unexpected(
        core::Error::NotFound(fmt::format("no customer {}", customer_id), "customer_id"));
  }
  TicketRecord ticket;
  ticket.customer_id = customer_id;
  ticket.requester_id = actor.user_id;
  ticket.subject = input.subject;
  ticket.description = input.description;
  ticket.category = input.category;
  ticket.impact = input.impact;
  ticket.urgency = input.urgency;
  ticket.priority = checked.priority;
  ticket.channel = input.channel;
  ticket.tier = (*customer)->tier;
  ticket.idempotency_key = input.idempotency_key;
  ticket.status = TicketStatus::kNew;
  auto change = TicketChange::Begin(context_, tx, std::move(ticket), actor);
  if (!change) return std::unexpected(change.error());
  TicketRecord& t = change->ticket();
  t.created_at = change->now();
  t.last_update = change->now();
  t.team_since = change->now();
  if (actor.customer()) {
    AddCustomerWords(t, t.subject + " " + t.description);
    t.sentiment = core::SentimentScore(t.subject + "\n" + t.description);
  }
  change->Event("created", {{"subject", t.subject},
                            {"category", t.category},
                            {"impact", t.impact},
                            {"urgency", t.urgency},
                            {"priority", t.priority},
                            {"channel", t.channel},
                            {"customer_id", t.customer_id}});
  const std::string team = core::EntryTeam(*policy, t.category);
  if (!team.empty()) {
    if (auto ok = change->MoveTo(team, "", "", "", actor.username); !ok) {
      return std::unexpected(ok.error());
    }
    t.team_since = change->now();
  } else {
    t.unassigned_since = change->now();
  }
  if (auto ok = change->Save(); !ok) return std::unexpected(ok.error());
  view.ticket = change->ticket();
  return view;
}

Result<TicketRecord> TicketService::Get(const Actor& actor, Id id,
                                        std::vector<SlaTargetClock>* clocks) {
  TicketRecord result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto ticket = Find(tx, actor, id);
    if (!ticket) return std::unexpected(ticket.error());
    result = std::move(*ticket);
    if (!clocks || !actor.staff()) return {};
    auto events = tx.Events(result.id);
    if (!events) return std::unexpected(events.error());
    auto fired = tx.Fired(result.id);
    if (!fired) return std::unexpected(fired.error());
    auto computed = ComputeSlaTargets(*context_.policies.Current(),
                                      BuildFacts(result, *events, *fired), context_.clock.Now());
    // A clock the policy can no longer replay (a calendar it dropped) shows none.
    if (computed) *clocks = std::move(*computed);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<std::vector<TicketRecord>> TicketService::List(const Actor& actor, TicketFilter filter,
                                                      ListTotal* total) {
  if (actor.customer()) filter.customer_id = actor.customer_id.value_or(-1);
  std::vector<TicketRecord> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto tickets = tx.ListTickets(filter);
    if (!tickets) return std::unexpected(tickets.error());
    result = std::move(*tickets);
    if (total) {
      auto count = tx.CountTickets(filter, kMaxCounted + 1);
      if (!count) return std::unexpected(count.error());
      total->capped = *count > kMaxCounted;
      total->count = std::min(*count, kMaxCounted);
    }
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<TicketRecord> TicketService::Edit(const Actor& actor, Id id, const TicketEdit& edit) {
  if (!actor.staff()) {
    return std::unexpected(core::Error::Forbidden("customers cannot edit tickets; reply instead"));
  }
  auto policy = context_.policies.Current();
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    TicketRecord& t = change.ticket();
    if (t.version != edit.expected_version) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("ticket {} is at version {}, not {}: reload it and apply the edit again",
                      t.key, t.version, edit.expected_version),
          "version"));
    }
    auto field = [&](const char* name, std::string& slot, const std::string& value) {
      if (slot == value) return;
      change.Event("field_changed", {{"field", name}, {"from", slot}, {"to", value}});
      slot = value;
    };
    if (edit.subject) {
      if (auto ok = CheckLength("subject", *edit.subject, 1, 200); !ok) return ok;
      field("subject", t.subject, *edit.subject);
    }
    if (edit.description) {
      if (auto ok = CheckLength("description", *edit.description, 0, 65536); !ok) return ok;
      field("description", t.description, *edit.description);
    }
    if (edit.category) {
      if (auto ok = CheckOneOf("category", *edit.category, CategoryIds(*policy)); !ok) return ok;
      field("category", t.category, *edit.category);
    }
    if (edit.impact || edit.urgency) {
      const std::string impact = edit.impact.value_or(t.impact);
      const std::string urgency = edit.urgency.value_or(t.urgency);
      auto priority = DerivePriority(*policy, impact, urgency);
      if (!priority) return std::unexpected(priority.error());
      field("impact", t.impact, impact);
      field("urgency", t.urgency, urgency);
      field("priority", t.priority, *priority);
    }
    if (edit.assignee && *edit.assignee != t.assignee) {
      const core::Team* team = policy->FindTeam(t.team);
      const bool member = edit.assignee->empty() ||
                          (team && std::find(team->members.begin(), team->members.end(),
                                             *edit.assignee) != team->members.end());
      if (!member) {
        return std::unexpected(core::Error::Invalid(
            fmt::format("\"{}\" is not a member of team \"{}\"", *edit.assignee, t.team),
            "assignee"));
      }
      context_.routing.Release(t.assignee);
      field("assignee", t.assignee, *edit.assignee);
      t.unassigned_since = t.assignee.empty() ? std::optional<Instant>(change.now()) : std::nullopt;
    }
    if (edit.tags) {
      for (const auto& tag : *edit.tags) {
        if (auto ok = CheckLength("tags", tag, 1, 60); !ok) return ok;
      }
      if (*edit.tags != t.tags) {
        change.Event("field_changed", {{"field", "tags"}, {"from", t.tags}, {"to", *edit.tags}});
        t.tags = *edit.tags;
      }
    }
    return {};
  });
}

Result<MessageRecord> TicketService::AddMessage(const Actor& actor, Id id, const std::string& body,
                                                bool internal) {
  MessageRecord message;
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto added = AddMessageIn(tx, actor, id, Reply{body, internal, "api", false});
    if (!added) return std::unexpected(added.error());
    message = std::move(*added);
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return message;
}

Result<MessageRecord> TicketService::AddMessageIn(StoreTx& tx, const Actor& actor, Id id,
                                                  const Reply& reply) {
  if (auto ok = CheckLength("body", reply.body, 1, 65536); !ok) return std::unexpected(ok.error());
  if (reply.internal && !actor.staff()) {
    return std::unexpected(
        core::Error::Forbidden("customers cannot write internal notes", "internal"));
  }
  MessageRecord message;
  auto ticket = Find(tx, actor, id);
  if (!ticket) return std::unexpected(ticket.error());
  auto change = TicketChange::Begin(context_, tx, std::move(*ticket), actor);
  if (!change) return std::unexpected(change.error());
  TicketRecord& t = change->ticket();
  if (t.merged_into) {
    return std::unexpected(core::Error::Conflict(
        fmt::format("{} was merged into ESC-{}: write there", t.key, *t.merged_into)));
  }
  message.ticket_id = t.id;
  message.at = change->now();
  message.author = actor.username;
  message.from_customer = actor.customer();
  message.internal = reply.internal;
  message.body = reply.body;
  message.channel = reply.channel;
  if (actor.customer() && !reply.internal) message.sentiment = core::SentimentScore(reply.body);
  auto message_id = tx.InsertMessage(message);
  if (!message_id) return std::unexpected(message_id.error());
  message.id = *message_id;
  if (reply.internal) {
    change->Event("note_added", {{"message_id", message.id}}, true);
  } else if (actor.customer()) {
    // The customer's answer on a resolved case reopens it when the channel has no other
    // way to say so (mail); the workflow lets customers reopen a resolved ticket.
    if (reply.reopen_resolved && t.status == TicketStatus::kResolved) {
      change->SetStatus(TicketStatus::kReopened);
    }
    change->Event("customer_replied", {{"message_id", message.id}, {"channel", reply.channel}});
    ++t.customer_replies;
    AddCustomerWords(t, reply.body);
    t.sentiment = message.sentiment;
    // A customer's answer ends the wait on them; a closed case needs reopening.
    if (t.status == TicketStatus::kWaitingOnCustomer) change->SetStatus(TicketStatus::kOpen);
  } else {
    change->Event("replied", {{"message_id", message.id}});
    t.last_update = change->now();
    if (t.status == TicketStatus::kNew) change->SetStatus(TicketStatus::kOpen);
  }
  if (auto ok = change->Save(); !ok) return std::unexpected(ok.error());
  return message;
}

Result<std::vector<MessageRecord>> TicketService::Messages(const Actor& actor, Id id) {
  std::vector<MessageRecord> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto ticket = Find(tx, actor, id);
    if (!ticket) return std::unexpected(ticket.error());
    auto messages = tx.Messages(id, actor.staff());
    if (!messages) return std::unexpected(messages.error());
    result = std::move(*messages);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<TicketRecord> TicketService::ChangeStatus(const Actor& actor, Id id, const std::string& text,
                                                 std::optional<std::int64_t> expected_version) {
  auto status = core::ParseTicketStatus(text);
  if (!status) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("status \"{}\" is not known; expected one of: open, waiting_on_customer, "
                    "waiting_on_third_party, closed, reopened",
                    text),
        "status"));
  }
  return Change(actor, id, [&](TicketChange& change) -> Result<void> {
    TicketRecord& t = change.ticket();
    if (expected_version && *expected_version != t.version) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("ticket {} is at version {}, not {}", t.key, t.version, *expected_version),
          "version"));
    }
    const TicketStatus from = t.status, to = *status;
    auto refuse = [&](std::string why) {
      return std::unexpected(core::Error::Conflict(
          fmt::format("{} cannot go from {} to {}: {}", t.key, core::ToString(from),
                      core::ToString(to), why),
          "status"));
    };
    if (from == to) return {};
    if (t.merged_into) return refuse("it was merged into another ticket");
    if (actor.customer()) {
      if (to != TicketStatus::kReopened || from != TicketStatus::kResolved) {
        return std::unexpected(core::Error::Forbidden(
            "customers may only reopen a resolved ticket", "status"));
      }
      change.SetStatus(to);
      return {};
    }
    switch (to) {
      case TicketStatus::kNew:
        return refuse("a ticket never becomes new again");
      case TicketStatus::kResolved:
        return refuse("use POST /tickets/{id}/resolve, which records the root cause");
      case TicketStatus::kOpen:
      case TicketStatus::kWaitingOnCustomer:
      case TicketStatus::kWaitingOnThirdParty:
        if (core::IsClosed(from)) return refuse("reopen it first");
        break;
      case TicketStatus::kClosed:
        if (from != TicketStatus::kResolved) return refuse("only a resolved ticket closes");
        if (t.signoff_required && t.signoff_state != "approved") {
          return refuse("the policy asks for management sign-off before closing");
        }
        break;
      case TicketStatus::kReopened:
        if (!core::IsClosed(from)) return refuse("only a resolved or closed ticket reopens");
        break;
    }
    change.SetStatus(to);
    return {};
  });
}

Result<std::vector<AuditEvent>> TicketService::AuditTrail(const Actor& actor, Id id) {
  if (!actor.staff()) {
    return std::unexpected(core::Error::Forbidden("the audit trail is for staff"));
  }
  std::vector<AuditEvent> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto ticket = Find(tx, actor, id);
    if (!ticket) return std::unexpected(ticket.error());
    auto events = tx.Events(id);
    if (!events) return std::unexpected(events.error());
    result = std::move(*events);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<std::vector<OutboxRecord>> TicketService::Notifications(const Actor& actor, Id id) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("notifications are for staff"));
  std::vector<OutboxRecord> result;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto ticket = Find(tx, actor, id);
    if (!ticket) return std::unexpected(ticket.error());
    auto rows = tx.Outbox(id, "", 1000);
    if (!rows) return std::unexpected(rows.error());
    result = std::move(*rows);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return result;
}

Result<void> TicketService::Reevaluate(const std::vector<Id>& ids) {
  std::vector<std::function<Result<void>(StoreTx&)>> works;
  const Actor system = Actor::System();
  for (Id id : ids) {
    works.push_back([this, id, system](StoreTx& tx) -> Result<void> {
      auto ticket = tx.FindTicket(id);
      if (!ticket) return std::unexpected(ticket.error());
      if (!*ticket) return {};
      auto change = TicketChange::Begin(context_, tx, std::move(**ticket), system);
      if (!change) return std::unexpected(change.error());
      return change->Save();
    });
  }
  for (auto& result : context_.store.WriteAll(works)) {
    if (!result) return result;
  }
  return {};
}

}  // namespace esc::app
