// Black-box tests of the updates a customer gets under the policy's customer_updates:
// section: the acknowledgement, the escalation notice (without internal detail), the
// progress update when next_update falls due, the resolution with a signed one-click
// feedback link, and what that link does (rates once, takes a comment, refuses anything
// altered). Rows are read from the ticket's outbox; delivery is the outbox worker's job.
//
// Each test runs its own server on a fresh database with the policy below and the manual
// clock from Monday 2026-03-02T14:00:00Z.
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"
#include "support/escalator_process.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::HttpClient;
using test_support::HttpResult;
using test_support::Json;
using test_support::ScratchDir;
using test_support::ServeOptions;
using test_support::ServerProcess;
using test_support::TicketPath;

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
  L2: {name: Specialists}
teams:
  frontline: {name: Frontline, level: L1, skills: [technical], members: [ana],
              manager: maria, calendar: always-on}
  tier-two: {name: Secret Squirrel Squad, level: L2, skills: [technical], members: [hiro],
             manager: maria, calendar: always-on}
sla:
  - name: everyone
    calendar: always-on
    targets: {first_response: 100h, next_update: 1h, resolution: 400h}
escalation_paths:
  technical:
    - {team: frontline, time: 30m}
    - {team: tier-two}
notifications:
  desk-mail: {type: email, from: desk@example.com}
customer_updates:
  via: desk-mail
  feedback_link_valid: 1w
)";

constexpr std::string_view kPassword = test_support::kDemoPassword;

class ServeCustomerUpdates : public ::testing::Test {
 protected:
  void SetUp() override {
    test_support::WriteFile(dir_ / "policy.yaml", kPolicy);
    const auto made =
        test_support::RunEscalator({"user", "add", "--db", (dir_ / "updates.db").string(),
                                    "--username", "admin", "--role", "admin"},
                                   std::string(kPassword) + "\n", dir_);
    ASSERT_EQ(made.status, 0) << made.out << made.err;
    ServeOptions options = test_support::ServeOn(dir_ / "updates.db", dir_);
    options.policy = (dir_ / "policy.yaml").string();
    server_ = std::make_unique<ServerProcess>(std::move(options));
    ASSERT_TRUE(server_->ok()) << server_->error();
    admin_ = std::make_unique<ApiSession>(server_->base_url());
    ASSERT_EQ(admin_->Login("admin", kPassword).status, 201);
    const HttpResult customer =
        admin_->Post("/api/v1/customers", Json{{"name", "Acme Corp"}, {"tier", "gold"}});
    ASSERT_EQ(customer.status, 201) << customer.body;
    customer_id_ = BodyJson(customer)["id"];
    const HttpResult user = admin_->Post("/api/v1/users", Json{{"username", "alice"},
                                                               {"role", "customer"},
                                                               {"customer_id", customer_id_},
                                                               {"email", "alice@acme.example"},
                                                               {"password", kPassword}});
    ASSERT_EQ(user.status, 201) << user.body;
    alice_ = std::make_unique<ApiSession>(server_->base_url());
    ASSERT_EQ(alice_->Login("alice", kPassword).status, 201);
  }
  void TearDown() override {
    if (server_ && server_->running()) {
      EXPECT_EQ(server_->Terminate(), 0) << server_->Stderr();
    }
  }

  std::int64_t OpenAsAlice() {
    const HttpResult r = alice_->Post("/api/v1/tickets", Json{{"subject", "Exports fail"},
                                                              {"category", "technical"},
                                                              {"impact", "low"},
                                                              {"urgency", "low"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? BodyJson(r)["id"].get<std::int64_t>() : 0;
  }
  void Advance(std::int64_t seconds) {
    HttpClient http(server_->base_url());
    const HttpResult r = http.Post("/_test/clock", Json{{"advance_seconds", seconds}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
  }
  // The ticket's customer rows, in order.
  std::vector<Json> CustomerRows(std::int64_t id) {
    std::vector<Json> rows;
    const Json outbox = admin_->GetJson(TicketPath(id, "/notifications"));
    for (const auto& row : outbox["items"]) {
      if (row["role"] == "customer") rows.push_back(row);
    }
    return rows;
  }
  // The path and query of the feedback link in the resolution row.
  std::string FeedbackPath(std::int64_t id) {
    for (const auto& row : CustomerRows(id)) {
      if (row["payload"].contains("feedback_url")) {
        const std::string url = row["payload"]["feedback_url"];
        EXPECT_TRUE(url.starts_with(server_->base_url() + "/feedback/")) << url;
        return url.substr(server_->base_url().size());
      }
    }
    ADD_FAILURE() << "no feedback link for ticket " << id;
    return "/feedback/none";
  }
  void Resolve(std::int64_t id) {
    ASSERT_EQ(admin_
                  ->Post(TicketPath(id, "/resolve"),
                         Json{{"root_cause_category", "defect"}, {"root_cause", "fixed"}})
                  .status,
              200);
  }

  ScratchDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiSession> admin_;
  std::unique_ptr<ApiSession> alice_;
  std::int64_t customer_id_ = 0;
};

TEST_F(ServeCustomerUpdates, TheCustomerHearsOfIntakeEscalationProgressAndResolution) {
  const std::int64_t id = OpenAsAlice();
  std::vector<Json> rows = CustomerRows(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["event"], "customer_received");
  EXPECT_EQ(rows[0]["recipient"], "alice");
  EXPECT_EQ(rows[0]["channel"], "desk-mail");
  EXPECT_EQ(rows[0]["payload"]["ticket"], "ESC-" + std::to_string(id));
  EXPECT_EQ(rows[0]["payload"]["template"], "customer_update");

  // The agent answers: the next update is due in an hour (15:00).
  ASSERT_EQ(admin_->Post(TicketPath(id, "/messages"), Json{{"body", "Looking into it."}}).status,
            201);
  Advance(30 * 60);  // 14:30: the path moves the case to tier two
  ASSERT_EQ(admin_->GetJson(TicketPath(id))["team"], "tier-two");
  rows = CustomerRows(id);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1]["event"], "customer_escalated");
  const std::string told = rows[1]["payload"].dump();
  for (const char* internal : {"tier-two", "Secret Squirrel", "L2", "hiro", "path"}) {
    EXPECT_EQ(told.find(internal), std::string::npos) << internal << " in " << told;
  }

  Advance(31 * 60);  // 15:01: next_update fell due at 15:00 without a further update
  rows = CustomerRows(id);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2]["event"], "customer_progress");

  Resolve(id);
  rows = CustomerRows(id);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[3]["event"], "customer_resolved");
  EXPECT_EQ(rows[3]["payload"]["template"], "resolved_feedback");
  EXPECT_TRUE(rows[3]["payload"].contains("feedback_url"));
}

TEST_F(ServeCustomerUpdates, TheFeedbackLinkRatesOnceTakesACommentAndRefusesForgeries) {
  const std::int64_t id = OpenAsAlice();
  Resolve(id);
  const std::string link = FeedbackPath(id);
  HttpClient browser(server_->base_url());

  HttpResult page = browser.Get(link);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("?rating=5"), std::string::npos) << page.body;

  page = browser.Get(link + "?rating=5");  // the click in the mail
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("you rated it 5 of 5"), std::string::npos) << page.body;
  EXPECT_EQ(admin_->GetJson(TicketPath(id))["feedback"]["rating"], 5);

  page = browser.Get(link + "?rating=1");  // a second click changes nothing
  EXPECT_NE(page.body.find("rated it 5 of 5 already"), std::string::npos) << page.body;
  EXPECT_EQ(admin_->GetJson(TicketPath(id))["feedback"]["rating"], 5);

  page = browser.Post(link, "comment=Quick+and+kind%21",
                      {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(admin_->GetJson(TicketPath(id))["feedback"]["comment"], "Quick and kind!");

  // One character changed in the signature: refused, and nothing recorded.
  std::string forged = link;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(browser.Get(forged + "?rating=1").status, 400);
  EXPECT_EQ(browser.Get(link + "?rating=9").status, 400);
  EXPECT_EQ(admin_->GetJson(TicketPath(id))["feedback"]["rating"], 5);
}

TEST_F(ServeCustomerUpdates, TheLinkExpiresAndATicketOpenedByStaffTellsNobody) {
  const std::int64_t id = OpenAsAlice();
  Resolve(id);
  const std::string link = FeedbackPath(id);
  Advance(8 * 24 * 3600);  // beyond feedback_link_valid (1 week)
  HttpClient browser(server_->base_url());
  const HttpResult expired = browser.Get(link + "?rating=4");
  EXPECT_EQ(expired.status, 403);
  EXPECT_NE(expired.body.find("expired"), std::string::npos) << expired.body;
  ASSERT_EQ(admin_->Login("admin", kPassword).status, 201);  // the session ended meanwhile

  const HttpResult by_staff = admin_->Post("/api/v1/tickets", Json{{"subject", "Phoned in"},
                                                                   {"category", "technical"},
                                                                   {"impact", "low"},
                                                                   {"urgency", "low"},
                                                                   {"customer_id", customer_id_}});
  ASSERT_EQ(by_staff.status, 201) << by_staff.body;
  EXPECT_TRUE(CustomerRows(BodyJson(by_staff)["id"]).empty());
}

}  // namespace
}  // namespace esc
