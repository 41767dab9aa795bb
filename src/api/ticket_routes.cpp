// /api/v1/tickets and everything under it: open, list, read, edit, converse, status,
// escalate, acknowledge, resolve, sign off, feedback, links, merge, audit trail.
#include <fmt/format.h>

#include <charconv>

#include "api/api.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "api/query_params.h"
#include "api/ticket_filter_query.h"
#include "api/try.h"

namespace esc::api {
namespace {

using nlohmann::json;
using core::Result;

// A ticket's JSON with its version as the ETag.
http::Response TicketResponse(int status, const json& body, std::int64_t version) {
  auto response = JsonResponse(status, body);
  response.headers.emplace_back("ETag", fmt::format("\"{}\"", version));
  return response;
}

http::Response TicketResponse(int status, const app::TicketRecord& t, const app::Actor& actor) {
  return TicketResponse(status, TicketJson(t, actor.customer()), t.version);
}

// The version a change expects: the body's "version", else an If-Match header ("3" or 3).
Result<std::optional<std::int64_t>> ExpectedVersion(const http::Request& request,
                                                    std::optional<std::int64_t> from_body) {
  if (from_body) return from_body;
  std::string_view match = request.Header("if-match");
  if (match.empty()) return std::nullopt;
  if (match.size() >= 2 && match.front() == '"' && match.back() == '"') {
    match = match.substr(1, match.size() - 2);
  }
  std::int64_t version = 0;
  auto [end, ec] = std::from_chars(match.data(), match.data() + match.size(), version);
  if (ec != std::errc() || end != match.data() + match.size()) {
    return std::unexpected(core::Error::Invalid("If-Match must be a ticket version like \"3\"", "if-match"));
  }
  return version;
}

}  // namespace

Result<app::TicketFilter> TicketFilterFrom(const http::Request& r) {
  ESC_RETURN_IF_ERROR(CheckQueryNames(r, {"status", "team", "level", "priority", "category",
                                          "customer_id", "assignee", "channel", "breached",
                                          "at_risk", "open", "signoff", "escalated",
                                          "due_from", "due_before", "q", "sort", "limit",
                                          "offset"}));
  app::TicketFilter f;
  if (auto status = r.Query("status")) {
    std::string_view rest = *status;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto name = rest.substr(0, comma);
      auto parsed = core::ParseTicketStatus(name);
      if (!parsed) {
        return std::unexpected(core::Error::Invalid(
            fmt::format("status \"{}\" is not known", name), "status"));
      }
      f.statuses.push_back(*parsed);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  auto text = [&](const char* name, std::optional<std::string>& slot) {
    if (auto v = r.Query(name)) slot = std::string(*v);
  };
  text("team", f.team);
  text("level", f.level);
  text("priority", f.priority);
  text("category", f.category);
  text("channel", f.channel);
  text("assignee", f.assignee);
  if (auto q = r.Query("q")) {
    if (q->size() > 200) return std::unexpected(core::Error::Invalid("q has more than 200 characters", "q"));
    f.text = std::string(*q);
  }
  ESC_ASSIGN_OR_RETURN(auto customer, QueryInteger(r, "customer_id", 1, INT64_MAX));
  if (customer) f.customer_id = *customer;
  ESC_ASSIGN_OR_RETURN(auto breached, QueryBool(r, "breached"));
  f.breached = breached;
  ESC_ASSIGN_OR_RETURN(auto at_risk, QueryBool(r, "at_risk"));
  f.at_risk = at_risk.value_or(false);
  ESC_ASSIGN_OR_RETURN(auto open, QueryBool(r, "open"));
  f.open_only = open.value_or(false);
  if (auto signoff = r.Query("signoff")) {
    if (*signoff != "pending" && *signoff != "approved" && *signoff != "rejected") {
      return std::unexpected(core::Error::Invalid(
          fmt::format("signoff \"{}\" is not known: pending, approved or rejected", *signoff),
          "signoff"));
    }
    f.signoff_state = std::string(*signoff);
  }
  ESC_ASSIGN_OR_RETURN(auto escalated, QueryBool(r, "escalated"));
  f.escalated_only = escalated.value_or(false);
  ESC_ASSIGN_OR_RETURN(f.due_from, QueryInstant(r, "due_from", false));
  ESC_ASSIGN_OR_RETURN(f.due_before, QueryInstant(r, "due_before", false));
  if (auto sort = r.Query("sort")) {
    if (*sort == "deadline") {
      f.sort = app::TicketFilter::Sort::kDeadline;
    } else if (*sort == "newest") {
      f.sort = app::TicketFilter::Sort::kNewest;
    } else if (*sort == "oldest") {
      f.sort = app::TicketFilter::Sort::kOldest;
    } else if (*sort == "updated") {
      f.sort = app::TicketFilter::Sort::kUpdated;
    } else {
      return std::unexpected(core::Error::Invalid(
          "sort must be deadline, newest, oldest or updated", "sort"));
    }
  }
  ESC_ASSIGN_OR_RETURN(auto page, QueryPage(r));
  f.limit = page.limit;
  f.offset = page.offset;
  return f;
}

void AddTicketRoutes(Routes& routes, ApiServices& s) {
  auto& tickets = s.tickets;

  routes.Add("POST", "/api/v1/tickets", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    app::NewTicket input;
    ESC_ASSIGN_OR_RETURN(auto subject, body.String("subject", true));
    ESC_ASSIGN_OR_RETURN(auto description, body.String("description"));
    ESC_ASSIGN_OR_RETURN(auto category, body.String("category", true));
    ESC_ASSIGN_OR_RETURN(auto impact, body.String("impact", true));
    ESC_ASSIGN_OR_RETURN(auto urgency, body.String("urgency", true));
    ESC_ASSIGN_OR_RETURN(auto customer, body.Integer("customer_id"));
    ESC_ASSIGN_OR_RETURN(auto channel, body.String("channel"));
    ESC_RETURN_IF_ERROR(body.Finish());
    input.subject = *subject;
    input.description = description.value_or("");
    input.category = *category;
    input.impact = *impact;
    input.urgency = *urgency;
    input.customer_id = customer;
    if (channel) input.channel = *channel;
    input.idempotency_key = std::string(c.request.Header("idempotency-key"));
    ESC_ASSIGN_OR_RETURN(auto view, tickets.Create(c.actor(), input));
    auto response = TicketResponse(view.created ? 201 : 200, view.ticket, c.actor());
    response.headers.emplace_back("Location", fmt::format("/api/v1/tickets/{}", view.ticket.id));
    return response;
  });

  routes.Add("GET", "/api/v1/tickets", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto filter, TicketFilterFrom(c.request));
    app::ListTotal total;
    ESC_ASSIGN_OR_RETURN(auto list, tickets.List(c.actor(), filter, &total));
    json items = json::array();
    for (const auto& t : list) items.push_back(TicketJson(t, c.actor().customer()));
    return JsonResponse(200, {{"items", std::move(items)},
                              {"total", total.count},
                              {"total_capped", total.capped},
                              {"limit", filter.limit},
                              {"offset", filter.offset}});
  });

  routes.Add("GET", "/api/v1/tickets/{id}", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    std::vector<app::SlaTargetClock> clocks;
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.Get(c.actor(), id, &clocks));
    if (c.actor().customer()) return TicketResponse(200, ticket, c.actor());
    json body = TicketJson(ticket, false);
    json targets = json::array();
    for (const auto& clock : clocks) {
      targets.push_back({{"target", clock.target},
                         {"state", clock.state},
                         {"stopped", clock.stopped},
                         {"due", Time(clock.due)},
                         {"percent_used", clock.percent_used},
                         {"cycle", clock.cycle},
                         {"breaches", clock.breaches}});
    }
    body["sla"]["targets"] = std::move(targets);
    return TicketResponse(200, body, ticket.version);
  });

  routes.Add("PATCH", "/api/v1/tickets/{id}", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    app::TicketEdit edit;
    ESC_ASSIGN_OR_RETURN(auto version, body.Integer("version"));
    ESC_ASSIGN_OR_RETURN(edit.subject, body.String("subject"));
    ESC_ASSIGN_OR_RETURN(edit.description, body.String("description"));
    ESC_ASSIGN_OR_RETURN(edit.category, body.String("category"));
    ESC_ASSIGN_OR_RETURN(edit.impact, body.String("impact"));
    ESC_ASSIGN_OR_RETURN(edit.urgency, body.String("urgency"));
    ESC_ASSIGN_OR_RETURN(edit.assignee, body.String("assignee"));
    ESC_ASSIGN_OR_RETURN(edit.tags, body.Strings("tags"));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto expected, ExpectedVersion(c.request, version));
    if (!expected) {
      return std::unexpected(core::Error::Invalid(
          "an edit needs the version it was made on: \"version\" in the body or If-Match",
          "version"));
    }
    edit.expected_version = *expected;
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.Edit(c.actor(), id, edit));
    return TicketResponse(200, ticket, c.actor());
  });

  routes.Add("GET", "/api/v1/tickets/{id}/messages", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto messages, tickets.Messages(c.actor(), id));
    json items = json::array();
    for (const auto& m : messages) {
      items.push_back(MessageJson(m));
      if (c.actor().customer()) items.back().erase("sentiment");  // a signal for staff
    }
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("POST", "/api/v1/tickets/{id}/messages", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto text, body.String("body", true));
    ESC_ASSIGN_OR_RETURN(auto internal, body.Bool("internal"));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto message, tickets.AddMessage(c.actor(), id, *text, internal.value_or(false)));
    json out = MessageJson(message);
    if (c.actor().customer()) out.erase("sentiment");
    return JsonResponse(201, out);
  });

  routes.Add("POST", "/api/v1/tickets/{id}/status", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto status, body.String("status", true));
    ESC_ASSIGN_OR_RETURN(auto version, body.Integer("version"));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto expected, ExpectedVersion(c.request, version));
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.ChangeStatus(c.actor(), id, *status, expected));
    return TicketResponse(200, ticket, c.actor());
  });

  auto escalation = [&](bool down) {
    return [&tickets, down](Call& c) -> Result<http::Response> {
      ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
      ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
      ESC_ASSIGN_OR_RETURN(auto to, body.String("to", !down));
      ESC_ASSIGN_OR_RETURN(auto reason, body.String("reason", true));
      ESC_RETURN_IF_ERROR(body.Finish());
      app::EscalationRequest request{to.value_or(""), *reason};
      ESC_ASSIGN_OR_RETURN(auto ticket, down ? tickets.Deescalate(c.actor(), id, request)
                                             : tickets.Escalate(c.actor(), id, request));
      // 202: accepted, but waiting in the queue of a policy limit (queued_escalation).
      const bool queued = !down && ticket.queued_escalation.has_value();
      return TicketResponse(queued ? 202 : 200, ticket, c.actor());
    };
  };
  routes.Add("POST", "/api/v1/tickets/{id}/escalate", escalation(false));
  routes.Add("POST", "/api/v1/tickets/{id}/deescalate", escalation(true));

  routes.Add("GET", "/api/v1/tickets/{id}/escalation-preview", [&](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"to"}));
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    const auto to = c.request.Query("to");
    if (!to || to->empty()) {
      return std::unexpected(core::Error::Invalid(
          "to is required: next_level, a team id or a level id", "to"));
    }
    ESC_ASSIGN_OR_RETURN(auto p, tickets.PreviewEscalation(c.actor(), id, std::string(*to)));
    auto text = [](const std::string& value) { return value.empty() ? json() : json(value); };
    return JsonResponse(
        200, {{"allowed", p.allowed},
              {"refusal", p.refusal ? ErrorJsonFor(*p.refusal) : json()},
              {"acting_level", text(p.acting_level)},
              {"type", text(p.type)},
              {"from", {{"team", p.from_team}, {"level", p.from_level}}},
              {"to", p.to_team.empty() ? json() : json{{"team", p.to_team}, {"level", p.to_level}}},
              {"receivers",
               {{"members", p.members},
                {"lead", text(p.lead)},
                {"manager", text(p.manager)},
                {"on_call", text(p.on_call)}}},
              {"limit", p.limit_effect.empty()
                            ? json()
                            : json{{"effect", p.limit_effect}, {"limit", p.limit}}}});
  });

  routes.Add("POST", "/api/v1/tickets/{id}/acknowledge", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.Acknowledge(c.actor(), id));
    return TicketResponse(200, ticket, c.actor());
  });

  routes.Add("POST", "/api/v1/tickets/{id}/escalation-request", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto reason, body.String("reason", true));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.RequestEscalation(c.actor(), id, *reason));
    return TicketResponse(200, ticket, c.actor());
  });

  routes.Add("GET", "/api/v1/tickets/{id}/escalations", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto rows, tickets.Escalations(c.actor(), id));
    json items = json::array();
    for (const auto& e : rows) {
      json item = EscalationJson(e);
      if (c.actor().customer()) item = {{"at", item["at"]}, {"type", item["type"]}};
      items.push_back(std::move(item));
    }
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("POST", "/api/v1/tickets/{id}/resolve", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto category, body.String("root_cause_category"));
    ESC_ASSIGN_OR_RETURN(auto cause, body.String("root_cause"));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.Resolve(c.actor(), id,
                                                      {category.value_or(""), cause.value_or("")}));
    return TicketResponse(200, ticket, c.actor());
  });

  routes.Add("POST", "/api/v1/tickets/{id}/signoff", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto decision, body.String("decision", true));
    ESC_ASSIGN_OR_RETURN(auto comment, body.String("comment"));
    ESC_RETURN_IF_ERROR(body.Finish());
    if (*decision != "approve" && *decision != "reject") {
      return std::unexpected(core::Error::Invalid("decision must be approve or reject", "decision"));
    }
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.SignOff(c.actor(), id, *decision == "approve",
                                                      comment.value_or("")));
    return TicketResponse(200, ticket, c.actor());
  });

  routes.Add("POST", "/api/v1/tickets/{id}/feedback", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto rating, body.Integer("rating", true));
    ESC_ASSIGN_OR_RETURN(auto comment, body.String("comment"));
    ESC_RETURN_IF_ERROR(body.Finish());
    if (*rating < 1 || *rating > 5) {
      return std::unexpected(core::Error::Invalid(
          fmt::format("rating {} is not between 1 and 5", *rating), "rating"));
    }
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.Feedback(c.actor(), id, static_cast<int>(*rating),
                                                       comment.value_or("")));
    return TicketResponse(200, ticket, c.actor());
  });

  routes.Add("GET", "/api/v1/tickets/{id}/links", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto links, tickets.Links(c.actor(), id));
    json items = json::array();
    for (const auto& l : links) items.push_back(LinkJson(l));
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("POST", "/api/v1/tickets/{id}/links", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    app::LinkRecord link;
    ESC_ASSIGN_OR_RETURN(auto kind, body.String("kind", true));
    ESC_ASSIGN_OR_RETURN(auto title, body.String("title"));
    ESC_ASSIGN_OR_RETURN(auto url, body.String("url"));
    ESC_ASSIGN_OR_RETURN(auto other, body.TicketRef("ticket_id"));
    ESC_RETURN_IF_ERROR(body.Finish());
    link.kind = *kind;
    link.title = title.value_or("");
    link.url = url.value_or("");
    link.other_ticket = other;
    ESC_ASSIGN_OR_RETURN(auto created, tickets.AddLink(c.actor(), id, link));
    return JsonResponse(201, LinkJson(created));
  });

  routes.Add("POST", "/api/v1/tickets/{id}/merge", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto into, body.TicketRef("into", true));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto ticket, tickets.Merge(c.actor(), id, *into));
    return TicketResponse(200, ticket, c.actor());
  });

  routes.Add("GET", "/api/v1/tickets/{id}/events", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto events, tickets.AuditTrail(c.actor(), id));
    json items = json::array();
    for (const auto& e : events) items.push_back(EventJson(e));
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("GET", "/api/v1/tickets/{id}/notifications", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto rows, tickets.Notifications(c.actor(), id));
    json items = json::array();
    for (const auto& o : rows) items.push_back(OutboxJson(o));
    return JsonResponse(200, {{"items", std::move(items)}});
  });
}

}  // namespace esc::api
