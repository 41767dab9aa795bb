// Classify: which headers make a mail an auto-reply, a bounce or a loop, and which do not.
#include "intake/classify.h"

#include <gtest/gtest.h>

namespace esc::intake {
namespace {

constexpr std::string_view kOurs = "mail.escalator.example";

MailSignals Person() {
  MailSignals m;
  m.from_address = "alice@customer.example";
  m.subject = "Printer broken";
  m.content_type = "text/plain";
  m.message_id = "abc@customer.example";
  return m;
}

TEST(Classify, APersonWritingIsNormal) {
  EXPECT_EQ(Classify(Person(), kOurs).kind, MailKind::kNormal);
}

TEST(Classify, AutoSubmittedOtherThanNoIsAnAutoReply) {
  MailSignals m = Person();
  m.auto_submitted = "auto-generated";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kAutoReply);
  EXPECT_EQ(Classify(m, kOurs).reason, "Auto-Submitted: auto-generated");
  m.auto_submitted = " No ";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kNormal);
}

TEST(Classify, PrecedenceBulkJunkListIsAnAutoReply) {
  for (const char* value : {"bulk", "junk", "List"}) {
    MailSignals m = Person();
    m.precedence = value;
    EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kAutoReply) << value;
  }
  MailSignals m = Person();
  m.precedence = "first-class";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kNormal);
}

TEST(Classify, XAutoreplyHeaderIsAnAutoReply) {
  MailSignals m = Person();
  m.has_autoreply_header = true;
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kAutoReply);
}

TEST(Classify, OutOfOfficeSubjectsAreAutoReplies) {
  for (const char* subject :
       {"Out of Office: Printer broken", "Automatic reply: [ESC-1] x", "AUTO: away",
        "Abwesenheitsnotiz: Drucker", "I am out of the office"}) {
    MailSignals m = Person();
    m.subject = subject;
    EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kAutoReply) << subject;
  }
  MailSignals m = Person();
  m.subject = "Re: Office move, automatic doors";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kNormal);
}

TEST(Classify, DeliveryStatusReportIsABounceEvenWhenAutoSubmitted) {
  MailSignals m = Person();
  m.content_type = "multipart/report";
  m.report_type = "delivery-status";
  m.auto_submitted = "auto-replied";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kBounce);
  m.report_type = "disposition-notification";  // a read receipt is not a bounce
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kAutoReply);
}

TEST(Classify, MailerDaemonAndPostmasterAreBounces) {
  for (const char* from : {"MAILER-DAEMON@mx.example", "postmaster@mx.example"}) {
    MailSignals m = Person();
    m.from_address = from;
    EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kBounce) << from;
  }
}

TEST(Classify, EmptyReturnPathIsABounceUnlessItIsAnAutoReply) {
  MailSignals m = Person();
  m.return_path = "<>";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kBounce);
  EXPECT_EQ(Classify(m, kOurs).reason, "empty Return-Path");
  m.auto_submitted = "auto-replied";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kAutoReply);
  m = Person();
  m.return_path = "<alice@customer.example>";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kNormal);
}

TEST(Classify, OurOwnMessageIdOrLoopHeaderIsALoop) {
  MailSignals m = Person();
  m.message_id = "esc-1-2@MAIL.escalator.example";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kLoop);
  EXPECT_EQ(Classify(m, "").kind, MailKind::kNormal);  // no domain configured
  m = Person();
  m.message_id = "esc-1-2@notmail.escalator.example.evil";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kNormal);
  m = Person();
  m.has_loop_header = true;
  EXPECT_EQ(Classify(m, "").kind, MailKind::kLoop);
}

TEST(Classify, AReplyToOurMailIsNormalButAnAutomaticOneIsALoop) {
  MailSignals m = Person();
  m.in_reply_to = "esc-1-2@mail.escalator.example";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kNormal);
  m.precedence = "bulk";
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kLoop);
  m.in_reply_to.clear();
  m.references = {"x@customer.example", "esc-1-2@mail.escalator.example"};
  EXPECT_EQ(Classify(m, kOurs).kind, MailKind::kLoop);
}

}  // namespace
}  // namespace esc::intake
