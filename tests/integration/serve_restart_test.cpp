// Black-box tests of `escalator serve` across restarts on the same database: tickets and
// their audit trails survive SIGTERM (and SIGKILL, once committed), and a wake-up that
// fell due while the server was down fires exactly once at the next clock call after
// the restart, never again.
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::DemoServer;
using test_support::HttpResult;
using test_support::Json;
using test_support::TicketPath;
using test_support::ScratchDir;
using test_support::TriggerFired;

std::int64_t Open(ApiSession& customer, std::string_view subject, std::string_view impact) {
  HttpResult r = customer.Post("/api/v1/tickets", Json{{"subject", subject},
                                                       {"category", "technical"},
                                                       {"impact", impact},
                                                       {"urgency", "high"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? BodyJson(r)["id"].get<std::int64_t>() : 0;
}

TEST(ServeRestart, TicketsAndTheirAuditTrailsSurviveARestart) {
  ScratchDir dir;
  DemoServer first(dir, {}, "restart.db");
  ASSERT_TRUE(first.ok()) << first.error();
  const std::int64_t a = Open(first.As("alice"), "Search is broken", "high");
  const std::int64_t b = Open(first.As("bob"), "Exports time out", "low");
  ASSERT_NE(a, 0);
  ASSERT_NE(b, 0);
  ASSERT_EQ(first.As("ben").Post(TicketPath(a, "/messages"), Json{{"body", "On it"}}).status, 201);
  ASSERT_EQ(first.As("ben")
                .Post(TicketPath(b, "/messages"),
                      Json{{"body", "Internal: check the export worker"}, {"internal", true}})
                .status,
            201);
  const Json tickets = first.As("admin").GetJson("/api/v1/tickets?limit=200&sort=oldest");
  const Json events_a = first.As("admin").GetJson(TicketPath(a, "/events"));
  const Json events_b = first.As("admin").GetJson(TicketPath(b, "/events"));
  const Json messages_b = first.As("admin").GetJson(TicketPath(b, "/messages"));
  ASSERT_GE(events_a["items"].size(), 4u);
  EXPECT_EQ(first.Stop(), 0) << first.process().Stderr();

  auto second = test_support::RestartOn(dir / "restart.db", dir);
  ASSERT_TRUE(second->ok()) << second->error();
  ApiSession admin(second->base_url());
  ASSERT_EQ(admin.Login("admin").status, 201);
  EXPECT_EQ(admin.GetJson("/api/v1/tickets?limit=200&sort=oldest"), tickets);
  EXPECT_EQ(admin.GetJson(TicketPath(a, "/events")), events_a);
  EXPECT_EQ(admin.GetJson(TicketPath(b, "/events")), events_b);
  EXPECT_EQ(admin.GetJson(TicketPath(b, "/messages")), messages_b);
  // The restarted server goes on numbering where the first stopped.
  ApiSession alice(second->base_url());
  ASSERT_EQ(alice.Login("alice").status, 201);
  const std::int64_t c = Open(alice, "Another one", "low");
  EXPECT_EQ(c, std::max(a, b) + 1);
  EXPECT_EQ(second->Terminate(), 0) << second->Stderr();
}

TEST(ServeRestart, CommittedTicketSurvivesSigkill) {
  ScratchDir dir;
  DemoServer first(dir, {}, "killed.db");
  ASSERT_TRUE(first.ok()) << first.error();
  const std::int64_t id = Open(first.As("alice"), "Written before the crash", "low");
  ASSERT_NE(id, 0);
  first.process().Kill();
  EXPECT_TRUE(WIFSIGNALED(first.process().wait_status()));

  auto second = test_support::RestartOn(dir / "killed.db", dir);
  ASSERT_TRUE(second->ok()) << second->error();
  ApiSession ben(second->base_url());
  ASSERT_EQ(ben.Login("ben").status, 201);
  const Json t = ben.GetJson(TicketPath(id));
  EXPECT_EQ(t["subject"], "Written before the crash");
  EXPECT_EQ(t["status"], "new");
  EXPECT_EQ(second->Terminate(), 0) << second->Stderr();
}

// A gold critical ticket opened at 14:00 has its first-response warning due at 14:22:30
// (75% of 30 min). The server stops before then and comes back with its clock at 14:25:
// nothing fires until the clock is called, the first call (advance 0) fires the warning
// once, for its own due instant, and neither further calls nor another restart fire it
// again.
TEST(ServeRestart, WakeUpDueWhileDownFiresExactlyOnceAfterTheRestart) {
  ScratchDir dir;
  const auto db = dir / "wakeup.db";
  std::int64_t id = 0;
  {
    DemoServer first(dir, {}, "wakeup.db");
    ASSERT_TRUE(first.ok()) << first.error();
    id = Open(first.As("alice"), "Payments fail", "high");
    ASSERT_NE(id, 0);
    const Json t = first.As("ben").GetJson(TicketPath(id));
    ASSERT_EQ(t["priority"], "critical");
    ASSERT_EQ(t["next_wakeup"], "2026-03-02T14:22:30+00:00");
    ASSERT_TRUE(
        TriggerFired(first.As("ben").GetJson(TicketPath(id, "/events")), "first-response-at-risk")
            .empty());
    EXPECT_EQ(first.Stop(), 0) << first.process().Stderr();
  }

  auto second = test_support::RestartOn(db, dir, "2026-03-02T14:25:00Z");
  ASSERT_TRUE(second->ok()) << second->error();
  ApiSession ben(second->base_url());
  ASSERT_EQ(ben.Login("ben").status, 201);
  EXPECT_TRUE(
      TriggerFired(ben.GetJson(TicketPath(id, "/events")), "first-response-at-risk").empty())
      << "fired before the clock was called";

  test_support::HttpClient clock(second->base_url());
  const HttpResult tick = clock.Post("/_test/clock", Json{{"advance_seconds", 0}}.dump());
  ASSERT_EQ(tick.status, 200) << tick.body;
  EXPECT_EQ(BodyJson(tick)["now"], "2026-03-02T14:25:00+00:00");
  EXPECT_GE(BodyJson(tick)["evaluated"].get<int>(), 1);
  auto fired = TriggerFired(ben.GetJson(TicketPath(id, "/events")), "first-response-at-risk");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0]["data"]["due_at"], "2026-03-02T14:22:30+00:00");
  EXPECT_EQ(fired[0]["at"], "2026-03-02T14:25:00+00:00");
  // The warning went out once too.
  const Json outbox = ben.GetJson(TicketPath(id, "/notifications"));
  int warnings = 0;
  for (const auto& n : outbox["items"]) warnings += n["event"] == "first-response-at-risk" ? 1 : 0;
  EXPECT_GE(warnings, 1);
  const Json ticket = ben.GetJson(TicketPath(id));
  EXPECT_EQ(ticket["next_wakeup"], "2026-03-02T14:30:00+00:00");  // next: the breach

  ASSERT_EQ(clock.Post("/_test/clock", Json{{"advance_seconds", 0}}.dump()).status, 200);
  ASSERT_EQ(clock.Post("/_test/clock", Json{{"advance_seconds", 60}}.dump()).status, 200);
  EXPECT_EQ(TriggerFired(ben.GetJson(TicketPath(id, "/events")), "first-response-at-risk").size(),
            1u);
  // No notification was added; the rows' delivery state may move meanwhile (the outbox
  // worker tries the demo's mail server), so rows are compared by what they are.
  auto rows = [](const Json& list) {
    std::vector<std::string> out;
    for (const auto& n : list["items"]) {
      out.push_back(n["id"].dump() + " " + n["event"].get<std::string>() + " " +
                    n["recipient"].get<std::string>());
    }
    return out;
  };
  EXPECT_EQ(rows(ben.GetJson(TicketPath(id, "/notifications"))), rows(outbox));
  EXPECT_EQ(second->Terminate(), 0) << second->Stderr();

  auto third = test_support::RestartOn(db, dir, "2026-03-02T14:27:00Z");
  ASSERT_TRUE(third->ok()) << third->error();
  test_support::HttpClient clock3(third->base_url());
  ASSERT_EQ(clock3.Post("/_test/clock", Json{{"advance_seconds", 0}}.dump()).status, 200);
  ApiSession ben3(third->base_url());
  ASSERT_EQ(ben3.Login("ben").status, 201);
  EXPECT_EQ(TriggerFired(ben3.GetJson(TicketPath(id, "/events")), "first-response-at-risk").size(),
            1u);
  EXPECT_EQ(third->Terminate(), 0) << third->Stderr();
}

}  // namespace
}  // namespace esc
