// Black-box tests of /api/v1/reports over the real binary: the KPIs of the tickets
// created in a range agree with what the API says of each ticket (escalations, SLA
// breaches), root causes and CSAT are counted exactly, the CSV exports are well-formed,
// and only supervisors and above may read them; bad ranges get a clear 400.
//
// The manual clock starts Monday 2026-03-02T14:00:00Z (09:00 in New York); the demo
// tickets are created at that instant, the tickets of these tests from 14:01.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::DemoServer;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::Json;
using test_support::TicketPath;

constexpr const char* kRange = "from=2026-03-02T14:00:30Z&to=2026-03-02T17:00:00Z";

std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = csv.find("\r\n", start)) != std::string::npos; start = end + 2) {
    lines.push_back(csv.substr(start, end - start));
  }
  return lines;
}

class ServeReports : public test_support::DemoServerTest {
 protected:
  std::int64_t Open(const std::string& who, Json body) {
    const HttpResult r = server_->As(who).Post("/api/v1/tickets", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return BodyJson(r).value("id", std::int64_t{0});
  }

  // A (gold, critical, answered at once) escalates to L2 by the path after 2 h and is
  // resolved with a root cause; B (gold, low) is answered and resolved; C (gold, 1 h to a
  // first response) gets no answer and stays open. The customer rates A 4 and B 2.
  void PlayTheDay() {
    DemoServer& s = *server_;
    s.Advance(60);  // 14:01
    a_ = Open("alice", {{"subject", "Orders API answers 500"}, {"category", "technical"},
                        {"impact", "high"}, {"urgency", "high"}});
    ASSERT_EQ(s.As("ben").Post(TicketPath(a_, "/messages"), Json{{"body", "On it."}}).status, 201);
    b_ = Open("alice", {{"subject", "Change our invoice address"}, {"category", "billing"},
                        {"impact", "low"}, {"urgency", "low"}});
    ASSERT_EQ(s.As("ben").Post(TicketPath(b_, "/messages"), Json{{"body", "Will do."}}).status, 201);
    c_ = Open("alice", {{"subject", "Refund for March"}, {"category", "billing"},
                        {"impact", "medium"}, {"urgency", "low"}});
    s.Advance(7200);  // 16:01
    ASSERT_EQ(s.As("admin").GetJson(TicketPath(a_))["level"], "L2");
    ApiSession& admin = s.As("admin");
    ASSERT_EQ(admin.Post(TicketPath(a_, "/resolve"), Json{{"root_cause_category", "billing-rules"},
                                                     {"root_cause", "5xx calls were billed"}})
                  .status,
              200);
    ASSERT_EQ(admin.Post(TicketPath(b_, "/resolve"), Json{{"root_cause_category", "request"},
                                                     {"root_cause", "Address changed"}})
                  .status,
              200);
    ASSERT_EQ(s.As("alice").Post(TicketPath(a_, "/feedback"), Json{{"rating", 4}}).status, 200);
    ASSERT_EQ(s.As("alice").Post(TicketPath(b_, "/feedback"), Json{{"rating", 2}}).status, 200);
  }

  std::int64_t a_ = 0, b_ = 0, c_ = 0;
};

TEST_F(ServeReports, KpisAgreeWithEachTicketOfTheRange) {
  ASSERT_NO_FATAL_FAILURE(PlayTheDay());
  DemoServer& s = *server_;
  const Json r = s.As("hiro").GetJson(std::string("/api/v1/reports/kpis?") + kRange);
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r["from"], "2026-03-02T14:00:30+00:00");
  EXPECT_EQ(r["to"], "2026-03-02T17:00:00+00:00");
  EXPECT_EQ(r["tickets"], 3);
  EXPECT_EQ(r["unresolved"], 1);

  // Escalations: what the tickets' own escalation lists say, counted the same way.
  std::int64_t total = 0, escalated = 0, hierarchical_to_l2 = 0;
  std::map<std::string, std::int64_t> by_team;
  bool a_first_is_path = false;
  for (std::int64_t id : {a_, b_, c_}) {
    const Json list = s.As("admin").GetJson(TicketPath(id, "/escalations"));
    std::int64_t here = 0;
    for (const auto& e : list["items"]) {
      if (e["type"] == "de-escalation") continue;
      ++here;
      ++by_team[e["to"]["team"]];
      if (e["type"] == "hierarchical" && e["to"]["level"] == "L2") ++hierarchical_to_l2;
      if (id == a_ && here == 1) a_first_is_path = e["at"] == "2026-03-02T16:01:00+00:00";
    }
    total += here;
    escalated += here > 0 ? 1 : 0;
  }
  ASSERT_TRUE(a_first_is_path);
  EXPECT_EQ(r["escalations"]["total"], total);
  EXPECT_EQ(r["escalations"]["tickets"], escalated);
  EXPECT_DOUBLE_EQ(r["escalations"]["rate"].get<double>(), static_cast<double>(escalated) / 3.0);
  EXPECT_EQ(r["escalations"]["by_level"].value("L2", 0), hierarchical_to_l2);
  for (const auto& [team, n] : by_team) EXPECT_EQ(r["escalations"]["by_team"][team], n) << team;
  EXPECT_EQ(r["time_to_escalate"]["count"], escalated);

  // Both resolutions came 2 h after creation.
  EXPECT_EQ(r["time_to_resolve"], (Json{{"count", 2}, {"median_seconds", 7200}, {"p90_seconds", 7200}}));

  // SLA: the report's breached tickets are those the ticket API calls breached; C, never
  // answered, missed its first response.
  const Json c = s.As("admin").GetJson(TicketPath(c_));
  EXPECT_EQ(c["sla"]["breached"], true) << c.dump();
  std::int64_t breached = 0;
  for (std::int64_t id : {a_, b_, c_}) {
    breached += s.As("admin").GetJson(TicketPath(id))["sla"]["breached"].get<bool>() ? 1 : 0;
  }
  EXPECT_EQ(r["breaches"]["tickets"], breached);
  const Json& first = r["sla"]["first_response"];
  EXPECT_EQ(first["met"].get<int>() + first["breached"].get<int>() + first["open"].get<int>(), 3);
  EXPECT_GE(first["breached"], 1);
  EXPECT_GE(first["met"], 2);  // A and B were answered at once

  EXPECT_EQ(r["root_causes"], Json::parse(R"([{"category": "billing-rules", "tickets": 1},
                                              {"category": "request", "tickets": 1}])"));
  EXPECT_EQ(r["csat"], Json::parse(R"({"responses": 2, "average": 3.0,
                                       "ratings": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}})"));

  // The per-ticket export says the same per ticket.
  const Json rows = s.As("hiro").GetJson(std::string("/api/v1/reports/tickets?") + kRange);
  ASSERT_EQ(rows["tickets"].size(), 3u) << rows.dump();
  for (const auto& row : rows["tickets"]) {
    const Json t = s.As("admin").GetJson("/api/v1/tickets/" + row["key"].get<std::string>());
    EXPECT_EQ(row["breached"], t["sla"]["breached"]) << row.dump();
    EXPECT_EQ(row["status"], t["status"]);
    EXPECT_EQ(row["level"], t["level"]);
  }
  EXPECT_EQ(rows["tickets"][0]["root_cause_category"], "billing-rules");
  EXPECT_EQ(rows["tickets"][0]["csat_rating"], 4);
  EXPECT_EQ(rows["tickets"][0]["resolved_at"], "2026-03-02T16:01:00+00:00");
  EXPECT_EQ(rows["tickets"][2]["resolved_at"], nullptr);
}

TEST_F(ServeReports, CsvExportsAreSpreadsheetReady) {
  ASSERT_NO_FATAL_FAILURE(PlayTheDay());
  DemoServer& s = *server_;
  const HttpResult kpis = s.As("maria").Get(std::string("/api/v1/reports/kpis?format=csv&") + kRange);
  ASSERT_EQ(kpis.status, 200) << kpis.body;
  EXPECT_EQ(kpis.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(kpis.Header("content-disposition"),
            "attachment; filename=\"escalator-kpis-2026-03-02-2026-03-02.csv\"");
  const auto lines = Lines(kpis.body);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "metric,dimension,key,value");
  auto has = [&](const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  EXPECT_TRUE(has("tickets,,,3")) << kpis.body;
  EXPECT_TRUE(has("unresolved,,,1")) << kpis.body;
  EXPECT_TRUE(has("root_causes,category,billing-rules,1")) << kpis.body;
  EXPECT_TRUE(has("csat.average,,,3.0000")) << kpis.body;
  EXPECT_TRUE(has("csat.ratings,rating,4,1")) << kpis.body;
  EXPECT_TRUE(has("time_to_resolve.median_seconds,,,7200")) << kpis.body;
  for (const auto& line : lines) {
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), 3) << line;
  }

  const HttpResult tickets =
      s.As("maria").Get(std::string("/api/v1/reports/tickets?format=csv&") + kRange);
  ASSERT_EQ(tickets.status, 200) << tickets.body;
  const auto rows = Lines(tickets.body);
  ASSERT_EQ(rows.size(), 4u) << tickets.body;
  EXPECT_EQ(rows[0],
            "key,created_at,customer_id,category,priority,status,team,level,escalations,"
            "first_escalated_at,resolved_at,breached,root_cause_category,csat_rating");
  EXPECT_TRUE(rows[1].starts_with("ESC-" + std::to_string(a_) + ",2026-03-02T14:01:00+00:00,"))
      << rows[1];
  EXPECT_TRUE(rows[1].ends_with(",billing-rules,4")) << rows[1];
  EXPECT_TRUE(rows[3].starts_with("ESC-" + std::to_string(c_) + ",")) << rows[3];
}

// Dates name whole days (UTC): from=to=the same day covers the demo tickets too.
TEST_F(ServeReports, DatesCoverWholeDaysAndRangesOutsideHoldNothing) {
  ASSERT_NO_FATAL_FAILURE(PlayTheDay());
  DemoServer& s = *server_;
  const Json day = s.As("hiro").GetJson("/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02");
  EXPECT_EQ(day["from"], "2026-03-02T00:00:00+00:00");
  EXPECT_EQ(day["to"], "2026-03-03T00:00:00+00:00");
  EXPECT_EQ(day["tickets"], 3 + 8);  // the eight demo tickets of 14:00
  const Json before = s.As("hiro").GetJson("/api/v1/reports/kpis?from=2026-02-01&to=2026-03-01");
  EXPECT_EQ(before["tickets"], 0);
  EXPECT_EQ(before["escalations"]["rate"], nullptr);
  EXPECT_EQ(before["csat"]["average"], nullptr);
  EXPECT_EQ(before["sla"]["first_response"]["attainment"], nullptr);
  // Without a range: the 30 days up to now.
  const Json recent = s.As("hiro").GetJson("/api/v1/reports/kpis");
  EXPECT_EQ(recent["to"], "2026-03-02T16:01:00+00:00");
  EXPECT_EQ(recent["from"], "2026-01-31T16:01:00+00:00");
  EXPECT_EQ(recent["tickets"], 3 + 8);
}

// Over time: each day, ISO week or month of the range is a bucket with the KPIs of the
// tickets created in it, and the buckets add up to the whole range's KPIs. A team filter
// keeps the tickets that team holds.
TEST_F(ServeReports, SeriesBucketsAddUpAndTheTeamFilterKeepsTheTeamsTickets) {
  ASSERT_NO_FATAL_FAILURE(PlayTheDay());
  ApiSession& maria = server_->As("maria");
  const std::string range = "from=2026-03-01&to=2026-03-03";  // Sunday to Tuesday, whole days
  const Json whole = maria.GetJson("/api/v1/reports/kpis?" + range);
  const Json days = maria.GetJson("/api/v1/reports/series?interval=day&" + range);
  ASSERT_EQ(days["buckets"].size(), 3u) << days.dump();
  EXPECT_EQ(days["buckets"][0]["from"], "2026-03-01T00:00:00+00:00");
  EXPECT_EQ(days["buckets"][2]["to"], "2026-03-04T00:00:00+00:00");
  int tickets = 0, escalations = 0, csat = 0;
  for (const auto& b : days["buckets"]) {
    tickets += b["tickets"].get<int>();
    escalations += b["escalations"]["total"].get<int>();
    csat += b["csat"]["responses"].get<int>();
  }
  EXPECT_EQ(tickets, whole["tickets"]);
  EXPECT_EQ(escalations, whole["escalations"]["total"]);
  EXPECT_EQ(csat, whole["csat"]["responses"]);
  EXPECT_EQ(days["buckets"][1]["tickets"], whole["tickets"]);  // all on Monday
  EXPECT_EQ(days["buckets"][1]["sla"], whole["sla"]);
  EXPECT_EQ(days["buckets"][0]["tickets"], 0);

  // 2026-03-01 is a Sunday: its ISO week ends at midnight, the next one runs on.
  const Json weeks = maria.GetJson("/api/v1/reports/series?interval=week&" + range);
  ASSERT_EQ(weeks["buckets"].size(), 2u) << weeks.dump();
  EXPECT_EQ(weeks["buckets"][0]["to"], "2026-03-02T00:00:00+00:00");
  EXPECT_EQ(weeks["buckets"][1]["tickets"], whole["tickets"]);
  const Json months = maria.GetJson("/api/v1/reports/series?interval=month&from=2026-02-15&to=2026-03-10");
  ASSERT_EQ(months["buckets"].size(), 2u) << months.dump();
  EXPECT_EQ(months["buckets"][1]["from"], "2026-03-01T00:00:00+00:00");

  const HttpResult csv = maria.Get("/api/v1/reports/series?interval=day&format=csv&" + range);
  ASSERT_EQ(csv.status, 200);
  const auto lines = Lines(csv.body);
  ASSERT_EQ(lines.size(), 4u) << csv.body;
  EXPECT_TRUE(lines[0].starts_with("from,to,tickets,escalated_tickets,escalation_rate")) << lines[0];
  EXPECT_TRUE(lines[2].starts_with("2026-03-02T00:00:00+00:00,2026-03-03T00:00:00+00:00," +
                                   std::to_string(whole["tickets"].get<int>()) + ","))
      << lines[2];

  // The team filter: exactly the tickets of the range that the team holds.
  const Json rows = maria.GetJson("/api/v1/reports/tickets?" + range);
  for (const std::string team : {"frontline", "product-specialists"}) {
    int held = 0;
    for (const auto& row : rows["tickets"]) held += row["team"] == team ? 1 : 0;
    const Json kpis = maria.GetJson("/api/v1/reports/kpis?team=" + team + "&" + range);
    EXPECT_EQ(kpis["tickets"], held) << team;
    const Json listed = maria.GetJson("/api/v1/reports/tickets?team=" + team + "&" + range);
    EXPECT_EQ(listed["tickets"].size(), static_cast<std::size_t>(held)) << team;
  }
}

TEST_F(ServeReports, OnlySupervisorsAndAboveReadReportsAndBadRangesAreRefused) {
  DemoServer& s = *server_;
  EXPECT_TRUE(IsApiError(s.As("alice").Get("/api/v1/reports/kpis"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(s.As("ben").Get("/api/v1/reports/kpis"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(s.As("ben").Get("/api/v1/reports/tickets?format=csv"), 403, "forbidden"));
  EXPECT_EQ(s.As("hiro").Get("/api/v1/reports/kpis").status, 200);
  EXPECT_EQ(s.As("maria").Get("/api/v1/reports/tickets").status, 200);
  EXPECT_EQ(s.As("admin").Get("/api/v1/reports/kpis?format=csv").status, 200);

  ApiSession& hiro = s.As("hiro");
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/kpis?from=yesterday"), 400, "invalid", "from"));
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/kpis?to=2026-13-01"), 400, "invalid", "to"));
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/kpis?from=2026-03-01T00:00:00"), 400,
                         "invalid", "from"));  // no offset
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/kpis?from=2026-03-03&to=2026-03-02"), 400,
                         "invalid", "from"));
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/kpis?from=2024-01-01&to=2026-03-02"), 400,
                         "invalid", "from"));  // over 400 days
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/kpis?format=xml"), 400, "invalid", "format"));
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/kpis?team=plumbers"), 400, "invalid", "team"));
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/kpis?interval=day"), 400, "invalid"));
  EXPECT_TRUE(IsApiError(hiro.Get("/api/v1/reports/series?interval=year"), 400, "invalid",
                         "interval"));
  EXPECT_TRUE(IsApiError(s.As("ben").Get("/api/v1/reports/series"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(s.As("admin").Send("POST", "/api/v1/reports/kpis", "{}"), 405,
                         "invalid"));
}

}  // namespace
}  // namespace esc
