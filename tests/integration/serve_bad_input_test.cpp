// Black-box tests of what `escalator serve` does with bad input: every refusal has the
// JSON error shape {"error": {"code", "message", "field"}} with its status, and changes
// nothing (the number of tickets and the ticket's version stay as they were). Also the
// login rate limit: five wrong passwords, then even the right one is refused (429).
//
// One server (a copy of the demo database) serves the suite; the rate-limit test has its
// own, as its failures lock out the address for everyone on that server.
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::DemoServer;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::Json;
using test_support::ScratchDir;

class ServeBadInput : public test_support::SharedDemoServerTest<ServeBadInput> {
 public:
  static constexpr const char* kSuiteName = "ServeBadInput";

 protected:
  void SetUp() override {
    SharedDemoServerTest::SetUp();
    if (!HasFatalFailure()) tickets_before_ = TicketCount();
  }
  // Whatever a test sent, no ticket was added.
  void TearDown() override {
    if (server_ && server_->ok()) {
      EXPECT_EQ(TicketCount(), tickets_before_);
    }
  }

  static std::int64_t TicketCount() {
    return As("admin").GetJson("/api/v1/tickets?limit=1")["total"].get<std::int64_t>();
  }
  static Json ValidTicket() {
    return Json{{"subject", "Valid subject"},
                {"category", "technical"},
                {"impact", "low"},
                {"urgency", "low"},
                {"customer_id", 1}};
  }
  static std::string Text(Json body) { return body.dump(); }

  std::int64_t tickets_before_ = 0;
};

TEST_F(ServeBadInput, MalformedJsonIsRefused) {
  ApiSession& ben = As("ben");
  for (const char* body : {"{\"subject\": ", "{subject: 1}", "[1, 2]", "\"text\"", "null",
                           "{\"subject\": \"a\"} trailing", "{\"a\":1,}"}) {
    EXPECT_TRUE(IsApiError(ben.PostRaw("/api/v1/tickets", body), 400, "invalid", "")) << body;
  }
  // A form post is not JSON either.
  EXPECT_TRUE(IsApiError(ben.Send("POST", "/api/v1/tickets", "subject=x&category=technical",
                                  {{"Content-Type", "application/x-www-form-urlencoded"}}),
                         400, "invalid"));
}

TEST_F(ServeBadInput, WrongTypesAreRefusedWithTheirField) {
  ApiSession& ben = As("ben");
  auto with = [](const char* field, Json value) {
    Json body = ValidTicket();
    body[field] = std::move(value);
    return body;
  };
  EXPECT_TRUE(
      IsApiError(ben.Post("/api/v1/tickets", with("subject", 42)), 400, "invalid", "subject"));
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets", with("category", Json::array({"technical"}))),
                         400, "invalid", "category"));
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets", with("customer_id", "1")), 400, "invalid",
                         "customer_id"));
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets", with("customer_id", 1.5)), 400, "invalid",
                         "customer_id"));
  EXPECT_TRUE(
      IsApiError(ben.Post("/api/v1/tickets", with("impact", true)), 400, "invalid", "impact"));
  EXPECT_TRUE(
      IsApiError(ben.Post("/api/v1/tickets/1/messages", Json{{"body", "x"}, {"internal", "yes"}}),
                 400, "invalid", "internal"));
  const Json before = ben.GetJson("/api/v1/tickets/1");
  EXPECT_TRUE(IsApiError(
      ben.Patch("/api/v1/tickets/1", Json{{"version", before["version"].dump()}, {"subject", "x"}}),
      400, "invalid", "version"));
  EXPECT_TRUE(IsApiError(
      ben.Patch("/api/v1/tickets/1", Json{{"version", before["version"]}, {"tags", "a"}}), 400,
      "invalid", "tags"));
  // Required fields missing.
  Json missing = ValidTicket();
  missing.erase("subject");
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets", missing), 400, "invalid", "subject"));
  EXPECT_TRUE(
      IsApiError(ben.Post("/api/v1/tickets", with("subject", "")), 400, "invalid", "subject"));
  EXPECT_EQ(ben.GetJson("/api/v1/tickets/1")["version"], before["version"]);
  EXPECT_EQ(ben.GetJson("/api/v1/tickets/1/messages")["items"].size(),
            As("admin").GetJson("/api/v1/tickets/1/messages")["items"].size());
}

TEST_F(ServeBadInput, UnknownFieldsAreRefused) {
  ApiSession& ben = As("ben");
  Json body = ValidTicket();
  body["colour"] = "red";
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets", body), 400, "invalid", "colour"));
  const Json before = ben.GetJson("/api/v1/tickets/1");
  EXPECT_TRUE(IsApiError(
      ben.Patch("/api/v1/tickets/1",
                Json{{"version", before["version"]}, {"subject", "Renamed"}, {"status", "closed"}}),
      400, "invalid", "status"));
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets/1/acknowledge", Json{{"now", true}}), 400,
                         "invalid", "now"));
  const Json after = ben.GetJson("/api/v1/tickets/1");
  EXPECT_EQ(after["version"], before["version"]);
  EXPECT_EQ(after["subject"], before["subject"]);
  // Unknown query parameters too.
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets?colour=red"), 400, "invalid", "colour"));
}

TEST_F(ServeBadInput, BadUtf8InAJsonStringIsRefused) {
  ApiSession& ben = As("ben");
  std::string body = Text(ValidTicket());
  const std::string subject = "\"Valid subject\"";
  body.replace(body.find(subject), subject.size(), "\"bad \xff\xfe bytes\"");
  EXPECT_TRUE(IsApiError(ben.PostRaw("/api/v1/tickets", body), 400, "invalid"));
  // A lone continuation byte and a truncated sequence as well.
  for (const char* bytes : {"\x80", "\xc3", "\xe2\x82", "\xed\xa0\x80"}) {
    const std::string message = std::string("{\"body\": \"x") + bytes + "y\"}";
    EXPECT_TRUE(IsApiError(ben.PostRaw("/api/v1/tickets/1/messages", message), 400, "invalid"));
  }
  // The same text, properly encoded, is fine (and the response is valid UTF-8 JSON).
  HttpResult ok = ben.Post("/api/v1/tickets/1/messages", Json{{"body", "Grüße – 日本"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(BodyJson(ok)["body"], "Grüße – 日本");
}

TEST_F(ServeBadInput, OversizedBodyIs413) {
  ApiSession& ben = As("ben");
  Json body = ValidTicket();
  body["description"] = std::string((1u << 20) + 1, 'a');
  const HttpResult r = ben.Post("/api/v1/tickets", body);
  EXPECT_TRUE(IsApiError(r, 413, "payload_too_large", "")) << r.error;
  // The connection was closed after it; the next call opens a new one and works.
  EXPECT_EQ(ben.Get("/api/v1/me").status, 200);
}

TEST_F(ServeBadInput, OutOfRangeQueryValuesAreRefused) {
  ApiSession& ben = As("ben");
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets?limit=1000"), 400, "invalid", "limit"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets?limit=0"), 400, "invalid", "limit"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets?limit=ten"), 400, "invalid", "limit"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets?offset=-1"), 400, "invalid", "offset"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets?status=sleeping"), 400, "invalid", "status"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets?sort=random"), 400, "invalid", "sort"));
  EXPECT_EQ(ben.GetJson("/api/v1/tickets?limit=200")["limit"], 200);
}

TEST_F(ServeBadInput, UnknownTicketIs404) {
  ApiSession& ben = As("ben");
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets/999999"), 404, "not_found", "id"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets/ESC-999999"), 404, "not_found", "id"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets/not-a-ticket"), 404, "not_found", "id"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets/0"), 404, "not_found", "id"));
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets/999999/messages", Json{{"body", "hello"}}), 404,
                         "not_found", "id"));
  EXPECT_TRUE(
      IsApiError(ben.Patch("/api/v1/tickets/999999", Json{{"version", 1}, {"subject", "x"}}), 404,
                 "not_found", "id"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/no-such-endpoint"), 404, "not_found"));
}

TEST_F(ServeBadInput, UnknownCategoryIsRefusedWithItsField) {
  ApiSession& ben = As("ben");
  Json body = ValidTicket();
  body["category"] = "hardware";
  const HttpResult r = ben.Post("/api/v1/tickets", body);
  EXPECT_TRUE(IsApiError(r, 400, "invalid", "category"));
  EXPECT_NE(BodyJson(r)["error"]["message"].get<std::string>().find("hardware"), std::string::npos);
  body["category"] = "technical";
  body["impact"] = "enormous";
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets", body), 400, "invalid", "impact"));
  body["impact"] = "low";
  body["customer_id"] = 999;
  EXPECT_TRUE(IsApiError(ben.Post("/api/v1/tickets", body), 404, "not_found", "customer_id"));
  // And on an edit.
  const Json before = ben.GetJson("/api/v1/tickets/1");
  EXPECT_TRUE(IsApiError(ben.Patch("/api/v1/tickets/1",
                                   Json{{"version", before["version"]}, {"category", "hardware"}}),
                         400, "invalid", "category"));
  const Json after = ben.GetJson("/api/v1/tickets/1");
  EXPECT_EQ(after["category"], before["category"]);
  EXPECT_EQ(after["version"], before["version"]);
}

TEST_F(ServeBadInput, StaleVersionIs409AndChangesNothing) {
  ApiSession& ben = As("ben");
  HttpResult opened = ben.Post("/api/v1/tickets", ValidTicket());
  ASSERT_EQ(opened.status, 201);
  ++tickets_before_;  // this one is meant
  const std::int64_t id = BodyJson(opened)["id"];
  const std::string path = "/api/v1/tickets/" + std::to_string(id);
  HttpResult edited = ben.Patch(path, Json{{"version", 1}, {"subject", "First edit"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  const Json current = BodyJson(edited);
  ASSERT_EQ(current["version"], 2);
  EXPECT_EQ(edited.Header("etag"), "\"2\"");

  // Someone else's edit made on version 1 loses.
  EXPECT_TRUE(IsApiError(As("ana").Patch(path, Json{{"version", 1}, {"subject", "Stale edit"}}),
                         409, "conflict", "version"));
  EXPECT_TRUE(IsApiError(As("ana").Send("PATCH", path, Json{{"subject", "Stale edit"}}.dump(),
                                        {{"If-Match", "\"1\""}}),
                         409, "conflict", "version"));
  EXPECT_TRUE(IsApiError(As("ana").Post(path + "/status", Json{{"status", "open"}, {"version", 1}}),
                         409, "conflict", "version"));
  EXPECT_TRUE(IsApiError(As("ana").Patch(path, Json{{"subject", "No version"}}), 400, "invalid",
                         "version"));
  const Json after = ben.GetJson(path);
  EXPECT_EQ(after["version"], 2);
  EXPECT_EQ(after["subject"], "First edit");
  EXPECT_EQ(after["status"], "new");
  // On the current version it goes through.
  EXPECT_EQ(
      As("ana")
          .Send("PATCH", path, Json{{"subject", "Second edit"}}.dump(), {{"If-Match", "\"2\""}})
          .status,
      200);
}

// Five failed logins, then even the right password is refused for a while; the limit is
// per address too, so another user from the same address is refused as well. Its own
// server: the lock-out would stop every other test's logins.
TEST(ServeLoginRateLimit, SixthAttemptAfterFiveWrongPasswordsIs429) {
  ScratchDir dir;
  DemoServer server(dir);
  ASSERT_TRUE(server.ok()) << server.error();
  ApiSession ben(server.url());
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(
        IsApiError(ben.Login("ben", "wrong-password-" + std::to_string(i)), 401, "unauthenticated"))
        << "attempt " << i + 1;
  }
  const HttpResult sixth = ben.Login("ben");
  EXPECT_TRUE(IsApiError(sixth, 429, "rate_limited"));
  EXPECT_TRUE(ben.cookie().empty());
  EXPECT_TRUE(sixth.Header("set-cookie").empty());
  ApiSession alice(server.url());
  EXPECT_TRUE(IsApiError(alice.Login("alice"), 429, "rate_limited"));
  // The failures count for 15 minutes (of the server's clock).
  server.Advance(15 * 60);
  EXPECT_EQ(ben.Login("ben").status, 201);
  EXPECT_EQ(ben.GetJson("/api/v1/me")["username"], "ben");
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace esc
