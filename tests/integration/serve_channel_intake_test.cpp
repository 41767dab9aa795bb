// Chat, social and web-form intake against a real `escalator serve --testing` with the SaaS
// example policy (intake.channels webchat and social, intake.web_form enabled, 5 per client
// address per hour): the message webhook with an intake-scoped API token (a conversation
// opens a ticket with its channel, replies thread, a duplicate changes nothing, another
// organisation cannot thread, bad input is a 400 that changes nothing, a signed source
// refuses unsigned posts), the token's limits, and the public form at /contact (a ticket
// with channel web, the honeypot, problems shown with the input kept, 429 with Retry-After
// until the manual clock moves).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "auth/token.h"
#include "support/api_session.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::DemoServer;
using test_support::HeaderList;
using test_support::HttpClient;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::Json;
using test_support::TicketPath;

constexpr const char* kSocialSecret = "social-test-secret";

Json Chat(std::string conversation, std::string id, std::string email, std::string text) {
  return Json{{"source", "webchat"},
              {"conversation_id", std::move(conversation)},
              {"message_id", std::move(id)},
              {"sender", {{"email", std::move(email)}, {"name", "Bob Builder"}}},
              {"text", std::move(text)}};
}

class ServeChannelIntake : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("ESCALATOR_SOCIAL_SECRET", kSocialSecret, 1);  // the server inherits it
    server_ = std::make_unique<DemoServer>(dir_);
    ASSERT_TRUE(server_->ok()) << server_->error();
    auto& admin = server_->As("admin");
    // An intake-only token, of an admin at that: the scope limits it, not the user's role.
    const HttpResult made = admin.Post(
        "/api/v1/tokens",
        Json{{"user_id", admin.user()["id"]}, {"name", "chat bridge"}, {"scope", "intake"}});
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(BodyJson(made)["scope"], "intake");
    intake_ = std::make_unique<ApiSession>(server_->url());
    intake_->UseToken(BodyJson(made)["token"]);
    form_ = std::make_unique<HttpClient>(server_->url());
  }
  void TearDown() override {
    if (server_ && server_->ok()) {
      EXPECT_EQ(server_->Stop(), 0) << server_->process().Stderr();
    }
  }

  Json Ticket(std::int64_t id) { return server_->As("admin").GetJson(TicketPath(id)); }
  std::int64_t Count(std::string_view query) {
    const Json list = server_->As("admin").GetJson(std::string("/api/v1/tickets?") +
                                                   std::string(query));
    return list.value("total", std::int64_t{-1});
  }
  HttpResult PostForm(const std::string& body) {
    return form_->Post("/contact", body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  }

  test_support::ScratchDir dir_;
  std::unique_ptr<DemoServer> server_;
  std::unique_ptr<ApiSession> intake_;
  std::unique_ptr<HttpClient> form_;  // a browser: no credentials
};

TEST_F(ServeChannelIntake, AConversationOpensAThreadsAndIgnoresDuplicates) {
  const HttpResult opened =
      intake_->Post("/api/v1/intake/messages",
                    Chat("conv-1", "m1", "bob@globex.example", "Login fails\nsince today"));
  ASSERT_EQ(opened.status, 201) << opened.body;
  const Json first = BodyJson(opened);
  EXPECT_EQ(first["outcome"], "opened");
  EXPECT_EQ(first["channel"], "chat:webchat");
  const std::int64_t id = first["ticket_id"];
  const Json ticket = Ticket(id);
  EXPECT_EQ(ticket["channel"], "chat:webchat");
  EXPECT_EQ(ticket["key"], first["ticket_key"]);
  EXPECT_EQ(ticket["subject"], "Login fails");
  EXPECT_EQ(Count("channel=chat:webchat"), 1);

  const HttpResult reply = intake_->Post(
      "/api/v1/intake/messages",
      Chat("conv-1", "m2", "bob@globex.example", "This is unacceptable and broken!"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(BodyJson(reply)["outcome"], "threaded");
  EXPECT_EQ(BodyJson(reply)["ticket_id"], id);
  const Json messages = server_->As("admin").GetJson(TicketPath(id, "/messages"));
  ASSERT_EQ(messages["items"].size(), 1u);
  EXPECT_EQ(messages["items"][0]["channel"], "chat:webchat");
  EXPECT_LT(messages["items"][0]["sentiment"].get<double>(), -0.5);

  const HttpResult duplicate = intake_->Post(
      "/api/v1/intake/messages",
      Chat("conv-1", "m2", "bob@globex.example", "This is unacceptable and broken!"));
  ASSERT_EQ(duplicate.status, 200) << duplicate.body;
  EXPECT_EQ(BodyJson(duplicate)["outcome"], "duplicate");
  EXPECT_EQ(BodyJson(duplicate)["ticket_id"], id);
  EXPECT_EQ(server_->As("admin").GetJson(TicketPath(id, "/messages"))["items"].size(), 1u);

  // Someone of another organisation on the same conversation id gets a ticket of their own.
  const HttpResult stranger = intake_->Post(
      "/api/v1/intake/messages", Chat("conv-1", "m3", "eve@initech.example", "Let me in"));
  ASSERT_EQ(stranger.status, 201) << stranger.body;
  EXPECT_NE(BodyJson(stranger)["ticket_id"], id);
  EXPECT_EQ(server_->As("admin").GetJson(TicketPath(id, "/messages"))["items"].size(), 1u);
  EXPECT_EQ(Count("channel=chat:webchat"), 2);
}

TEST_F(ServeChannelIntake, BadMessagesAreRefusedAndChangeNothing) {
  const std::int64_t before = Count("");
  Json unknown = Chat("c", "m1", "bob@globex.example", "hi");
  unknown["source"] = "telegram";
  EXPECT_TRUE(IsApiError(intake_->Post("/api/v1/intake/messages", unknown), 400, "invalid",
                         "source"));
  EXPECT_TRUE(IsApiError(intake_->PostRaw("/api/v1/intake/messages", "{not json"), 400, "invalid",
                         "body"));
  Json typo = Chat("c", "m1", "bob@globex.example", "hi");
  typo["txet"] = "x";
  EXPECT_TRUE(IsApiError(intake_->Post("/api/v1/intake/messages", typo), 400, "invalid", "txet"));
  Json attachment = Chat("c", "m1", "bob@globex.example", "hi");
  attachment["attachments"] = Json::array({{{"filename", "a.txt"}, {"content_base64", "%%%"}}});
  EXPECT_TRUE(IsApiError(intake_->Post("/api/v1/intake/messages", attachment), 400, "invalid",
                         "attachments[0].content_base64"));
  EXPECT_TRUE(IsApiError(
      intake_->Post("/api/v1/intake/messages", Chat("c", "m1", "not-an-address", "hi")), 400,
      "invalid", "sender.email"));
  EXPECT_EQ(Count(""), before);
}

TEST_F(ServeChannelIntake, AnIntakeTokenMayTakeInAndNothingElse) {
  EXPECT_TRUE(IsApiError(intake_->Get("/api/v1/tickets"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(intake_->Get("/api/v1/me"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(intake_->Get("/api/v1/intake/quarantine"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(intake_->Post("/api/v1/tokens", Json{{"user_id", 1}, {"name", "x"}}),
                         403, "forbidden"));
  const std::string mail =
      "From: Bob <bob@globex.example>\r\nTo: support@example.com\r\nSubject: Disk full\r\n"
      "Message-ID: <scope-1@globex.example>\r\n\r\nThe disk is full.\r\n";
  const HttpResult taken = intake_->PostRaw("/api/v1/intake/mail", mail);
  ASSERT_EQ(taken.status, 201) << taken.body;
  EXPECT_EQ(Ticket(BodyJson(taken)["ticket_id"])["channel"], "email");
  // A full-scope session of an agent may not take in.
  EXPECT_TRUE(IsApiError(server_->As("ben").Post("/api/v1/intake/messages",
                                                 Chat("c", "m9", "bob@globex.example", "hi")),
                         403, "forbidden"));
  // Bad scopes are refused when the token is made.
  EXPECT_TRUE(IsApiError(server_->As("admin").Post(
                             "/api/v1/tokens", Json{{"user_id", 1}, {"name", "x"}, {"scope", "all"}}),
                         400, "invalid", "scope"));
}

TEST_F(ServeChannelIntake, ASignedSourceRefusesPostsWithoutItsSignature) {
  Json message = Chat("dm-1", "s1", "bob@globex.example", "Hello from social");
  message["source"] = "social";
  const std::string body = message.dump();
  EXPECT_TRUE(IsApiError(intake_->PostRaw("/api/v1/intake/messages", body), 401,
                         "unauthenticated", "x-escalator-signature"));
  const std::string wrong = "sha256=" + auth::HmacSha256Hex("guess", body);
  EXPECT_TRUE(IsApiError(intake_->Send("POST", "/api/v1/intake/messages", body,
                                       {{"X-Escalator-Signature", wrong}}),
                         401, "unauthenticated"));
  EXPECT_EQ(Count("channel=chat:social"), 0);
  const std::string right = "sha256=" + auth::HmacSha256Hex(kSocialSecret, body);
  const HttpResult signed_post = intake_->Send("POST", "/api/v1/intake/messages", body,
                                               {{"X-Escalator-Signature", right}});
  ASSERT_EQ(signed_post.status, 201) << signed_post.body;
  EXPECT_EQ(BodyJson(signed_post)["channel"], "chat:social");
}

TEST_F(ServeChannelIntake, TheContactFormOpensAWebTicket) {
  const HttpResult page = form_->Get("/contact");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<form method=\"post\" action=\"/contact\""), std::string::npos);
  EXPECT_NE(page.body.find("<option value=\"billing\">Billing / finance</option>"),
            std::string::npos);
  EXPECT_EQ(page.body.find("<script"), std::string::npos);

  const HttpResult sent = PostForm(
      "name=Ann+Example&email=ann%40initech.example&category=billing&subject=Invoice+wrong"
      "&description=Charged+twice+in+March&website=");
  ASSERT_EQ(sent.status, 200) << sent.body;
  const Json list = server_->As("admin").GetJson("/api/v1/tickets?channel=web");
  ASSERT_EQ(list["items"].size(), 1u);
  const Json& ticket = list["items"][0];
  EXPECT_NE(sent.body.find(ticket["key"].get<std::string>()), std::string::npos);
  EXPECT_EQ(ticket["channel"], "web");
  EXPECT_EQ(ticket["category"], "billing");
  EXPECT_EQ(ticket["subject"], "Invoice wrong");
}

TEST_F(ServeChannelIntake, TheHoneypotAndBadInputOpenNothing) {
  const std::int64_t before = Count("");
  const HttpResult robot = PostForm(
      "name=Bot&email=bot%40spam.example&category=billing&subject=Cheap&description=Buy"
      "&website=http%3A%2F%2Fspam.example");
  EXPECT_EQ(robot.status, 400) << robot.body;

  const HttpResult bad = PostForm(
      "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&email=nope&category=legal&subject="
      "&description=Help");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("Please enter an email address"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("Please enter a subject"), std::string::npos);
  EXPECT_NE(bad.body.find("Please choose one of the listed categories"), std::string::npos);
  EXPECT_NE(bad.body.find("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), std::string::npos);
  EXPECT_EQ(bad.body.find("<script>"), std::string::npos);
  EXPECT_NE(bad.body.find(">Help</textarea>"), std::string::npos);

  EXPECT_EQ(PostForm("name=A&colour=blue").status, 400);
  EXPECT_EQ(form_->Post("/contact", "{}", {{"Content-Type", "application/json"}}).status, 415);
  EXPECT_EQ(PostForm("name=" + std::string(70 * 1024, 'a')).status, 413);
  EXPECT_EQ(Count(""), before);
}

TEST_F(ServeChannelIntake, TheFormIsRateLimitedUntilTheClockMoves) {
  auto submit = [&](int n) {
    return PostForm("name=Ann&email=ann" + std::to_string(n) +
                    "%40initech.example&category=technical&subject=Down&description=It+is+down");
  };
  for (int n = 1; n <= 5; ++n) ASSERT_EQ(submit(n).status, 200) << "submission " << n;
  server_->Advance(600);
  const HttpResult limited = submit(6);
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.Header("retry-after"), "3000");
  EXPECT_NE(limited.body.find("try again in 50 minutes"), std::string::npos) << limited.body;
  EXPECT_EQ(Count("channel=web"), 5);
  server_->Advance(3000);
  EXPECT_EQ(submit(6).status, 200);
  EXPECT_EQ(Count("channel=web"), 6);
}

}  // namespace
}  // namespace esc
