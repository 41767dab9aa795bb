// The pure parts of channel intake: the checks of a chat message and of the contact form,
// the webhook signature, and the web form's submission limiter.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/service/channel_intake.h"
#include "app/service/submission_limiter.h"
#include "auth/token.h"
#include "core/rfc3339.h"

namespace esc::app {
namespace {

using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

core::IntakePolicy Intake() {
  core::IntakePolicy intake;
  intake.category = "technical";
  intake.impact = "low";
  intake.urgency = "low";
  intake.channels = {{"webchat", ""}, {"social", "SOCIAL_SECRET"}};
  intake.web_form.enabled = true;
  intake.web_form.categories = {"technical", "billing"};
  intake.web_form.max_per_address = 3;
  intake.web_form.max_per_email = 2;
  intake.web_form.window = std::chrono::hours(1);
  return intake;
}

ChatMessage Chat() {
  ChatMessage m;
  m.source = "webchat";
  m.conversation = "conv-1";
  m.message_id = "msg-1";
  m.sender_email = "ann@example.com";
  m.text = "Hello";
  return m;
}

std::string FieldOf(const ChatMessage& m) {
  auto checked = CheckChatMessage(m, Intake());
  return checked ? "ok" : checked.error().where;
}

TEST(CheckChatMessage, AcceptsAPlainMessage) { EXPECT_EQ(FieldOf(Chat()), "ok"); }

TEST(CheckChatMessage, NamesTheFieldOfEachProblem) {
  auto m = Chat();
  m.source = "sms";
  EXPECT_EQ(FieldOf(m), "source");
  auto error = CheckChatMessage(m, Intake()).error();
  EXPECT_THAT(error.message, ::testing::HasSubstr("webchat, social"));

  m = Chat();
  m.conversation = "";
  EXPECT_EQ(FieldOf(m), "conversation_id");
  m = Chat();
  m.message_id = std::string(201, 'x');
  EXPECT_EQ(FieldOf(m), "message_id");
  m = Chat();
  m.message_id = "a\nb";
  EXPECT_EQ(FieldOf(m), "message_id");
  m = Chat();
  m.sender_email = "";
  EXPECT_EQ(FieldOf(m), "sender");
  m.sender_handle = "@ann";
  EXPECT_EQ(FieldOf(m), "ok");
  m = Chat();
  m.sender_email = "not an address";
  EXPECT_EQ(FieldOf(m), "sender.email");
  m = Chat();
  m.text = "  \n ";
  EXPECT_EQ(FieldOf(m), "text");
  m.attachments.push_back({"log.txt", "text/plain", "bytes"});
  EXPECT_EQ(FieldOf(m), "ok");  // attachments alone are a message
  m.attachments.push_back({"", "text/plain", "bytes"});
  EXPECT_EQ(FieldOf(m), "attachments[1].filename");
  m.attachments.back() = {"big.bin", "", std::string(kMaxChatAttachmentBytes + 1, 'x')};
  EXPECT_EQ(FieldOf(m), "attachments[1].content_base64");
  m = Chat();
  m.attachments.assign(kMaxChatAttachments + 1, InboundAttachment{"a", "", "b"});
  EXPECT_EQ(FieldOf(m), "attachments");
  m = Chat();
  m.subject = std::string(201, 's');
  EXPECT_EQ(FieldOf(m), "subject");
}

ContactForm Form() {
  return ContactForm{"Ann Example", "Ann@Example.com", "Printer on fire",
                     "It is really on fire.", "billing", ""};
}

TEST(CheckContactForm, AcceptsACompleteForm) { EXPECT_THAT(CheckContactForm(Form(), Intake()), IsEmpty()); }

TEST(CheckContactForm, ListsEveryProblemByField) {
  ContactForm form{"  ", "ann@localhost", "", std::string(10001, 'x'), "legal", ""};
  EXPECT_THAT(CheckContactForm(form, Intake()),
              ElementsAre(Field(&FormProblem::field, "name"), Field(&FormProblem::field, "email"),
                          Field(&FormProblem::field, "subject"),
                          Field(&FormProblem::field, "description"),
                          Field(&FormProblem::field, "category")));
}

TEST(CheckContactForm, WithoutFormCategoriesOffersTheIntakeCategory) {
  auto intake = Intake();
  intake.web_form.categories.clear();
  EXPECT_THAT(FormCategories(intake), ElementsAre("technical"));
  auto form = Form();
  EXPECT_THAT(CheckContactForm(form, intake), ElementsAre(Field(&FormProblem::field, "category")));
  form.category = "technical";
  EXPECT_THAT(CheckContactForm(form, intake), IsEmpty());
}

TEST(CheckSignature, AcceptsTheBodysHmacOnly) {
  const std::string body = R"({"text":"hi"})";
  const std::string good = "sha256=" + auth::HmacSha256Hex("s3cret", body);
  EXPECT_TRUE(CheckSignature("s3cret", body, good));
  std::string upper = good;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(CheckSignature("s3cret", body, upper));
  EXPECT_FALSE(CheckSignature("other", body, good));
  EXPECT_FALSE(CheckSignature("s3cret", body + " ", good));
  EXPECT_FALSE(CheckSignature("s3cret", body, ""));
  EXPECT_FALSE(CheckSignature("s3cret", body, good.substr(7)));
  auto error = CheckSignature("s3cret", body, "sha256=00").error();
  EXPECT_EQ(error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(error.where, "x-escalator-signature");
}

const core::Instant kNow = core::ToInstant(*core::ParseDateTime("2026-03-02T15:00:00Z"));

TEST(SubmissionLimiter, RefusesBeyondTheAddressLimitUntilTheWindowMoves) {
  SubmissionLimiter limiter;
  const auto limits = Intake().web_form;  // 3 per address, 2 per email, 1 h
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.1", "a@x.example", kNow), seconds(0));
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.1", "b@x.example", kNow + seconds(10)), seconds(0));
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.1", "c@x.example", kNow + seconds(20)), seconds(0));
  // The fourth from that address waits until the first leaves the hour.
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.1", "d@x.example", kNow + seconds(30)),
            seconds(3600 - 30));
  // Another address is not affected, and a refused attempt was not counted.
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.2", "d@x.example", kNow + seconds(30)), seconds(0));
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.1", "e@x.example", kNow + seconds(3600)),
            seconds(0));
}

TEST(SubmissionLimiter, RefusesBeyondTheEmailLimitFromAnyAddress) {
  SubmissionLimiter limiter;
  const auto limits = Intake().web_form;
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.1", "a@x.example", kNow), seconds(0));
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.2", "a@x.example", kNow), seconds(0));
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.3", "a@x.example", kNow + seconds(60)),
            seconds(3540));
  // A refused email does not use up the address's allowance either.
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.3", "b@x.example", kNow + seconds(60)), seconds(0));
}

TEST(SubmissionLimiter, NewLimitsFromAReloadApplyAtOnce) {
  SubmissionLimiter limiter;
  auto limits = Intake().web_form;
  limits.max_per_address = 1;
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.1", "a@x.example", kNow), seconds(0));
  EXPECT_GT(limiter.TryAcquire(limits, "10.0.0.1", "b@x.example", kNow), seconds(0));
  limits.max_per_address = 5;
  EXPECT_EQ(limiter.TryAcquire(limits, "10.0.0.1", "b@x.example", kNow), seconds(0));
}

}  // namespace
}  // namespace esc::app
