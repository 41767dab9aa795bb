// /api/v1/reports: the KPIs over the tickets created in a date range (JSON, or CSV in a
// long metric,dimension,key,value form for spreadsheets) and the per-ticket export.
#include <fmt/format.h>

#include "api/api.h"
#include "api/csv.h"
#include "api/json_views.h"
#include "api/report_json.h"
#include "api/query_params.h"
#include "api/try.h"
#include "app/service/report_service.h"
#include "core/rfc3339.h"

namespace esc::api {
namespace {

using nlohmann::json;
using core::Result;

enum class Format { kJson, kCsv };

Result<Format> QueryFormat(const http::Request& r) {
  auto text = r.Query("format");
  if (!text || *text == "json") return Format::kJson;
  if (*text == "csv") return Format::kCsv;
  return std::unexpected(core::Error::Invalid("format must be json or csv", "format"));
}

// The range and team of a report; `series` reads the interval too (checked by Interval).
Result<app::ReportQuery> QueryFrom(const http::Request& r, bool with_tickets, bool series = false) {
  if (series) {
    ESC_RETURN_IF_ERROR(CheckQueryNames(r, {"from", "to", "team", "format", "interval"}));
  } else {
    ESC_RETURN_IF_ERROR(CheckQueryNames(r, {"from", "to", "team", "format"}));
  }
  app::ReportQuery query;
  query.with_tickets = with_tickets;
  ESC_ASSIGN_OR_RETURN(query.from, QueryInstant(r, "from", false));
  ESC_ASSIGN_OR_RETURN(query.to, QueryInstant(r, "to", true));
  if (auto team = r.Query("team")) query.team = std::string(*team);
  return query;
}

Result<app::ReportInterval> Interval(const http::Request& r) {
  const auto text = r.Query("interval").value_or("day");
  if (text == "day") return app::ReportInterval::kDay;
  if (text == "week") return app::ReportInterval::kWeek;
  if (text == "month") return app::ReportInterval::kMonth;
  return std::unexpected(core::Error::Invalid("interval must be day, week or month", "interval"));
}

json KpiJson(const app::KpiReport& r) {
  const auto& k = r.kpis;
  json by_priority = json::object();
  for (const auto& [priority, targets] : k.sla_by_priority) by_priority[priority] = TargetsJson(targets);
  json causes = json::array();
  for (const auto& c : r.root_causes) causes.push_back({{"category", c.category}, {"tickets", c.tickets}});
  json ratings = json::object();
  for (std::size_t i = 0; i < r.csat.by_rating.size(); ++i) {
    ratings[std::to_string(i + 1)] = r.csat.by_rating[i];
  }
  return {{"from", Time(r.from)},
          {"to", Time(r.to)},
          {"computed_at", Time(r.computed_at)},
          {"policy_version", k.policy_version},
          {"tickets", k.tickets},
          {"unresolved", k.unresolved},
          {"escalations",
           {{"total", k.escalations},
            {"tickets", k.escalated_tickets},
            {"rate", OptionalJson(r.EscalationRate())},
            {"by_type", k.escalations_by_type},
            {"by_level", k.escalations_by_level},
            {"by_team", r.escalations_by_team},
            {"deescalations", r.deescalations}}},
          {"decisions", {{"total", k.decisions}, {"by_trigger", k.decisions_by_trigger}}},
          {"sla", TargetsJson(k.sla)},
          {"sla_by_priority", by_priority},
          {"sla_unmeasured", r.sla_unmeasured},
          {"breaches", {{"tickets", k.tickets_breached}, {"cycles", k.breaches}}},
          {"time_to_escalate", DurationsJson(k.time_to_escalate)},
          {"time_to_resolve", DurationsJson(k.time_to_resolve)},
          {"signoffs_required", k.signoffs_required},
          {"root_causes", causes},
          {"csat", {{"responses", r.csat.responses}, {"average", OptionalJson(r.csat.Average())},
                    {"ratings", ratings}}}};
}

// The KPIs as metric,dimension,key,value rows.
std::string KpiCsv(const app::KpiReport& r) {
  std::string out;
  AppendCsvRow(out, {{"metric"}, {"dimension"}, {"key"}, {"value"}});
  auto row = [&](std::string metric, std::string dimension, std::string key, std::string value) {
    AppendCsvRow(out, {{std::move(metric)}, {std::move(dimension)}, {std::move(key)},
                       {std::move(value), false}});
  };
  auto number = [](std::int64_t v) { return std::to_string(v); };
  auto share = [](std::optional<double> v) { return v ? fmt::format("{:.4f}", *v) : std::string(); };
  const auto& k = r.kpis;
  row("from", "", "", Time(r.from));
  row("to", "", "", Time(r.to));
  row("tickets", "", "", number(k.tickets));
  row("unresolved", "", "", number(k.unresolved));
  row("escalations", "", "", number(k.escalations));
  row("escalated_tickets", "", "", number(k.escalated_tickets));
  row("escalation_rate", "", "", share(r.EscalationRate()));
  for (const auto& [type, n] : k.escalations_by_type) row("escalations", "type", type, number(n));
  for (const auto& [level, n] : k.escalations_by_level) row("escalations", "level", level, number(n));
  for (const auto& [team, n] : r.escalations_by_team) row("escalations", "team", team, number(n));
  row("deescalations", "", "", number(r.deescalations));
  row("decisions", "", "", number(k.decisions));
  for (const auto& [trigger, n] : k.decisions_by_trigger) row("decisions", "trigger", trigger, number(n));
  auto targets = [&](const std::array<core::TargetAttainment, 3>& t, const std::string& priority) {
    for (core::SlaTargetKind kind : core::kAllSlaTargetKinds) {
      const auto& a = t[static_cast<std::size_t>(kind)];
      const std::string metric = fmt::format("sla.{}", core::ToString(kind));
      const std::string dimension = priority.empty() ? "" : "priority";
      row(metric + ".met", dimension, priority, number(a.met));
      row(metric + ".breached", dimension, priority, number(a.breached));
      row(metric + ".open", dimension, priority, number(a.open));
      row(metric + ".attainment", dimension, priority, share(a.Attainment()));
    }
  };
  targets(k.sla, "");
  for (const auto& [priority, t] : k.sla_by_priority) targets(t, priority);
  row("sla_unmeasured", "", "", number(r.sla_unmeasured));
  row("breaches.tickets", "", "", number(k.tickets_breached));
  row("breaches.cycles", "", "", number(k.breaches));
  auto durations = [&](const std::string& metric, const core::DurationSummary& d) {
    row(metric + ".count", "", "", number(d.count));
    row(metric + ".median_seconds", "", "", number(d.median.count()));
    row(metric + ".p90_seconds", "", "", number(d.p90.count()));
  };
  durations("time_to_escalate", k.time_to_escalate);
  durations("time_to_resolve", k.time_to_resolve);
  row("signoffs_required", "", "", number(k.signoffs_required));
  for (const auto& c : r.root_causes) row("root_causes", "category", c.category, number(c.tickets));
  row("csat.responses", "", "", number(r.csat.responses));
  row("csat.average", "", "", share(r.csat.Average()));
  for (std::size_t i = 0; i < r.csat.by_rating.size(); ++i) {
    row("csat.ratings", "rating", std::to_string(i + 1), number(r.csat.by_rating[i]));
  }
  return out;
}

std::string OptionalTime(const std::optional<app::Instant>& t) { return t ? Time(*t) : ""; }

json TicketRowJson(const app::TicketReportRow& t) {
  return {{"key", t.key},
          {"created_at", Time(t.created_at)},
          {"customer_id", t.customer_id},
          {"category", t.category},
          {"priority", t.priority},
          {"status", t.status},
          {"team", t.team},
          {"level", t.level},
          {"escalations", t.escalations},
          {"first_escalated_at", t.first_escalated_at ? json(Time(*t.first_escalated_at)) : json(nullptr)},
          {"resolved_at", t.resolved_at ? json(Time(*t.resolved_at)) : json(nullptr)},
          {"breached", t.breached},
          {"root_cause_category", t.root_cause_category},
          {"csat_rating", t.csat_rating ? json(*t.csat_rating) : json(nullptr)}};
}

std::string TicketCsv(const app::KpiReport& r) {
  std::string out;
  AppendCsvRow(out, {{"key"}, {"created_at"}, {"customer_id"}, {"category"}, {"priority"},
                     {"status"}, {"team"}, {"level"}, {"escalations"}, {"first_escalated_at"},
                     {"resolved_at"}, {"breached"}, {"root_cause_category"}, {"csat_rating"}});
  for (const auto& t : r.tickets) {
    AppendCsvRow(out, {{t.key}, {Time(t.created_at), false}, {std::to_string(t.customer_id), false},
                       {t.category}, {t.priority}, {t.status}, {t.team}, {t.level},
                       {std::to_string(t.escalations), false},
                       {OptionalTime(t.first_escalated_at), false},
                       {OptionalTime(t.resolved_at), false}, {t.breached ? "true" : "false", false},
                       {t.root_cause_category},
                       {t.csat_rating ? std::to_string(*t.csat_rating) : "", false}});
  }
  return out;
}

// One row per bucket: the headline figures, for a chart in a spreadsheet.
std::string SeriesCsv(const std::vector<app::KpiReport>& buckets) {
  std::string out;
  AppendCsvRow(out, {{"from"}, {"to"}, {"tickets"}, {"escalated_tickets"}, {"escalation_rate"},
                     {"escalations"}, {"first_response_attainment"}, {"resolution_attainment"},
                     {"breached_tickets"}, {"time_to_resolve_median_seconds"},
                     {"time_to_resolve_p90_seconds"}, {"csat_responses"}, {"csat_average"}});
  auto share = [](std::optional<double> v) { return v ? fmt::format("{:.4f}", *v) : std::string(); };
  auto number = [](std::int64_t v) { return std::to_string(v); };
  for (const auto& b : buckets) {
    const auto& k = b.kpis;
    const auto target = [&](core::SlaTargetKind kind) {
      return share(k.sla[static_cast<std::size_t>(kind)].Attainment());
    };
    AppendCsvRow(out, {{Time(b.from), false}, {Time(b.to), false}, {number(k.tickets), false},
                       {number(k.escalated_tickets), false}, {share(b.EscalationRate()), false},
                       {number(k.escalations), false},
                       {target(core::SlaTargetKind::kFirstResponse), false},
                       {target(core::SlaTargetKind::kResolution), false},
                       {number(k.tickets_breached), false},
                       {number(k.time_to_resolve.median.count()), false},
                       {number(k.time_to_resolve.p90.count()), false},
                       {number(b.csat.responses), false}, {share(b.csat.Average()), false}});
  }
  return out;
}

http::Response CsvResponse(std::string body, const std::string& name, const app::KpiReport& r) {
  http::Response response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = std::move(body);
  auto day = [](app::Instant t) { return Time(t).substr(0, 10); };
  response.headers.emplace_back(
      "Content-Disposition",
      fmt::format("attachment; filename=\"escalator-{}-{}-{}.csv\"", name, day(r.from), day(r.to)));
  return response;
}

}  // namespace

void AddReportRoutes(Routes& routes, ApiServices& s) {
  auto reports = std::make_shared<app::ReportService>(s.context);

  routes.Add("GET", "/api/v1/reports/kpis", [reports](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto format, QueryFormat(c.request));
    ESC_ASSIGN_OR_RETURN(auto query, QueryFrom(c.request, false));
    ESC_ASSIGN_OR_RETURN(auto report, reports->Kpis(c.actor(), query));
    if (format == Format::kCsv) return CsvResponse(KpiCsv(report), "kpis", report);
    return JsonResponse(200, KpiJson(report));
  });

  routes.Add("GET", "/api/v1/reports/series", [reports](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto format, QueryFormat(c.request));
    ESC_ASSIGN_OR_RETURN(auto query, QueryFrom(c.request, false, true));
    ESC_ASSIGN_OR_RETURN(auto interval, Interval(c.request));
    ESC_ASSIGN_OR_RETURN(auto buckets, reports->Series(c.actor(), query, interval));
    if (format == Format::kCsv) {
      app::KpiReport whole;
      whole.from = buckets.front().from;
      whole.to = buckets.back().to;
      return CsvResponse(SeriesCsv(buckets), "series", whole);
    }
    json items = json::array();
    for (const auto& b : buckets) items.push_back(KpiJson(b));
    return JsonResponse(200, {{"interval", std::string(c.request.Query("interval").value_or("day"))},
                              {"team", query.team ? json(*query.team) : json()},
                              {"buckets", std::move(items)}});
  });

  routes.Add("GET", "/api/v1/reports/tickets", [reports](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto format, QueryFormat(c.request));
    ESC_ASSIGN_OR_RETURN(auto query, QueryFrom(c.request, true));
    ESC_ASSIGN_OR_RETURN(auto report, reports->Kpis(c.actor(), query));
    if (format == Format::kCsv) return CsvResponse(TicketCsv(report), "tickets", report);
    json rows = json::array();
    for (const auto& t : report.tickets) rows.push_back(TicketRowJson(t));
    return JsonResponse(200, {{"from", Time(report.from)}, {"to", Time(report.to)},
                              {"tickets", std::move(rows)}});
  });
}

}  // namespace esc::api
