// /api/v1/dashboard (the live escalation dashboard, staff) and /api/v1/views (each
// user's saved ticket-list queries, checked with the list's own parser).
#include <fmt/format.h>

#include "api/api.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "api/query_params.h"
#include "api/ticket_filter_query.h"
#include "api/try.h"
#include "app/service/dashboard_service.h"
#include "app/service/saved_views.h"
#include "core/rfc3339.h"
#include "http/request_target.h"

namespace esc::api {
namespace {

using nlohmann::json;
using core::Result;

constexpr std::size_t kMaxViewQuery = 2000;  // characters of a saved query string

Result<std::optional<app::Instant>> SinceFrom(const http::Request& r) {
  ESC_RETURN_IF_ERROR(CheckQueryNames(r, {"since"}));
  auto text = r.Query("since");
  if (!text) return std::nullopt;
  auto parsed = core::ParseDateTime(*text);
  if (!parsed || !parsed->utc_offset) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("since must be an RFC 3339 instant with an offset "
                    "(2026-11-01T00:00:00+01:00), not \"{}\"",
                    *text),
        "since"));
  }
  return core::ToInstant(*parsed);
}

json ListJson(const app::DashboardList& list) {
  json tickets = json::array();
  for (const auto& t : list.tickets) tickets.push_back(TicketJson(t, false));
  return {{"count", list.count}, {"count_capped", list.capped}, {"tickets", std::move(tickets)}};
}

json DashboardJson(const app::Dashboard& d) {
  json escalations = json::array();
  std::int64_t total = 0;
  for (const auto& row : d.escalations) {
    escalations.push_back({{"level", row.keys[0]}, {"team", row.keys[1]}, {"open", row.count}});
    total += row.count;
  }
  json limits = json::array();
  for (const auto& l : d.limits) {
    limits.push_back({{"scope", l.scope},
                      {"id", l.id},
                      {"open", l.open},
                      {"max", l.max},
                      {"queued", l.queued},
                      {"beyond", l.beyond},
                      {"overloaded", l.overloaded()}});
  }
  return {{"now", Time(d.now)},
          {"since", Time(d.since)},
          {"at_risk_until", Time(d.horizon)},
          {"open_escalations", {{"total", total}, {"by_level_and_team", std::move(escalations)}}},
          {"at_risk", ListJson(d.at_risk)},
          {"breached_today", ListJson(d.breached_today)},
          {"limits", std::move(limits)},
          {"pending_signoffs", ListJson(d.signoffs)}};
}

json ViewJson(const app::SavedViewRecord& v) {
  return {{"id", v.id}, {"name", v.name}, {"query", v.query}, {"created_at", Time(v.created_at)}};
}

// The saved query must be one the ticket list accepts as it is.
Result<void> CheckViewQuery(const std::string& query) {
  if (query.size() > kMaxViewQuery) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("query has more than {} characters", kMaxViewQuery), "query"));
  }
  if (query.starts_with('?') || query.find('#') != std::string::npos) {
    return std::unexpected(core::Error::Invalid(
        "query must be a query string without '?' or '#', like \"status=open&team=frontline\"",
        "query"));
  }
  auto target = http::ParseRequestTarget("/api/v1/tickets?" + query);
  if (!target) return std::unexpected(core::Error::Invalid("query: " + target.error(), "query"));
  http::Request list;
  list.method = "GET";
  list.path = target->path;
  list.query = std::move(target->query);
  auto filter = TicketFilterFrom(list);
  if (!filter) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("query is not a valid ticket list query: {}", filter.error().message),
        "query"));
  }
  return {};
}

}  // namespace

void AddDashboardRoutes(Routes& routes, ApiServices& s) {
  auto dashboard = std::make_shared<app::DashboardService>(s.context);
  auto views = std::make_shared<app::SavedViews>(s.context);

  routes.Add("GET", "/api/v1/dashboard", [dashboard](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto since, SinceFrom(c.request));
    ESC_ASSIGN_OR_RETURN(auto d, dashboard->Get(c.actor(), since));
    return JsonResponse(200, DashboardJson(d));
  });

  routes.Add("GET", "/api/v1/views", [views](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {}));
    ESC_ASSIGN_OR_RETURN(auto list, views->List(c.actor()));
    json items = json::array();
    for (const auto& v : list) items.push_back(ViewJson(v));
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("POST", "/api/v1/views", [views](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto name, body.String("name", true));
    ESC_ASSIGN_OR_RETURN(auto query, body.String("query", true));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_RETURN_IF_ERROR(CheckViewQuery(*query));
    ESC_ASSIGN_OR_RETURN(auto view, views->Create(c.actor(), *name, *query));
    return JsonResponse(201, ViewJson(view));
  });

  routes.Add("DELETE", "/api/v1/views/{id}", [views](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_RETURN_IF_ERROR(views->Delete(c.actor(), id));
    http::Response response;
    response.status = 204;
    return response;
  });
}

}  // namespace esc::api
