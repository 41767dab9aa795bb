// Black-box story of one escalation through `escalator serve` over HTTP: a gold customer
// opens a critical ticket, an agent answers, the SLA warning fires and notifies, the
// escalation path moves the case to L2, a supervisor moves it sideways, waiting on the
// customer pauses the clock, the resolution needs a root cause, sign-off rules hold, the
// ticket closes and the customer rates it; the audit trail tells it all in order.
//
// Each test runs its own server on a copy of the demo database, on the manual clock from
// Monday 2026-03-02T14:00:00Z (09:00 in New York, inside support-ny office hours), so the
// instants below are exact. Time moves only through POST /_test/clock.
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::DemoServer;
using test_support::EventKinds;
using test_support::HttpResult;
using test_support::InOrder;
using test_support::IsApiError;
using test_support::Json;
using test_support::TicketPath;
using test_support::TriggerFired;

class ServeStory : public test_support::DemoServerTest {
 protected:
  // The ticket as staff see it.
  Json Ticket(std::int64_t id) { return server_->As("admin").GetJson(TicketPath(id)); }
  Json Events(std::int64_t id) { return server_->As("admin").GetJson(TicketPath(id, "/events")); }
};

TEST_F(ServeStory, GoldCustomersCriticalTicketRunsFromOpeningToFeedback) {
  DemoServer& s = *server_;

  // --- alice (Acme Corp, gold) opens a ticket: high impact, high urgency is critical.
  HttpResult opened = s.As("alice").Post(
      "/api/v1/tickets", Json{{"subject", "Calls to the orders API fail and are still billed"},
                              {"description", "Every call to /v2/orders answers 500 since 08:30."},
                              {"category", "technical"},
                              {"impact", "high"},
                              {"urgency", "high"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const Json created = BodyJson(opened);
  const std::int64_t id = created["id"];
  EXPECT_EQ(created["key"], "ESC-" + std::to_string(id));
  EXPECT_EQ(opened.Header("location"), TicketPath(id));
  EXPECT_EQ(opened.Header("etag"), "\"1\"");
  EXPECT_EQ(created["priority"], "critical");
  EXPECT_EQ(created["status"], "new");
  EXPECT_EQ(created["customer_id"], s.As("alice").user()["customer_id"]);
  EXPECT_EQ(created["created_at"], "2026-03-02T14:00:00+00:00");
  // The customer's view has no internal fields.
  EXPECT_FALSE(created.contains("sla"));
  EXPECT_FALSE(created.contains("team"));
  EXPECT_FALSE(created.contains("assignee"));

  Json t = Ticket(id);
  EXPECT_EQ(t["tier"], "gold");
  EXPECT_EQ(t["team"], "frontline");
  EXPECT_EQ(t["level"], "L1");
  // gold-urgent: first response within 30 minutes, around the clock.
  EXPECT_EQ(t["sla"]["next_deadline"], "2026-03-02T14:30:00+00:00");
  EXPECT_EQ(t["sla"]["state"], "ok");
  const std::string assignee = t["assignee"];
  EXPECT_FALSE(assignee.empty());

  // --- ben (frontline agent) answers: first response met, next update due in 2 h.
  HttpResult reply = s.As("ben").Post(TicketPath(id, "/messages"), Json{{"body", "We are on it."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(BodyJson(reply)["author"], "ben");
  t = Ticket(id);
  EXPECT_EQ(t["status"], "open");
  EXPECT_EQ(t["sla"]["next_deadline"], "2026-03-02T16:00:00+00:00");

  // --- The warning point of next_update (update-due at -10%: 1h48m of 2h) is 15:48.
  s.Advance(108 * 60 - 1);
  EXPECT_TRUE(TriggerFired(Events(id), "update-due").empty()) << "fired a second early";
  s.Advance(1);
  Json events = Events(id);
  const auto warnings = TriggerFired(events, "update-due");
  ASSERT_EQ(warnings.size(), 1u) << events.dump();
  EXPECT_EQ(warnings[0]["at"], "2026-03-02T15:48:00+00:00");
  EXPECT_EQ(warnings[0]["actor"], "system");
  EXPECT_EQ(warnings[0]["data"]["due_at"], "2026-03-02T15:48:00+00:00");
  const Json notifications = s.As("admin").GetJson(TicketPath(id, "/notifications"));
  // alice was told her request arrived (customer_updates); the assignee's warning follows.
  ASSERT_EQ(notifications["items"].size(), 2u) << notifications.dump();
  EXPECT_EQ(notifications["items"][0]["event"], "customer_received");
  EXPECT_EQ(notifications["items"][0]["recipient"], "alice");
  const Json& mail = notifications["items"][1];
  EXPECT_EQ(mail["event"], "update-due");
  EXPECT_EQ(mail["recipient"], assignee);
  EXPECT_EQ(mail["role"], "assignee");
  EXPECT_EQ(mail["channel"], "support-mail");
  EXPECT_EQ(mail["state"], "pending");
  // Critical: no quiet hours. The instant the engine decided is in the audit trail; the
  // row's own send_at moves on with the outbox worker's retries (the demo has no SMTP).
  EXPECT_EQ(warnings[0]["data"]["notified"][0]["send_at"], "2026-03-02T15:48:00+00:00");
  EXPECT_EQ(mail["payload"]["ticket"], created["key"]);
  EXPECT_EQ(Ticket(id)["level"], "L1");

  // --- At 16:00 frontline has used its 2 h of business time on the technical path: the
  // case moves to L2 on its own.
  s.Advance(12 * 60);
  t = Ticket(id);
  EXPECT_EQ(t["level"], "L2");
  EXPECT_EQ(t["team"], "product-specialists");
  Json escalations = s.As("admin").GetJson(TicketPath(id, "/escalations"));
  ASSERT_EQ(escalations["items"].size(), 1u) << escalations.dump();
  const Json automatic = escalations["items"][0];
  EXPECT_EQ(automatic["type"], "hierarchical");
  EXPECT_EQ(automatic["by"], "system");
  EXPECT_EQ(automatic["at"], "2026-03-02T16:00:00+00:00");
  EXPECT_EQ(automatic["from"], (Json{{"team", "frontline"}, {"level", "L1"}}));
  EXPECT_EQ(automatic["to"], (Json{{"team", "product-specialists"}, {"level", "L2"}}));
  ASSERT_TRUE(automatic["trigger"].is_string()) << automatic.dump();
  EXPECT_EQ(automatic["trigger"], "escalation-path");
  EXPECT_FALSE(automatic["reason"].get<std::string>().empty());

  // --- hiro (product specialists' lead) finds it is a billing matter and moves it
  // sideways to the billing specialists (same level: a functional escalation).
  ApiSession& hiro = s.As("hiro");
  HttpResult recategorised =
      hiro.Patch(TicketPath(id), Json{{"version", t["version"]}, {"category", "billing"}});
  ASSERT_EQ(recategorised.status, 200) << recategorised.body;
  EXPECT_TRUE(IsApiError(
      hiro.Post(TicketPath(id, "/escalate"), Json{{"to", "billing-specialists"}, {"reason", " "}}), 400,
      "invalid", "reason"));
  HttpResult moved = hiro.Post(TicketPath(id, "/escalate"),
                               Json{{"to", "billing-specialists"},
                                    {"reason", "Failed calls are billed: an invoicing matter"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(BodyJson(moved)["team"], "billing-specialists");
  EXPECT_EQ(BodyJson(moved)["level"], "L2");
  escalations = s.As("admin").GetJson(TicketPath(id, "/escalations"));
  ASSERT_EQ(escalations["items"].size(), 2u) << escalations.dump();
  const Json manual = escalations["items"][1];
  EXPECT_EQ(manual["type"], "functional");
  EXPECT_EQ(manual["by"], "hiro");
  EXPECT_EQ(manual["reason"], "Failed calls are billed: an invoicing matter");
  EXPECT_TRUE(manual["trigger"].is_null());
  EXPECT_EQ(manual["from"], (Json{{"team", "product-specialists"}, {"level", "L2"}}));
  EXPECT_EQ(manual["to"], (Json{{"team", "billing-specialists"}, {"level", "L2"}}));

  // --- george (billing specialist) answers: the next update is due at 18:00.
  ApiSession& george = s.As("george");
  ASSERT_EQ(george.Post(TicketPath(id, "/messages"), Json{{"body", "Checking the invoices."}}).status,
            201);
  EXPECT_EQ(Ticket(id)["sla"]["next_deadline"], "2026-03-02T18:00:00+00:00");

  // --- Waiting on the customer pauses the clock for an hour: the deadline moves by it.
  HttpResult waiting = george.Post(TicketPath(id, "/status"), Json{{"status", "waiting_on_customer"}});
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  t = Ticket(id);
  EXPECT_EQ(t["status"], "waiting_on_customer");
  EXPECT_EQ(t["sla"]["state"], "paused");
  EXPECT_TRUE(t["sla"]["next_deadline"].is_null()) << t.dump();
  s.Advance(3600);
  HttpResult resumed = george.Post(TicketPath(id, "/status"), Json{{"status", "open"}});
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  t = Ticket(id);
  EXPECT_EQ(t["status"], "open");
  EXPECT_EQ(t["sla"]["state"], "ok");
  EXPECT_EQ(t["sla"]["next_deadline"], "2026-03-02T19:00:00+00:00");

  // --- An escalated ticket resolves only with its root cause.
  EXPECT_TRUE(IsApiError(george.Post(TicketPath(id, "/resolve"), Json::object()), 400, "invalid",
                         "root_cause_category"));
  EXPECT_TRUE(
      IsApiError(george.Post(TicketPath(id, "/resolve"), Json{{"root_cause_category", "billing"}}), 400,
                 "invalid", "root_cause"));
  EXPECT_EQ(Ticket(id)["status"], "open");
  HttpResult resolved =
      george.Post(TicketPath(id, "/resolve"),
                  Json{{"root_cause_category", "billing-rules"},
                       {"root_cause", "Calls answered with 5xx were counted as billable"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  t = BodyJson(resolved);
  EXPECT_EQ(t["status"], "resolved");
  EXPECT_EQ(t["resolved_at"], "2026-03-02T17:00:00+00:00");
  EXPECT_EQ(t["root_cause"], (Json{{"category", "billing-rules"},
                                   {"text", "Calls answered with 5xx were counted as billable"}}));

  // --- No trigger of this story asked for sign-off: none is pending, so a manager's
  // approval is a conflict, and an agent may not approve at all.
  EXPECT_EQ(t["signoff"], (Json{{"required", false}, {"state", nullptr}}));
  EXPECT_TRUE(IsApiError(s.As("maria").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}),
                         409, "conflict", "signoff"));
  EXPECT_TRUE(IsApiError(s.As("ben").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}), 403,
                         "forbidden"));

  // --- Close, then the customer rates it once, from 1 to 5.
  HttpResult closed = george.Post(TicketPath(id, "/status"), Json{{"status", "closed"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(BodyJson(closed)["status"], "closed");
  EXPECT_EQ(BodyJson(closed)["closed_at"], "2026-03-02T17:00:00+00:00");

  ApiSession& alice = s.As("alice");
  EXPECT_TRUE(
      IsApiError(alice.Post(TicketPath(id, "/feedback"), Json{{"rating", 6}}), 400, "invalid", "rating"));
  EXPECT_TRUE(
      IsApiError(alice.Post(TicketPath(id, "/feedback"), Json{{"rating", 0}}), 400, "invalid", "rating"));
  EXPECT_TRUE(
      IsApiError(s.As("ben").Post(TicketPath(id, "/feedback"), Json{{"rating", 5}}), 403, "forbidden"));
  HttpResult rated =
      alice.Post(TicketPath(id, "/feedback"), Json{{"rating", 4}, {"comment", "Quick and clear"}});
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(BodyJson(rated)["feedback"], (Json{{"rating", 4}, {"comment", "Quick and clear"}}));
  EXPECT_TRUE(IsApiError(alice.Post(TicketPath(id, "/feedback"), Json{{"rating", 5}}), 409, "conflict",
                         "rating"));
  EXPECT_EQ(alice.GetJson(TicketPath(id))["feedback"]["rating"], 4);

  // --- The audit trail tells the story in order.
  events = Events(id);
  const auto kinds = EventKinds(events);
  EXPECT_TRUE(InOrder(kinds, {"created", "replied", "status_changed", "trigger_fired", "escalated",
                              "escalated", "replied", "status_changed", "status_changed",
                              "resolved", "status_changed", "feedback"}));
  std::vector<std::string> escalated_by;
  for (const auto& e : events["items"]) {
    if (e["kind"] == "escalated") escalated_by.push_back(e["actor"]);
    if (e["kind"] == "feedback") {
      EXPECT_EQ(e["actor"], "alice");
      EXPECT_EQ(e["data"]["rating"], 4);
    }
  }
  EXPECT_EQ(escalated_by, (std::vector<std::string>{"system", "hiro"}));
  // ben's answer met the first response in time: its breach never fired, nor was recorded.
  EXPECT_TRUE(TriggerFired(events, "first-response-breached").empty());
  for (const auto& e : events["items"]) {
    EXPECT_FALSE(e["kind"] == "sla_breached" &&
                 e["data"].value("target", "").starts_with("first_response"))
        << e.dump();
  }
}

// The policy's legal-words trigger asks for management sign-off: the ticket resolves but
// does not close until a manager approves, and an agent cannot approve.
TEST_F(ServeStory, SignOffIsNeededBeforeClosingWhenThePolicyAsksForIt) {
  DemoServer& s = *server_;
  HttpResult opened = s.As("alice").Post(
      "/api/v1/tickets", Json{{"subject", "Export of our personal data"},
                              {"description", "Our lawyer asks for a full GDPR export."},
                              {"category", "account"},
                              {"impact", "medium"},
                              {"urgency", "medium"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::int64_t id = BodyJson(opened)["id"];
  Json t = Ticket(id);
  EXPECT_EQ(t["team"], "legal-counsel");
  EXPECT_EQ(t["level"], "L3");
  EXPECT_EQ(t["priority"], "high");
  EXPECT_EQ(t["tags"], Json::array({"legal-risk"}));
  EXPECT_EQ(t["signoff"], (Json{{"required", true}, {"state", nullptr}}));
  ASSERT_EQ(TriggerFired(Events(id), "legal-words").size(), 1u);

  ApiSession& paula = s.As("paula");
  EXPECT_TRUE(IsApiError(s.As("maria").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}),
                         409, "conflict", "signoff"));
  HttpResult resolved = paula.Post(TicketPath(id, "/resolve"), Json{{"root_cause_category", "request"},
                                                              {"root_cause", "Export sent"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(BodyJson(resolved)["signoff"], (Json{{"required", true}, {"state", "pending"}}));
  EXPECT_TRUE(IsApiError(paula.Post(TicketPath(id, "/status"), Json{{"status", "closed"}}), 409,
                         "conflict", "status"));
  EXPECT_TRUE(IsApiError(s.As("ben").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}), 403,
                         "forbidden"));
  EXPECT_TRUE(IsApiError(s.As("maria").Post(TicketPath(id, "/signoff"), Json{{"decision", "maybe"}}), 400,
                         "invalid", "decision"));
  EXPECT_EQ(Ticket(id)["signoff"]["state"], "pending");
  // The customer sees a resolution awaiting approval, may not rate it yet, and is not told
  // of the resolution until it is approved.
  EXPECT_EQ(s.As("alice").GetJson(TicketPath(id))["awaiting_signoff"], true);
  EXPECT_TRUE(IsApiError(s.As("alice").Post(TicketPath(id, "/feedback"), Json{{"rating", 5}}), 409,
                         "conflict"));
  auto resolved_updates = [&] {
    int count = 0;
    const Json outbox = s.As("maria").GetJson(TicketPath(id, "/notifications"));
    for (const auto& row : outbox["items"]) count += row["event"] == "customer_resolved";
    return count;
  };
  EXPECT_EQ(resolved_updates(), 0);

  HttpResult approved = s.As("maria").Post(TicketPath(id, "/signoff"),
                                           Json{{"decision", "approve"}, {"comment", "Checked"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(BodyJson(approved)["signoff"]["state"], "approved");
  EXPECT_EQ(resolved_updates(), 1);
  EXPECT_EQ(s.As("alice").GetJson(TicketPath(id))["awaiting_signoff"], false);
  HttpResult closed = paula.Post(TicketPath(id, "/status"), Json{{"status", "closed"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(BodyJson(closed)["status"], "closed");
  EXPECT_TRUE(
      InOrder(EventKinds(Events(id)), {"created", "escalated", "signoff_required", "resolved",
                                       "signoff_requested", "signoff_approved", "status_changed"}));
}

// A running SLA clock counts as breached once now is past its due instant; the
// scheduler wakes one second after the deadline to record it.
TEST_F(ServeStory, NextUpdateBreachIsRecordedAsSoonAsItsDeadlinePasses) {
  DemoServer& s = *server_;
  HttpResult opened = s.As("alice").Post("/api/v1/tickets", Json{{"subject", "Reports are empty"},
                                                                 {"category", "technical"},
                                                                 {"impact", "high"},
                                                                 {"urgency", "high"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::int64_t id = BodyJson(opened)["id"];
  ASSERT_EQ(s.As("ben").Post(TicketPath(id, "/messages"), Json{{"body", "Looking."}}).status, 201);
  ASSERT_EQ(Ticket(id)["sla"]["next_deadline"], "2026-03-02T16:00:00+00:00");

  s.SetClock("2026-03-02T16:01:00Z");  // a minute past the next-update deadline
  const Json t = Ticket(id);
  EXPECT_EQ(t["sla"]["state"], "breached") << t.dump();
  EXPECT_EQ(t["sla"]["breached"], true);
  bool recorded = false;
  const Json events = Events(id);  // kept alive: the loop reads into it
  for (const auto& e : events["items"]) {
    if (e["kind"] == "sla_breached" && e["data"].value("target", "").starts_with("next_update")) {
      recorded = true;
    }
  }
  EXPECT_TRUE(recorded) << events.dump();
}

}  // namespace
}  // namespace esc
