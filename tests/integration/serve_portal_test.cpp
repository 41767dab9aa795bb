// Black-box tests of what the customer portal needs beyond the ticket API: files uploaded
// to a ticket (the customer's own organisation only, kept whole, larger than a JSON
// request may be, refused when empty or too large), the signed sign-in link in customer
// updates (opens a session on the ticket; refuses forgeries, feedback tokens and expired
// links), and the queue filters and references the web app uses (pending sign-offs,
// escalated, due before; merge into a ticket by its key; the policy file's text).
//
// Each test runs its own server on a fresh database with the policy below and the manual
// clock from Monday 2026-03-02T14:00:00Z.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

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
  tier-two: {name: Tier two, level: L2, skills: [technical], members: [hiro],
             manager: maria, calendar: always-on}
sla:
  - name: everyone
    calendar: always-on
    targets: {first_response: 100h, next_update: 10h, resolution: 400h}
escalation_paths:
  technical:
    - {team: frontline, time: 30m}
    - {team: tier-two}
notifications:
  desk-mail: {type: email, from: desk@example.com}
customer_updates:
  via: desk-mail
)";

constexpr std::string_view kPassword = test_support::kDemoPassword;

class ServePortal : public ::testing::Test {
 protected:
  void SetUp() override {
    test_support::WriteFile(dir_ / "policy.yaml", kPolicy);
    const auto made =
        test_support::RunEscalator({"user", "add", "--db", (dir_ / "portal.db").string(),
                                    "--username", "admin", "--role", "admin"},
                                   std::string(kPassword) + "\n", dir_);
    ASSERT_EQ(made.status, 0) << made.out << made.err;
    ServeOptions options = test_support::ServeOn(dir_ / "portal.db", dir_);
    options.policy = (dir_ / "policy.yaml").string();
    server_ = std::make_unique<ServerProcess>(std::move(options));
    ASSERT_TRUE(server_->ok()) << server_->error();
    admin_ = std::make_unique<ApiSession>(server_->base_url());
    ASSERT_EQ(admin_->Login("admin", kPassword).status, 201);
    alice_ = Customer("Acme Corp", "alice");
    bob_ = Customer("Globex", "bob");
  }
  void TearDown() override {
    if (server_ && server_->running()) {
      EXPECT_EQ(server_->Terminate(), 0) << server_->Stderr();
    }
  }

  std::unique_ptr<ApiSession> Customer(const std::string& organisation,
                                       const std::string& username) {
    const HttpResult org = admin_->Post("/api/v1/customers", Json{{"name", organisation}, {"tier", "standard"}});
    EXPECT_EQ(org.status, 201) << org.body;
    const HttpResult user =
        admin_->Post("/api/v1/users", Json{{"username", username},
                                           {"role", "customer"},
                                           {"customer_id", BodyJson(org)["id"]},
                                           {"email", username + "@example.com"},
                                           {"password", kPassword}});
    EXPECT_EQ(user.status, 201) << user.body;
    auto session = std::make_unique<ApiSession>(server_->base_url());
    EXPECT_EQ(session->Login(username, kPassword).status, 201);
    return session;
  }
  std::int64_t Open(ApiSession& as, const std::string& subject) {
    const HttpResult r = as.Post("/api/v1/tickets", Json{{"subject", subject},
                                                        {"category", "technical"},
                                                        {"impact", "low"},
                                                        {"urgency", "low"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? BodyJson(r)["id"].get<std::int64_t>() : 0;
  }
  HttpResult Upload(ApiSession& as, std::int64_t id, const std::string& query,
                    const std::string& bytes, const std::string& type = "text/plain") {
    return as.Send("POST", TicketPath(id, "/attachments" + query), bytes,
                   {{"Content-Type", type}});
  }
  // The path of the portal link in the ticket's first customer update.
  std::string PortalPath(std::int64_t id) {
    const Json outbox = admin_->GetJson(TicketPath(id, "/notifications"));
    for (const auto& row : outbox["items"]) {
      if (row["role"] == "customer" && row["payload"].contains("portal_url")) {
        const std::string url = row["payload"]["portal_url"];
        EXPECT_TRUE(url.starts_with(server_->base_url() + "/portal/link/")) << url;
        return url.substr(server_->base_url().size());
      }
    }
    ADD_FAILURE() << "no portal link for ticket " << id << ": " << outbox.dump();
    return "/portal/link/none";
  }
  void Advance(std::int64_t seconds) {
    HttpClient http(server_->base_url());
    const HttpResult r = http.Post("/_test/clock", Json{{"advance_seconds", seconds}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
  }
  std::vector<std::int64_t> ListIds(const std::string& query) {
    std::vector<std::int64_t> ids;
    const Json list = admin_->GetJson("/api/v1/tickets?" + query);
    for (const auto& t : list["items"]) {
      ids.push_back(t["id"].get<std::int64_t>());
    }
    return ids;
  }

  ScratchDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiSession> admin_;
  std::unique_ptr<ApiSession> alice_;
  std::unique_ptr<ApiSession> bob_;
};

TEST_F(ServePortal, ACustomerUploadsAFileToTheirTicketAndItComesBackWhole) {
  const std::int64_t id = Open(*alice_, "The export is garbled");
  // 3 MiB of every byte value: beyond the 1 MiB a JSON request may have.
  std::string bytes;
  for (int i = 0; bytes.size() < 3u * 1024 * 1024; ++i) bytes.push_back(static_cast<char>(i));
  const HttpResult up =
      Upload(*alice_, id, "?filename=..%2F..%2Fetc%2Fexport.bin", bytes, "application/x-thing");
  ASSERT_EQ(up.status, 201) << up.body;
  const Json row = BodyJson(up);
  EXPECT_EQ(row["filename"], "export.bin");  // no directories, ever
  EXPECT_EQ(row["size"], bytes.size());
  EXPECT_EQ(row["content_type"], "application/x-thing");

  const Json listed = admin_->GetJson(TicketPath(id, "/attachments"));
  ASSERT_EQ(listed["items"].size(), 1u);
  const HttpResult download =
      alice_->Get(TicketPath(id, "/attachments/" + std::to_string(row["id"].get<std::int64_t>())));
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, bytes);

  bool recorded = false;
  const Json events = admin_->GetJson(TicketPath(id, "/events"));
  for (const auto& e : events["items"]) {
    if (e["kind"] == "attachment_added") {
      recorded = true;
      EXPECT_EQ(e["actor"], "alice");
      EXPECT_EQ(e["data"]["filename"], "export.bin");
    }
  }
  EXPECT_TRUE(recorded);
}

TEST_F(ServePortal, UploadsAreRefusedForOtherOrganisationsEmptyFilesAndOversizedBodies) {
  const std::int64_t id = Open(*alice_, "Mine");
  EXPECT_EQ(Upload(*bob_, id, "?filename=x.txt", "hello").status, 404);
  EXPECT_TRUE(test_support::IsApiError(Upload(*alice_, id, "?filename=x.txt", ""), 400, "invalid", "body"));
  EXPECT_TRUE(test_support::IsApiError(Upload(*alice_, id, "", "hello"), 400, "invalid", "filename"));
  EXPECT_TRUE(
      test_support::IsApiError(Upload(*alice_, id, "?filename=x.txt&name=y", "hello"), 400,
                               "invalid"));
  const HttpResult huge = Upload(*alice_, id, "?filename=big.bin",
                                 std::string(25u * 1024 * 1024 + 1, 'x'));
  EXPECT_EQ(huge.status, 413) << huge.body.substr(0, 200);
  EXPECT_TRUE(admin_->GetJson(TicketPath(id, "/attachments"))["items"].empty());
  // A JSON endpoint keeps the small limit.
  EXPECT_EQ(alice_->PostRaw("/api/v1/tickets", std::string(2u * 1024 * 1024, ' ')).status, 413);
}

TEST_F(ServePortal, TheSignedLinkInAnUpdateSignsTheCustomerInOnTheTicket) {
  const std::int64_t id = Open(*alice_, "Where is my invoice?");
  const std::string link = PortalPath(id);
  HttpClient browser(server_->base_url());
  const HttpResult followed = browser.Get(link);
  ASSERT_EQ(followed.status, 303) << followed.body;
  EXPECT_EQ(followed.Header("location"), "/tickets/ESC-" + std::to_string(id));
  const std::string cookie = followed.Header("set-cookie");
  ASSERT_TRUE(cookie.starts_with("esc_session=")) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);

  const HttpResult me =
      browser.Send("GET", "/api/v1/me", "", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(BodyJson(me)["username"], "alice");
  EXPECT_FALSE(BodyJson(me)["csrf_token"].get<std::string>().empty());

  // Altered, or a feedback token for the same ticket: refused, no session.
  std::string forged = link;
  forged.back() = forged.back() == '0' ? '1' : '0';
  const HttpResult refused = browser.Get(forged);
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(refused.Header("set-cookie").empty());
  EXPECT_NE(refused.body.find("sign-in link is not valid"), std::string::npos) << refused.body;
  EXPECT_EQ(browser.Get("/portal/link/1.2.3").status, 400);
}

TEST_F(ServePortal, TheSignInLinkExpiresAfterAWeekAndStopsForADisabledAccount) {
  const std::int64_t id = Open(*alice_, "Where is my invoice?");
  const std::string link = PortalPath(id);
  const Json alice = alice_->GetJson("/api/v1/me");
  ASSERT_EQ(admin_->Patch("/api/v1/users/" + std::to_string(alice["id"].get<std::int64_t>()),
                          Json{{"disabled", true}})
                .status,
            200);
  HttpClient browser(server_->base_url());
  EXPECT_EQ(browser.Get(link).status, 403);
  ASSERT_EQ(admin_->Patch("/api/v1/users/" + std::to_string(alice["id"].get<std::int64_t>()),
                          Json{{"disabled", false}})
                .status,
            200);
  EXPECT_EQ(browser.Get(link).status, 303);
  Advance(8 * 24 * 3600);
  const HttpResult expired = browser.Get(link);
  EXPECT_EQ(expired.status, 403);
  EXPECT_NE(expired.body.find("expired"), std::string::npos) << expired.body;
}

TEST_F(ServePortal, ListFiltersPendingSignOffEscalatedAndDueBefore) {
  const std::int64_t first = Open(*alice_, "One");
  const std::int64_t second = Open(*alice_, "Two");
  Advance(31 * 60);  // both leave frontline for tier two by the path
  const std::int64_t third = Open(*alice_, "Three");
  ASSERT_EQ(admin_->Post(TicketPath(first, "/resolve"),
                         Json{{"root_cause_category", "defect"}, {"root_cause", "fixed"}})
                .status,
            200);
  EXPECT_EQ(ListIds("escalated=true"), (std::vector<std::int64_t>{second}));
  EXPECT_TRUE(ListIds("signoff=pending").empty());  // this policy asks for no sign-off
  // Cut between the earliest and the latest next deadline of the open ones.
  std::vector<std::string> due;
  for (const std::int64_t id : {second, third}) {
    due.push_back(admin_->GetJson(TicketPath(id))["sla"]["next_deadline"].get<std::string>());
  }
  ASSERT_NE(due[0], due[1]);
  const auto [earliest, latest] = std::minmax(due[0], due[1]);
  // "+00:00" in a query: the plus sign encoded.
  std::string cut = latest;
  if (const auto plus = cut.find('+'); plus != std::string::npos) cut.replace(plus, 1, "%2B");
  const std::int64_t due_first = due[0] == earliest ? second : third;
  const std::int64_t due_last = due_first == second ? third : second;
  EXPECT_EQ(ListIds("open=true&due_before=" + cut), (std::vector<std::int64_t>{due_first}));
  EXPECT_EQ(ListIds("open=true&due_from=" + cut), (std::vector<std::int64_t>{due_last}));
  EXPECT_TRUE(test_support::IsApiError(admin_->Get("/api/v1/tickets?signoff=maybe"), 400,
                                       "invalid", "signoff"));
  EXPECT_TRUE(test_support::IsApiError(admin_->Get("/api/v1/tickets?due_before=soon"), 400,
                                       "invalid", "due_before"));
}

TEST_F(ServePortal, MergeAndLinksTakeATicketKeyAndTheAdminReadsThePolicyFile) {
  const std::int64_t keep = Open(*alice_, "Export broken");
  const std::int64_t dup = Open(*alice_, "Export broken again");
  const HttpResult merged = admin_->Post(TicketPath(dup, "/merge"),
                                         Json{{"into", "ESC-" + std::to_string(keep)}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(BodyJson(merged)["merged_into"], keep);
  EXPECT_TRUE(test_support::IsApiError(
      admin_->Post(TicketPath(keep, "/merge"), Json{{"into", "ticket seven"}}), 400, "invalid",
      "into"));
  const HttpResult linked = admin_->Post(
      TicketPath(keep, "/links"),
      Json{{"kind", "related"}, {"ticket_id", "ESC-" + std::to_string(dup)}});
  EXPECT_EQ(linked.status, 201) << linked.body;

  const Json source = admin_->GetJson("/api/v1/policy/source");
  EXPECT_EQ(source["file"], "policy.yaml");
  EXPECT_EQ(source["text"], std::string(kPolicy));
  EXPECT_EQ(source["running"], true);
  EXPECT_EQ(alice_->Get("/api/v1/policy/source").status, 403);
  test_support::WriteFile(dir_ / "policy.yaml", std::string(kPolicy) + "# edited\n");
  EXPECT_EQ(admin_->GetJson("/api/v1/policy/source")["running"], false);
}

}  // namespace
}  // namespace esc
