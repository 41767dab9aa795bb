// Black-box tests of who may do what in `escalator serve`: customers see their own
// organisation only, never internal notes or the audit trail, and ask for escalations
// rather than make them; agents do not sign off; only admins manage users and tokens;
// unauthenticated calls are refused; cookie sessions need the CSRF token for changes,
// API tokens do not, until revoked.
//
// One server (a copy of the demo database) serves the whole suite; the clock never moves
// here, and each test that changes a ticket opens its own, so the order does not matter.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::DemoServer;
using test_support::EventKinds;
using test_support::HttpClient;
using test_support::HttpResult;
using test_support::InOrder;
using test_support::IsApiError;
using test_support::Json;
using test_support::TicketPath;

class ServeRoles : public test_support::SharedDemoServerTest<ServeRoles> {
 public:
  static constexpr const char* kSuiteName = "ServeRoles";

 protected:
  // A new ticket of alice's (Acme Corp).
  static std::int64_t AliceOpens(std::string_view subject) {
    HttpResult r = As("alice").Post("/api/v1/tickets", Json{{"subject", subject},
                                                            {"category", "technical"},
                                                            {"impact", "medium"},
                                                            {"urgency", "medium"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? BodyJson(r)["id"].get<std::int64_t>() : 0;
  }
  // The id of one of Globex's (bob's) demo tickets.
  static std::int64_t GlobexTicket() {
    const Json list = As("bob").GetJson("/api/v1/tickets?limit=200");
    EXPECT_FALSE(list["items"].empty());
    return list["items"].empty() ? 0 : list["items"][0]["id"].get<std::int64_t>();
  }

};

TEST_F(ServeRoles, CustomerSeesOnlyTheirOwnOrganisationsTickets) {
  const Json alice = As("alice").user();
  const Json bob = As("bob").user();
  ASSERT_NE(alice["customer_id"], bob["customer_id"]);

  const Json mine = As("alice").GetJson("/api/v1/tickets?limit=200");
  ASSERT_FALSE(mine["items"].empty());
  EXPECT_EQ(mine["total"], mine["items"].size());
  for (const auto& t : mine["items"]) EXPECT_EQ(t["customer_id"], alice["customer_id"]) << t.dump();

  const std::int64_t globex = GlobexTicket();
  ASSERT_EQ(As("bob").Get(TicketPath(globex)).status, 200);
  // Another organisation's ticket does not exist for alice: 404, like an unknown one.
  EXPECT_TRUE(IsApiError(As("alice").Get(TicketPath(globex)), 404, "not_found", "id"));
  EXPECT_TRUE(IsApiError(As("alice").Get("/api/v1/tickets/ESC-" + std::to_string(globex)), 404,
                         "not_found", "id"));
  EXPECT_TRUE(IsApiError(As("alice").Get(TicketPath(globex, "/messages")), 404, "not_found"));
  EXPECT_TRUE(IsApiError(As("alice").Post(TicketPath(globex, "/messages"), Json{{"body", "hello"}}), 404,
                         "not_found"));
  EXPECT_TRUE(IsApiError(As("alice").Get(TicketPath(999999)), 404, "not_found", "id"));
  // Filtering by another customer does not widen the view.
  const Json filtered =
      As("alice").GetJson("/api/v1/tickets?customer_id=" + bob["customer_id"].dump());
  for (const auto& t : filtered["items"]) EXPECT_EQ(t["customer_id"], alice["customer_id"]);
  const std::string bobs_customer = "/api/v1/customers/" + bob["customer_id"].dump();
  EXPECT_TRUE(IsApiError(As("alice").Get(bobs_customer), 404, "not_found"));
  EXPECT_TRUE(IsApiError(As("alice").Get(bobs_customer + "/tickets"), 404, "not_found"));
  EXPECT_TRUE(
      IsApiError(As("alice").Post("/api/v1/tickets", Json{{"subject", "For Globex"},
                                                          {"category", "technical"},
                                                          {"impact", "low"},
                                                          {"urgency", "low"},
                                                          {"customer_id", bob["customer_id"]}}),
                 403, "forbidden", "customer_id"));
}

TEST_F(ServeRoles, CustomerDoesNotSeeInternalNotes) {
  const std::int64_t id = AliceOpens("Login page is slow");
  ASSERT_NE(id, 0);
  ASSERT_EQ(
      As("ben")
          .Post(TicketPath(id, "/messages"),
                Json{{"body", "Internal: customer is on the legacy plan"}, {"internal", true}})
          .status,
      201);
  ASSERT_EQ(As("ben")
                .Post(TicketPath(id, "/messages"), Json{{"body", "We are checking the login page."}})
                .status,
            201);

  const Json staff = As("ben").GetJson(TicketPath(id, "/messages"));
  ASSERT_EQ(staff["items"].size(), 2u) << staff.dump();
  EXPECT_EQ(staff["items"][0]["internal"], true);

  const Json customer = As("alice").GetJson(TicketPath(id, "/messages"));
  ASSERT_EQ(customer["items"].size(), 1u) << customer.dump();
  EXPECT_EQ(customer["items"][0]["body"], "We are checking the login page.");
  EXPECT_EQ(customer["items"][0]["internal"], false);
  EXPECT_EQ(customer.dump().find("legacy plan"), std::string::npos);
  // Nor may a customer write one.
  EXPECT_TRUE(IsApiError(
      As("alice").Post(TicketPath(id, "/messages"), Json{{"body", "psst"}, {"internal", true}}), 403,
      "forbidden", "internal"));
  EXPECT_EQ(As("ben").GetJson(TicketPath(id, "/messages"))["items"].size(), 2u);
}

TEST_F(ServeRoles, CustomerCannotReadTheAuditTrailOrNotifications) {
  const std::int64_t id = AliceOpens("Where did my report go");
  ASSERT_NE(id, 0);
  EXPECT_TRUE(IsApiError(As("alice").Get(TicketPath(id, "/events")), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(As("alice").Get(TicketPath(id, "/notifications")), 403, "forbidden"));
  EXPECT_EQ(As("ben").Get(TicketPath(id, "/events")).status, 200);
  EXPECT_EQ(As("ben").Get(TicketPath(id, "/notifications")).status, 200);
}

TEST_F(ServeRoles, CustomerCannotEscalateButMayAskForAnEscalation) {
  const std::int64_t id = AliceOpens("Checkout is down");
  ASSERT_NE(id, 0);
  EXPECT_TRUE(IsApiError(
      As("alice").Post(TicketPath(id, "/escalate"), Json{{"to", "next_level"}, {"reason", "urgent!"}}),
      403, "forbidden"));
  EXPECT_TRUE(IsApiError(As("alice").Post(TicketPath(id, "/escalation-request"), Json{{"reason", "  "}}),
                         400, "invalid", "reason"));
  EXPECT_EQ(As("ben").GetJson(TicketPath(id))["level"], "L1");

  HttpResult asked = As("alice").Post(TicketPath(id, "/escalation-request"),
                                      Json{{"reason", "Our shop has been down for an hour"}});
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(BodyJson(asked)["escalation_requested"], true);
  // The policy's customer-asked trigger escalates to the next level.
  const Json t = As("ben").GetJson(TicketPath(id));
  EXPECT_EQ(t["level"], "L2");
  const Json escalations = As("ben").GetJson(TicketPath(id, "/escalations"));
  ASSERT_EQ(escalations["items"].size(), 1u);
  EXPECT_EQ(escalations["items"][0]["trigger"], "customer-asked");
  // The customer sees that it was escalated, not how or by whom.
  const Json seen = As("alice").GetJson(TicketPath(id, "/escalations"));
  ASSERT_EQ(seen["items"].size(), 1u);
  EXPECT_EQ(seen["items"][0],
            (Json{{"at", escalations["items"][0]["at"]}, {"type", "hierarchical"}}));
  EXPECT_TRUE(InOrder(EventKinds(As("ben").GetJson(TicketPath(id, "/events"))),
                      {"created", "escalation_requested", "escalated"}));
}

TEST_F(ServeRoles, OnlyManagementMaySignOff) {
  const std::int64_t id = AliceOpens("Sign-off check");
  ASSERT_NE(id, 0);
  const Json before = As("ben").GetJson(TicketPath(id));
  // An agent, and a supervisor whose level (L2) has no may_approve: forbidden.
  EXPECT_TRUE(IsApiError(As("ben").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}), 403,
                         "forbidden"));
  EXPECT_TRUE(IsApiError(As("hiro").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}), 403,
                         "forbidden"));
  EXPECT_TRUE(IsApiError(As("alice").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}), 403,
                         "forbidden"));
  // A supervisor at L3 (may_approve) and a manager get past the check: nothing is pending.
  EXPECT_TRUE(IsApiError(As("karl").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}), 409,
                         "conflict", "signoff"));
  EXPECT_TRUE(IsApiError(As("maria").Post(TicketPath(id, "/signoff"), Json{{"decision", "approve"}}), 409,
                         "conflict", "signoff"));
  EXPECT_EQ(As("ben").GetJson(TicketPath(id))["version"], before["version"]);
}

TEST_F(ServeRoles, OnlyAdminsCreateUsers) {
  const Json agent = {{"username", "zoe"},
                      {"display_name", "Zoe"},
                      {"role", "agent"},
                      {"password", "zoe-password-123"}};
  EXPECT_TRUE(IsApiError(As("ben").Post("/api/v1/users", agent), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(As("maria").Post("/api/v1/users", agent), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(As("alice").Post("/api/v1/users", agent), 403, "forbidden"));
  const std::string ben_path = "/api/v1/users/" + As("ben").user()["id"].dump();
  EXPECT_TRUE(IsApiError(As("ben").Patch(ben_path, Json{{"role", "admin"}}), 403, "forbidden"));
  EXPECT_EQ(As("admin").GetJson(ben_path)["role"], "agent");

  HttpResult created = As("admin").Post("/api/v1/users", agent);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(BodyJson(created)["username"], "zoe");
  EXPECT_EQ(BodyJson(created)["role"], "agent");
  EXPECT_FALSE(BodyJson(created).contains("password"));
  EXPECT_TRUE(IsApiError(As("admin").Post("/api/v1/users", agent), 409, "conflict", "username"));

  ApiSession zoe(server_->url());
  HttpResult login = zoe.Login("zoe", "zoe-password-123");
  ASSERT_EQ(login.status, 201) << login.body;
  EXPECT_EQ(zoe.GetJson("/api/v1/me")["username"], "zoe");
}

TEST_F(ServeRoles, UnauthenticatedCallsAreRefused) {
  HttpClient anonymous(server_->url());
  EXPECT_TRUE(IsApiError(anonymous.Get("/api/v1/tickets"), 401, "unauthenticated"));
  EXPECT_TRUE(IsApiError(anonymous.Get("/api/v1/me"), 401, "unauthenticated"));
  EXPECT_TRUE(IsApiError(anonymous.Get("/api/v1/tickets/1/events"), 401, "unauthenticated"));
  EXPECT_TRUE(IsApiError(anonymous.Post("/api/v1/tickets", Json{{"subject", "x"}}.dump()), 401,
                         "unauthenticated"));
  EXPECT_TRUE(IsApiError(anonymous.Get("/api/v1/tickets", {{"Cookie", "esc_session=forged"}}), 401,
                         "unauthenticated"));
  EXPECT_TRUE(IsApiError(anonymous.Get("/api/v1/tickets", {{"Authorization", "Bearer esc_forged"}}),
                         401, "unauthenticated"));
  EXPECT_TRUE(
      IsApiError(anonymous.Post("/api/v1/session",
                                Json{{"username", "nobody"}, {"password", "whatever-123"}}.dump()),
                 401, "unauthenticated"));
  // After logging out, the old cookie is refused.
  ApiSession leaving(server_->url());
  ASSERT_EQ(leaving.Login("chloe").status, 201);
  ASSERT_EQ(leaving.Get("/api/v1/me").status, 200);
  ASSERT_EQ(leaving.Delete("/api/v1/session").status, 200);
  EXPECT_TRUE(IsApiError(anonymous.Get("/api/v1/me", {{"Cookie", leaving.cookie()}}), 401,
                         "unauthenticated"));
}

TEST_F(ServeRoles, CookieSessionNeedsTheCsrfTokenForChanges) {
  const std::int64_t id = AliceOpens("CSRF check");
  ASSERT_NE(id, 0);
  ApiSession& ben = As("ben");
  const std::string body = Json{{"body", "sent without the token"}}.dump();
  // The cookie goes along, the header does not.
  EXPECT_TRUE(IsApiError(ben.SendWithoutCsrf("POST", TicketPath(id, "/messages"), body), 403, "forbidden",
                         "x-csrf-token"));
  EXPECT_TRUE(IsApiError(
      ben.SendWithoutCsrf("POST", TicketPath(id, "/messages"), body, {{"X-CSRF-Token", "wrong"}}), 403,
      "forbidden", "x-csrf-token"));
  // Another session's token does not fit this one.
  EXPECT_TRUE(IsApiError(ben.SendWithoutCsrf("POST", TicketPath(id, "/messages"), body,
                                             {{"X-CSRF-Token", As("maria").csrf()}}),
                         403, "forbidden", "x-csrf-token"));
  EXPECT_TRUE(IsApiError(
      ben.SendWithoutCsrf("PATCH", TicketPath(id), Json{{"version", 1}, {"subject", "x"}}.dump()), 403,
      "forbidden", "x-csrf-token"));
  EXPECT_TRUE(IsApiError(ben.SendWithoutCsrf("DELETE", "/api/v1/session", ""), 403, "forbidden",
                         "x-csrf-token"));
  // Reading needs no token; nothing was written.
  const HttpResult messages = ben.SendWithoutCsrf("GET", TicketPath(id, "/messages"), "");
  ASSERT_EQ(messages.status, 200);
  EXPECT_TRUE(BodyJson(messages)["items"].empty());
  EXPECT_EQ(ben.GetJson(TicketPath(id))["subject"], "CSRF check");
  EXPECT_EQ(ben.GetJson(TicketPath(id))["version"], 1);
  // With it, the same call works.
  EXPECT_EQ(ben.Post(TicketPath(id, "/messages"), Json{{"body", "with the token"}}).status, 201);
}

TEST_F(ServeRoles, ApiTokenWorksWithoutCsrfUntilRevoked) {
  const std::int64_t id = AliceOpens("Token check");
  ASSERT_NE(id, 0);
  const Json ben = As("ben").user();
  EXPECT_TRUE(
      IsApiError(As("ben").Post("/api/v1/tokens", Json{{"user_id", ben["id"]}, {"name", "mine"}}),
                 403, "forbidden"));
  HttpResult issued =
      As("admin").Post("/api/v1/tokens", Json{{"user_id", ben["id"]}, {"name", "ci-bot"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const Json token = BodyJson(issued);
  ASSERT_TRUE(token["token"].is_string());
  EXPECT_TRUE(token["token"].get<std::string>().starts_with("esc_"));
  EXPECT_EQ(token["user_id"], ben["id"]);
  EXPECT_EQ(token["revoked"], false);

  ApiSession bot(server_->url());
  bot.UseToken(token["token"]);
  EXPECT_EQ(bot.GetJson("/api/v1/me")["username"], "ben");
  ASSERT_TRUE(bot.csrf().empty());
  HttpResult written = bot.Post(TicketPath(id, "/messages"), Json{{"body", "Posted by the bot"}});
  ASSERT_EQ(written.status, 201) << written.body;
  EXPECT_EQ(BodyJson(written)["author"], "ben");

  const std::string token_path = "/api/v1/tokens/" + token["id"].dump();
  EXPECT_TRUE(IsApiError(As("ben").Delete(token_path), 403, "forbidden"));
  HttpResult revoked = As("admin").Delete(token_path);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(BodyJson(revoked), (Json{{"revoked", true}}));
  EXPECT_TRUE(IsApiError(bot.Get("/api/v1/me"), 401, "unauthenticated"));
  EXPECT_TRUE(
      IsApiError(bot.Post(TicketPath(id, "/messages"), Json{{"body", "again"}}), 401, "unauthenticated"));
  const Json tokens = As("admin").GetJson("/api/v1/tokens");
  const auto listed = std::find_if(tokens["items"].begin(), tokens["items"].end(),
                                   [&](const Json& t) { return t["id"] == token["id"]; });
  ASSERT_NE(listed, tokens["items"].end());
  EXPECT_EQ((*listed)["revoked"], true);
  EXPECT_FALSE(listed->contains("token"));
  EXPECT_EQ(As("ben").GetJson(TicketPath(id, "/messages"))["items"].size(), 1u);
}

// Authentications are answered from memory between requests; a change to the account
// still holds from the very next request, for its sessions and its API tokens alike.
TEST_F(ServeRoles, DisablingAUserEndsTheirSessionsAndTokensAtOnce) {
  ApiSession& admin = As("admin");
  HttpResult created = admin.Post("/api/v1/users", Json{{"username", "temp-agent"},
                                                        {"role", "agent"},
                                                        {"password", "temporary-pass-1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const Json user = BodyJson(created);
  const std::string user_path = "/api/v1/users/" + user["id"].dump();
  HttpResult issued = admin.Post("/api/v1/tokens", Json{{"user_id", user["id"]}, {"name", "temp"}});
  ASSERT_EQ(issued.status, 201) << issued.body;

  ApiSession person(server_->url());
  ASSERT_EQ(person.Login("temp-agent", "temporary-pass-1").status, 201);
  ApiSession bot(server_->url());
  bot.UseToken(BodyJson(issued)["token"]);
  const std::string reports = "/api/v1/reports/kpis";  // supervisors and above
  for (int i = 0; i < 3; ++i) {  // more than once, so the later answers come from memory
    EXPECT_TRUE(IsApiError(person.Get(reports), 403, "forbidden"));
    EXPECT_TRUE(IsApiError(bot.Get(reports), 403, "forbidden"));
  }
  // A role change holds at once.
  ASSERT_EQ(admin.Patch(user_path, Json{{"role", "supervisor"}}).status, 200);
  EXPECT_EQ(person.Get(reports).status, 200);
  EXPECT_EQ(bot.Get(reports).status, 200);

  HttpResult disabled = admin.Patch(user_path, Json{{"disabled", true}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(IsApiError(person.Get("/api/v1/me"), 401, "unauthenticated"));
  EXPECT_TRUE(IsApiError(bot.Get("/api/v1/me"), 401, "unauthenticated"));

  ASSERT_EQ(admin.Patch(user_path, Json{{"disabled", false}}).status, 200);
  EXPECT_EQ(person.GetJson("/api/v1/me")["username"], "temp-agent");
  EXPECT_EQ(bot.GetJson("/api/v1/me")["username"], "temp-agent");
  // Logging out ends that session at once, though it was just answered from memory.
  ASSERT_EQ(person.Delete("/api/v1/session").status / 100, 2);
  EXPECT_TRUE(IsApiError(person.Get("/api/v1/me"), 401, "unauthenticated"));
}

// The demo organisations meet different SLAs: the policy's two tiers and the catch-all.
TEST_F(ServeRoles, DemoOrganisationsSpanThePolicysTiers) {
  const Json customers = As("admin").GetJson("/api/v1/customers");
  std::map<std::string, std::string> tiers;
  for (const auto& c : customers["items"]) tiers[c["name"]] = c["tier"];
  EXPECT_EQ(tiers["Acme Corp"], "gold");
  EXPECT_EQ(tiers["Globex"], "silver");
  EXPECT_EQ(tiers["Initech"], "standard");
}

}  // namespace
}  // namespace esc
