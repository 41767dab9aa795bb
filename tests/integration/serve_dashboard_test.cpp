// Black-box tests of the live dashboard (GET /api/v1/dashboard) and saved views
// (/api/v1/views) over the real binary on the demo database. The dashboard's figures are
// checked against what the ticket list and each ticket's audit trail say: the tickets at
// risk are exactly the open ones whose next deadline falls within the hour, breaches
// since the start of the day are the sla_breached events, a resolved ticket awaiting
// sign-off is pending until a manager approves it, and the limits carry the policy's
// maxima. Saved views are checked with the ticket list's own rules and are private.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::Json;
using test_support::TicketPath;

class ServeDashboard : public test_support::DemoServerTest {
 protected:
  ApiSession& As(const std::string& username) { return server_->As(username); }

  // Keys of the open tickets whose next deadline is in [from, to), from the ticket list.
  std::set<std::string> OpenDueBetween(const std::string& from, const std::string& to) {
    const Json list = As("admin").GetJson("/api/v1/tickets?open=true&limit=200");
    std::set<std::string> keys;
    for (const auto& t : list["items"]) {
      const Json& due = t["sla"]["next_deadline"];
      if (due.is_string() && due.get<std::string>() >= from && due.get<std::string>() < to) {
        keys.insert(t["key"].get<std::string>());
      }
    }
    return keys;
  }

  static std::set<std::string> Keys(const Json& list) {
    std::set<std::string> keys;
    for (const auto& t : list["tickets"]) keys.insert(t["key"].get<std::string>());
    return keys;
  }

  static int Breaches(const Json& events) {
    int n = 0;
    for (const auto& e : events["items"]) n += e["kind"] == "sla_breached" ? 1 : 0;
    return n;
  }
  // The sla_breached events in every ticket's audit trail.
  int AllBreaches() {
    const Json list = As("admin").GetJson("/api/v1/tickets?limit=200");
    int n = 0;
    for (const auto& t : list["items"]) n += Breaches(As("admin").GetJson(TicketPath(t["id"], "/events")));
    return n;
  }
};

TEST_F(ServeDashboard, AtRiskAndBreachesAgreeWithTheTicketsAndTheirAuditTrails) {
  ApiSession& ana = As("ana");
  // A gold critical ticket: 1 h to the first response (14:05 to 15:05).
  server_->Advance(300);
  const HttpResult opened = As("alice").Post(
      "/api/v1/tickets", Json{{"subject", "Checkout down"}, {"category", "technical"},
                              {"impact", "high"}, {"urgency", "high"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string key = BodyJson(opened)["key"];

  server_->Advance(1800);  // 14:35: its first response is due within the hour
  Json d = ana.GetJson("/api/v1/dashboard");
  ASSERT_TRUE(d["at_risk"].is_object()) << d.dump();
  EXPECT_EQ(d["now"], "2026-03-02T14:35:00+00:00");
  EXPECT_EQ(d["at_risk_until"], "2026-03-02T15:35:00+00:00");
  EXPECT_EQ(d["since"], "2026-03-02T00:00:00+00:00");
  const auto due_soon = OpenDueBetween(d["now"], d["at_risk_until"]);
  EXPECT_TRUE(due_soon.contains(key));
  EXPECT_EQ(Keys(d["at_risk"]), due_soon);
  EXPECT_EQ(d["at_risk"]["count"], due_soon.size());
  EXPECT_EQ(d["breached_today"]["count"], AllBreaches());
  EXPECT_FALSE(Keys(d["breached_today"]).contains(key));

  server_->Advance(3600);  // 15:35: the first response is overdue
  d = ana.GetJson("/api/v1/dashboard");
  EXPECT_FALSE(Keys(d["at_risk"]).contains(key)) << d["at_risk"].dump();
  EXPECT_TRUE(Keys(d["breached_today"]).contains(key)) << d["breached_today"].dump();
  const int breaches = AllBreaches();
  EXPECT_GE(breaches, 1);
  EXPECT_EQ(d["breached_today"]["count"], breaches);
  for (const auto& t : d["breached_today"]["tickets"]) {
    EXPECT_GE(Breaches(As("admin").GetJson(TicketPath(t["id"], "/events"))), 1) << t["key"];
  }
  // Counted from the caller's start of the day: none since tomorrow.
  const Json tomorrow = ana.GetJson("/api/v1/dashboard?since=2026-03-03T00:00:00-05:00");
  EXPECT_EQ(tomorrow["breached_today"]["count"], 0);
  EXPECT_TRUE(tomorrow["breached_today"]["tickets"].empty());
}

TEST_F(ServeDashboard, EscalationsLimitsAndSignoffs) {
  ApiSession& maria = As("maria");  // a manager
  Json d = maria.GetJson("/api/v1/dashboard");
  // The demo's escalated ticket holds its L2 team by an escalation.
  std::int64_t total = 0;
  bool l2 = false;
  for (const auto& row : d["open_escalations"]["by_level_and_team"]) {
    total += row["open"].get<std::int64_t>();
    l2 = l2 || (row["level"] == "L2" && row["open"].get<int>() >= 1);
  }
  EXPECT_TRUE(l2) << d["open_escalations"].dump();
  EXPECT_EQ(d["open_escalations"]["total"], total);
  ASSERT_EQ(d["limits"].size(), 2u) << d["limits"].dump();
  EXPECT_EQ(d["limits"][0], (Json{{"scope", "level"}, {"id", "L3"}, {"open", 0}, {"max", 15},
                                  {"queued", 0}, {"beyond", "notify_manager"},
                                  {"overloaded", false}}));
  EXPECT_EQ(d["limits"][1]["id"], "product-specialists");
  EXPECT_EQ(d["limits"][1]["max"], 40);
  EXPECT_TRUE(d["pending_signoffs"]["tickets"].empty());

  // Legal words require a sign-off; once resolved, the ticket waits for it.
  const HttpResult opened = As("alice").Post(
      "/api/v1/tickets", Json{{"subject", "Data export"},
                              {"description", "Our lawyer asks for the GDPR export."},
                              {"category", "account"}, {"impact", "low"}, {"urgency", "low"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const auto id = BodyJson(opened)["id"].get<std::int64_t>();
  const HttpResult resolved =
      As("admin").Post(TicketPath(id, "/resolve"),
                       Json{{"root_cause_category", "request"}, {"root_cause", "Export sent"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  ASSERT_EQ(BodyJson(resolved)["signoff"]["state"], "pending") << resolved.body;
  d = maria.GetJson("/api/v1/dashboard");
  EXPECT_EQ(d["pending_signoffs"]["count"], 1);
  ASSERT_EQ(d["pending_signoffs"]["tickets"].size(), 1u);
  EXPECT_EQ(d["pending_signoffs"]["tickets"][0]["id"], id);

  const HttpResult approved =
      maria.Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}, {"comment", "Fine"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(maria.GetJson("/api/v1/dashboard")["pending_signoffs"]["count"], 0);
}

TEST_F(ServeDashboard, CustomersAreRefusedAndBadInputIsExplained) {
  EXPECT_TRUE(IsApiError(As("alice").Get("/api/v1/dashboard"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(As("ana").Get("/api/v1/dashboard?since=yesterday"), 400, "invalid",
                         "since"));
  EXPECT_TRUE(IsApiError(As("ana").Get("/api/v1/dashboard?since=2026-03-02T00:00:00"), 400,
                         "invalid", "since"));
  EXPECT_EQ(As("ana").Get("/api/v1/dashboard?team=frontline").status, 400);
}

TEST_F(ServeDashboard, SavedViewsAreCheckedPrivateAndRunAsTicketQueries) {
  ApiSession& ben = As("ben");
  const HttpResult made =
      ben.Post("/api/v1/views", Json{{"name", "  Breached in frontline "},
                                     {"query", "breached=true&team=frontline&sort=deadline"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const Json view = BodyJson(made);
  EXPECT_EQ(view["name"], "Breached in frontline");
  EXPECT_EQ(view["query"], "breached=true&team=frontline&sort=deadline");
  EXPECT_EQ(ben.Get("/api/v1/tickets?" + view["query"].get<std::string>()).status, 200);

  const Json mine = ben.GetJson("/api/v1/views");
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0], view);

  EXPECT_TRUE(IsApiError(
      ben.Post("/api/v1/views", Json{{"name", "Breached in frontline"}, {"query", "open=true"}}),
      409, "conflict", "name"));
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/views", Json{{"name", " "}, {"query", "open=true"}}),
                         400, "invalid", "name"));
  EXPECT_TRUE(IsApiError(
      ben.Post("/api/v1/views", Json{{"name", "Colours"}, {"query", "colour=red"}}), 400,
      "invalid", "query"));
  EXPECT_TRUE(IsApiError(
      ben.Post("/api/v1/views", Json{{"name", "Bogus"}, {"query", "status=bogus"}}), 400,
      "invalid", "query"));
  EXPECT_TRUE(IsApiError(
      ben.Post("/api/v1/views", Json{{"name", "Question"}, {"query", "?open=true"}}), 400,
      "invalid", "query"));
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/views", Json{{"name", "No query"}}), 400, "invalid",
                         "query"));
  EXPECT_EQ(ben.GetJson("/api/v1/views")["items"].size(), 1u);

  // Private: another agent neither sees nor deletes it.
  ApiSession& chloe = As("chloe");
  EXPECT_TRUE(chloe.GetJson("/api/v1/views")["items"].empty());
  const std::string path = "/api/v1/views/" + std::to_string(view["id"].get<std::int64_t>());
  EXPECT_TRUE(IsApiError(chloe.Delete(path), 404, "not_found"));
  EXPECT_EQ(ben.Delete(path).status, 204);
  EXPECT_TRUE(ben.GetJson("/api/v1/views")["items"].empty());
  EXPECT_TRUE(IsApiError(ben.Delete(path), 404, "not_found"));
}

}  // namespace
}  // namespace esc
