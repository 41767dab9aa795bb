// Reading the bodies of the channel intake: a chat message's JSON (POST
// /api/v1/intake/messages) and the contact form's urlencoded post (POST /contact).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/chat_message_json.h"
#include "api/form_body.h"

namespace esc::api {
namespace {

using ::testing::HasSubstr;

TEST(ParseChatMessage, MapsEveryField) {
  auto m = ParseChatMessage(R"({
    "source": "webchat", "conversation_id": "c-7", "message_id": "m-9",
    "sender": {"email": "Ann@Example.com", "handle": "@ann", "name": "Ann Example"},
    "subject": "Login", "text": "Café is down",
    "attachments": [{"filename": "log.txt", "content_type": "text/plain",
                     "content_base64": "aGVsbG8gd29ybGQ="}]})");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->source, "webchat");
  EXPECT_EQ(m->conversation, "c-7");
  EXPECT_EQ(m->message_id, "m-9");
  EXPECT_EQ(m->sender_email, "Ann@Example.com");
  EXPECT_EQ(m->sender_handle, "@ann");
  EXPECT_EQ(m->sender_name, "Ann Example");
  EXPECT_EQ(m->subject, "Login");
  EXPECT_EQ(m->text, "Café is down");
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_EQ(m->attachments[0].filename, "log.txt");
  EXPECT_EQ(m->attachments[0].content_type, "text/plain");
  EXPECT_EQ(m->attachments[0].bytes, "hello world");
}

TEST(ParseChatMessage, OptionalFieldsMayBeLeftOutOrNull) {
  auto m = ParseChatMessage(
      R"({"source": "s", "conversation_id": "c", "message_id": "m", "sender": {"handle": "h"},
          "subject": null, "text": "hi", "attachments": null})");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->sender_email, "");
  EXPECT_EQ(m->subject, "");
  EXPECT_TRUE(m->attachments.empty());
}

std::string FieldOf(std::string_view body) {
  auto m = ParseChatMessage(body);
  return m ? "ok" : m.error().where;
}

TEST(ParseChatMessage, NamesTheFieldOfEachProblem) {
  EXPECT_EQ(FieldOf("not json"), "body");
  EXPECT_EQ(FieldOf("[1]"), "body");
  EXPECT_EQ(FieldOf("{\"source\": \"s\xff\"}"), "body");  // not UTF-8
  EXPECT_EQ(FieldOf(R"({"conversation_id": "c", "message_id": "m", "sender": {"handle": "h"}})"),
            "source");
  EXPECT_EQ(FieldOf(R"({"source": 5, "conversation_id": "c", "message_id": "m"})"), "source");
  EXPECT_EQ(FieldOf(R"({"source": "s", "conversation_id": "c", "message_id": "m"})"), "sender");
  EXPECT_EQ(FieldOf(R"({"source": "s", "conversation_id": "c", "message_id": "m",
                        "sender": {"handle": "h", "phone": "1"}})"),
            "sender.phone");
  EXPECT_EQ(FieldOf(R"({"source": "s", "conversation_id": "c", "message_id": "m",
                        "sender": {"handle": "h"}, "txt": "typo"})"),
            "txt");
  EXPECT_EQ(FieldOf(R"({"source": "s", "conversation_id": "c", "message_id": "m",
                        "sender": {"handle": "h"}, "attachments": {}})"),
            "attachments");
  EXPECT_EQ(FieldOf(R"({"source": "s", "conversation_id": "c", "message_id": "m",
                        "sender": {"handle": "h"}, "attachments": [{"filename": "a"}]})"),
            "attachments[0].content_base64");
  EXPECT_EQ(FieldOf(R"({"source": "s", "conversation_id": "c", "message_id": "m",
                        "sender": {"handle": "h"},
                        "attachments": [{"filename": "a", "content_base64": "!!!"}]})"),
            "attachments[0].content_base64");
  auto error = ParseChatMessage(R"({"source": "s", "conversation_id": "c", "message_id": "m",
                                    "sender": {"handle": "h"}, "txt": "typo"})")
                   .error();
  EXPECT_THAT(error.message, HasSubstr("unknown field \"txt\""));
}

TEST(ParseFormBody, DecodesNamesAndValues) {
  auto fields = ParseFormBody("name=Ann+Example&email=ann%40example.com&subject=Caf%C3%A9&empty=",
                              {"name", "email", "subject", "empty"});
  ASSERT_TRUE(fields) << fields.error().ToString();
  EXPECT_EQ(fields->at("name"), "Ann Example");
  EXPECT_EQ(fields->at("email"), "ann@example.com");
  EXPECT_EQ(fields->at("subject"), "Café");
  EXPECT_EQ(fields->at("empty"), "");
  EXPECT_FALSE(fields->contains("other"));
}

TEST(ParseFormBody, RefusesWhatAFormDoesNotSend) {
  auto where = [](std::string_view body) {
    auto fields = ParseFormBody(body, {"name", "email"});
    return fields ? "ok" : fields.error().where;
  };
  EXPECT_EQ(where(""), "ok");
  EXPECT_EQ(where("name=a&&email=b"), "ok");
  EXPECT_EQ(where("name=a&colour=blue"), "colour");
  EXPECT_EQ(where("name=a&name=b"), "name");
  EXPECT_EQ(where("name=%zz"), "body");
  EXPECT_EQ(where("name=%00"), "body");
  EXPECT_EQ(where("name=%ff"), "name");  // not UTF-8
}

}  // namespace
}  // namespace esc::api
