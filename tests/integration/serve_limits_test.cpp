// Black-box tests of the policy's limits on open escalations in `escalator serve`: at a
// `queue` limit an escalation (the engine's or a person's) waits, shows on the ticket and
// goes ahead exactly once, as it was decided, when a case leaves; a case resolved while it
// waits leaves the queue; the queue survives a restart; at a `notify_manager` limit the
// escalation goes ahead and the receiving team's manager gets a notification.
//
// Each test runs its own server on a fresh database with the policy below (no demo data,
// so the counts are exactly the tickets a test opens) and the manual clock from Monday
// 2026-03-02T14:00:00Z. The technical path moves a case from frontline to specialists
// (L2) after 1 h: that is the engine's escalation. L2 takes 1 open escalation and queues
// the rest; team engineering (L3) takes 1 and tells its manager, otto, beyond that.
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"
#include "support/escalator_process.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::EventKinds;
using test_support::HttpClient;
using test_support::HttpResult;
using test_support::InOrder;
using test_support::IsApiError;
using test_support::Json;
using test_support::TicketPath;
using test_support::ScratchDir;
using test_support::ServeOptions;
using test_support::ServerProcess;

constexpr std::string_view kPolicy = R"(calendars:
  always-on: {hours: 24/7}
priorities:
  order: [high, low]
  default: low
  matrix:
    high: {high: high, low: low}
    low: {high: low, low: low}
categories:
  technical: {name: Technical}
levels:
  L1: {name: Frontline}
  L2: {name: Specialists, authority: {may_deescalate: true}}
  L3: {name: Engineering, authority: {may_approve: true, may_deescalate: true}}
teams:
  frontline: {name: Frontline, level: L1, skills: [technical], members: [ana, ben],
              manager: maria, calendar: always-on}
  specialists: {name: Specialists, level: L2, skills: [technical], members: [hiro],
                manager: maria, calendar: always-on}
  engineering: {name: Engineering, level: L3, skills: [technical], members: [karl, lena],
                manager: otto, calendar: always-on}
sla:
  - name: everyone
    calendar: always-on
    targets: {first_response: 100h, resolution: 400h}
escalation_paths:
  technical:
    - {team: frontline, time: 1h}
    - {team: specialists, time: 100h}
    - {team: engineering}
notifications:
  desk-mail: {type: email, from: desk@example.com}
triggers:
  - name: customer-asked
    when: {customer_asked_to_escalate: true}
    then: [{escalate: {team: engineering}}]
limits:
  - {level: L2, max_open_escalations: 1, beyond: queue}
  - {team: engineering, max_open_escalations: 1, beyond: notify_manager}
)";

constexpr std::string_view kPassword = test_support::kDemoPassword;

class ServeLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    test_support::WriteFile(dir_ / "limits.yaml", kPolicy);
    const auto made = test_support::RunEscalator(
        {"user", "add", "--db", Db().string(), "--username", "admin", "--role", "admin"},
        std::string(kPassword) + "\n", dir_);
    ASSERT_EQ(made.status, 0) << made.out << made.err;
    Start();
    ASSERT_TRUE(server_->ok()) << server_->error();
    const HttpResult customer =
        admin_->Post("/api/v1/customers", Json{{"name", "Acme Corp"}, {"tier", "gold"}});
    ASSERT_EQ(customer.status, 201) << customer.body;
    customer_id_ = BodyJson(customer)["id"];
  }
  void TearDown() override {
    if (server_ && server_->running()) {
      EXPECT_EQ(Stop(), 0) << server_->Stderr();
    }
  }

  std::filesystem::path Db() const { return dir_ / "limits.db"; }

  // A server on the test's database (again: a restart) with a logged-in admin.
  void Start() {
    ServeOptions options = test_support::ServeOn(Db(), dir_);
    options.policy = (dir_ / "limits.yaml").string();
    server_ = std::make_unique<ServerProcess>(std::move(options));
    if (!server_->ok()) return;
    admin_ = std::make_unique<ApiSession>(server_->base_url());
    const HttpResult login = admin_->Login("admin", kPassword);
    ASSERT_EQ(login.status, 201) << login.body;
  }
  int Stop() {
    admin_.reset();
    customer_.reset();
    return server_->Terminate();
  }

  // A technical ticket of Acme Corp, opened by the admin; it starts at frontline.
  std::int64_t Open(std::string_view subject) {
    const HttpResult r = admin_->Post("/api/v1/tickets", Json{{"subject", subject},
                                                              {"category", "technical"},
                                                              {"impact", "low"},
                                                              {"urgency", "low"},
                                                              {"customer_id", customer_id_}});
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return 0;
    EXPECT_EQ(BodyJson(r)["team"], "frontline");
    return BodyJson(r)["id"];
  }
  Json Ticket(std::int64_t id) { return admin_->GetJson(TicketPath(id)); }
  Json Events(std::int64_t id) { return admin_->GetJson(TicketPath(id, "/events")); }
  Json Escalations(std::int64_t id) { return admin_->GetJson(TicketPath(id, "/escalations"))["items"]; }
  Json Notifications(std::int64_t id) {
    return admin_->GetJson(TicketPath(id, "/notifications"))["items"];
  }
  // The events of one kind, in order.
  std::vector<Json> EventsOf(std::int64_t id, std::string_view kind) {
    std::vector<Json> out;
    const Json events = Events(id);
    for (const auto& e : events["items"]) {
      if (e.value("kind", "") == kind) out.push_back(e);
    }
    return out;
  }
  HttpResult Escalate(std::int64_t id, std::string_view to, std::string_view reason) {
    return admin_->Post(TicketPath(id, "/escalate"), Json{{"to", to}, {"reason", reason}});
  }
  HttpResult Resolve(std::int64_t id) {
    return admin_->Post(TicketPath(id, "/resolve"), Json{{"root_cause_category", "defect"},
                                                   {"root_cause", "fixed in the release"}});
  }
  Json Advance(std::int64_t seconds) {
    HttpClient http(server_->base_url());
    const HttpResult r = http.Post("/_test/clock", Json{{"advance_seconds", seconds}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return BodyJson(r);
  }
  // A customer contact of Acme Corp, logged in.
  ApiSession& Customer() {
    if (!customer_) {
      const HttpResult made = admin_->Post("/api/v1/users", Json{{"username", "alice"},
                                                                 {"role", "customer"},
                                                                 {"customer_id", customer_id_},
                                                                 {"password", kPassword}});
      EXPECT_EQ(made.status, 201) << made.body;
      customer_ = std::make_unique<ApiSession>(server_->base_url());
      const HttpResult login = customer_->Login("alice", kPassword);
      EXPECT_EQ(login.status, 201) << login.body;
    }
    return *customer_;
  }

  ScratchDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiSession> admin_;
  std::unique_ptr<ApiSession> customer_;
  std::int64_t customer_id_ = 0;
};

// The engine's escalation (the path's 1 h at frontline) waits at the L2 limit and goes
// ahead, once, with its trigger and reason, in the transaction that resolves the case
// holding L2.
TEST_F(ServeLimits, EngineEscalationWaitsAtAQueueLimitAndGoesAheadWhenACaseLeaves) {
  const std::int64_t first = Open("Search is slow");
  Advance(30 * 60);
  const std::int64_t second = Open("Exports time out");
  ASSERT_NE(first, 0);
  ASSERT_NE(second, 0);

  Advance(30 * 60);  // 15:00: the first has had its hour at frontline
  Json t1 = Ticket(first);
  EXPECT_EQ(t1["team"], "specialists");
  EXPECT_EQ(t1["level"], "L2");
  EXPECT_TRUE(t1["queued_escalation"].is_null()) << t1;

  Advance(30 * 60);  // 15:30: the second's hour is up, but L2 holds 1 of 1
  Json t2 = Ticket(second);
  EXPECT_EQ(t2["team"], "frontline");
  EXPECT_EQ(t2["level"], "L1");
  ASSERT_TRUE(t2["queued_escalation"].is_object()) << t2;
  const Json queued = t2["queued_escalation"];
  EXPECT_EQ(queued["type"], "hierarchical");
  EXPECT_EQ(queued["to"], (Json{{"team", "specialists"}, {"level", "L2"}}));
  EXPECT_EQ(queued["trigger"], "escalation-path");
  EXPECT_EQ(queued["by"], "system");
  EXPECT_EQ(queued["queued_at"], "2026-03-02T15:30:00+00:00");
  EXPECT_EQ(queued["limit"], (Json{{"level", "L2"}}));
  EXPECT_FALSE(queued["reason"].get<std::string>().empty());
  EXPECT_TRUE(Escalations(second).empty());
  const auto queued_events = EventsOf(second, "escalation_queued");
  ASSERT_EQ(queued_events.size(), 1u);
  EXPECT_EQ(queued_events[0]["data"]["limit"]["max_open_escalations"], 1);
  EXPECT_EQ(queued_events[0]["data"]["limit"]["open"], 1);

  Advance(60 * 60);  // waiting does not repeat the decision
  EXPECT_EQ(EventsOf(second, "escalation_queued").size(), 1u);
  EXPECT_EQ(Ticket(second)["team"], "frontline");

  // 16:30: the first is resolved; in the same transaction the second goes ahead.
  const HttpResult resolved = Resolve(first);
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  t2 = Ticket(second);
  EXPECT_EQ(t2["team"], "specialists");
  EXPECT_EQ(t2["level"], "L2");
  EXPECT_EQ(t2["assignee"], "hiro");
  EXPECT_TRUE(t2["queued_escalation"].is_null()) << t2;
  const Json escalations = Escalations(second);
  ASSERT_EQ(escalations.size(), 1u) << escalations;
  EXPECT_EQ(escalations[0]["trigger"], "escalation-path");
  EXPECT_EQ(escalations[0]["reason"], queued["reason"]);
  EXPECT_EQ(escalations[0]["by"], "system");
  EXPECT_EQ(escalations[0]["type"], "hierarchical");
  EXPECT_EQ(escalations[0]["at"], "2026-03-02T16:30:00+00:00");
  EXPECT_EQ(escalations[0]["from"], (Json{{"team", "frontline"}, {"level", "L1"}}));
  const auto escalated = EventsOf(second, "escalated");
  ASSERT_EQ(escalated.size(), 1u);
  EXPECT_EQ(escalated[0]["data"]["queued_at"], "2026-03-02T15:30:00+00:00");
  EXPECT_TRUE(InOrder(EventKinds(Events(second)), {"created", "escalation_queued", "escalated"}));

  // Exactly once: later clock moves and changes do not carry it out again.
  Advance(2 * 60 * 60);
  EXPECT_EQ(Escalations(second).size(), 1u);
  EXPECT_EQ(EventsOf(second, "escalated").size(), 1u);
}

// A person's escalation obeys the same limit: it waits (202, with the queued state), a
// second request for the same queue is a conflict, and a de-escalation that takes the
// case holding L2 back down lets it through, as the person asked for it.
TEST_F(ServeLimits, ManualEscalationWaitsAtAQueueLimitAndGoesAheadWhenACaseIsDeescalated) {
  const std::int64_t first = Open("Login fails");
  const std::int64_t second = Open("Reports are empty");
  ASSERT_NE(first, 0);
  ASSERT_NE(second, 0);

  const HttpResult up = Escalate(first, "next_level", "needs a specialist");
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(BodyJson(up)["team"], "specialists");
  EXPECT_TRUE(BodyJson(up)["queued_escalation"].is_null());

  const HttpResult waits = Escalate(second, "next_level", "customer is blocked");
  ASSERT_EQ(waits.status, 202) << waits.body;
  const Json t2 = BodyJson(waits);
  EXPECT_EQ(t2["team"], "frontline");
  ASSERT_TRUE(t2["queued_escalation"].is_object()) << t2;
  EXPECT_EQ(t2["queued_escalation"]["by"], "admin");
  EXPECT_EQ(t2["queued_escalation"]["reason"], "customer is blocked");
  EXPECT_TRUE(t2["queued_escalation"]["trigger"].is_null());
  EXPECT_EQ(t2["queued_escalation"]["to"]["team"], "specialists");
  EXPECT_EQ(Ticket(second)["queued_escalation"], t2["queued_escalation"]);

  EXPECT_TRUE(IsApiError(Escalate(second, "specialists", "still blocked"), 409, "conflict", "to"));
  EXPECT_EQ(EventsOf(second, "escalation_queued").size(), 1u);

  const HttpResult down =
      admin_->Post(TicketPath(first, "/deescalate"), Json{{"reason", "a frontline fix will do"}});
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_EQ(BodyJson(down)["team"], "frontline");

  const Json after = Ticket(second);
  EXPECT_EQ(after["team"], "specialists");
  EXPECT_TRUE(after["queued_escalation"].is_null());
  const Json escalations = Escalations(second);
  ASSERT_EQ(escalations.size(), 1u) << escalations;
  EXPECT_EQ(escalations[0]["by"], "admin");
  EXPECT_EQ(escalations[0]["reason"], "customer is blocked");
  EXPECT_TRUE(escalations[0]["trigger"].is_null());

  // The de-escalated case does not count at frontline, and L2 is full again: a third
  // escalation waits.
  const std::int64_t third = Open("Emails bounce");
  EXPECT_EQ(Escalate(third, "next_level", "needs a specialist").status, 202);
}

// Resolved while waiting: the escalation leaves the queue with the case, and when L2 has
// room the next in line (first come, first served) goes ahead instead.
TEST_F(ServeLimits, ResolvingAWaitingCaseTakesItOutOfTheQueue) {
  const std::int64_t holder = Open("Holds L2");
  const std::int64_t waiting = Open("Waits first, resolved");
  const std::int64_t next = Open("Waits second");
  ASSERT_EQ(Escalate(holder, "next_level", "first").status, 200);
  ASSERT_EQ(Escalate(waiting, "next_level", "second").status, 202);
  Advance(60);
  ASSERT_EQ(Escalate(next, "next_level", "third").status, 202);

  const HttpResult resolved = Resolve(waiting);
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_TRUE(BodyJson(resolved)["queued_escalation"].is_null());
  const auto cancelled = EventsOf(waiting, "queued_escalation_cancelled");
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled[0]["data"]["reason"], "the case was resolved");
  EXPECT_EQ(Ticket(next)["team"], "frontline");  // L2 is still full

  ASSERT_EQ(Resolve(holder).status, 200);
  EXPECT_EQ(Ticket(next)["team"], "specialists");
  EXPECT_EQ(Escalations(next).size(), 1u);
  const Json gone = Ticket(waiting);
  EXPECT_EQ(gone["status"], "resolved");
  EXPECT_EQ(gone["team"], "frontline");
  EXPECT_TRUE(Escalations(waiting).empty());
}

// The queue is in the database: after a restart the waiting escalation is still on the
// ticket and goes ahead when the case holding L2 is resolved.
TEST_F(ServeLimits, TheQueueSurvivesARestart) {
  const std::int64_t holder = Open("Holds L2");
  const std::int64_t waiting = Open("Waits across a restart");
  ASSERT_EQ(Escalate(holder, "next_level", "first").status, 200);
  ASSERT_EQ(Escalate(waiting, "next_level", "second").status, 202);
  const Json before = Ticket(waiting);
  ASSERT_EQ(Stop(), 0) << server_->Stderr();

  Start();
  ASSERT_TRUE(server_->ok()) << server_->error();
  EXPECT_EQ(Ticket(waiting), before);
  ASSERT_EQ(Resolve(holder).status, 200);
  const Json after = Ticket(waiting);
  EXPECT_EQ(after["team"], "specialists");
  EXPECT_TRUE(after["queued_escalation"].is_null());
  ASSERT_EQ(Escalations(waiting).size(), 1u);
  EXPECT_EQ(Escalations(waiting)[0]["reason"], "second");
}

// Beyond a notify_manager limit the escalation goes ahead (the engine's and a person's)
// and the receiving team's manager is told through the outbox; within it nobody is.
TEST_F(ServeLimits, BeyondANotifyManagerLimitTheEscalationGoesAheadAndTheManagerIsTold) {
  const std::int64_t first = Open("Database locks up");
  const std::int64_t second = Open("Cache returns stale data");
  const std::int64_t third = Open("Jobs stall");

  const HttpResult within = Escalate(first, "engineering", "needs an engineer");
  ASSERT_EQ(within.status, 200) << within.body;
  EXPECT_EQ(BodyJson(within)["team"], "engineering");
  EXPECT_TRUE(Notifications(first).empty());
  EXPECT_TRUE(EventsOf(first, "escalation_limit_exceeded").empty());

  // The customer asks; the policy's trigger escalates to engineering, which holds 1 of 1.
  ASSERT_EQ(
      Customer().Post(TicketPath(second, "/escalation-request"), Json{{"reason", "it is urgent"}}).status,
      200);
  Json t2 = Ticket(second);
  EXPECT_EQ(t2["team"], "engineering");
  EXPECT_TRUE(t2["queued_escalation"].is_null());
  ASSERT_EQ(Escalations(second).size(), 1u);
  EXPECT_EQ(Escalations(second)[0]["trigger"], "customer-asked");
  Json outbox = Notifications(second);
  ASSERT_EQ(outbox.size(), 1u) << outbox;
  EXPECT_EQ(outbox[0]["event"], "limit_exceeded");
  EXPECT_EQ(outbox[0]["recipient"], "otto");
  EXPECT_EQ(outbox[0]["role"], "manager");
  EXPECT_EQ(outbox[0]["channel"], "desk-mail");
  EXPECT_EQ(outbox[0]["payload"]["limit"]["team"], "engineering");
  EXPECT_EQ(outbox[0]["payload"]["limit"]["open"], 1);
  const auto exceeded = EventsOf(second, "escalation_limit_exceeded");
  ASSERT_EQ(exceeded.size(), 1u);
  EXPECT_EQ(exceeded[0]["data"]["to_team"], "engineering");
  EXPECT_EQ(exceeded[0]["data"]["notified"][0]["recipient"], "otto");

  // A person's escalation beyond it: 200 (it went ahead), the manager told again.
  const HttpResult beyond = Escalate(third, "engineering", "needs an engineer too");
  ASSERT_EQ(beyond.status, 200) << beyond.body;
  EXPECT_EQ(BodyJson(beyond)["team"], "engineering");
  outbox = Notifications(third);
  ASSERT_EQ(outbox.size(), 1u) << outbox;
  EXPECT_EQ(outbox[0]["recipient"], "otto");
  EXPECT_EQ(outbox[0]["payload"]["limit"]["open"], 2);
}

}  // namespace
}  // namespace esc
