#include "notify/mime_message.h"

#include <gtest/gtest.h>

#include <chrono>

namespace esc::notify {
namespace {

using namespace std::chrono_literals;

core::Instant At(std::chrono::sys_days day, std::chrono::seconds time) {
  return core::Instant(day.time_since_epoch() + time);
}

Notification Sample() {
  Notification n;
  n.outbox_id = 42;
  n.ticket_key = "ESC-7";
  n.subject = "Eskalation: Störung";
  n.text = "Line one\n.dot line\n";
  n.html = "<p>Line one</p>";
  return n;
}

TEST(MimeMessage, DateIsRfc5322InUtc) {
  using std::chrono::March;
  EXPECT_EQ(MailDate(At(2026y / March / 2, 14h + 5min + 9s)), "Mon, 02 Mar 2026 14:05:09 +0000");
}

TEST(MimeMessage, MessageIdIsStableForAnOutboxRow) {
  EXPECT_EQ(MessageId(42, "escalator.example"), "<escalator.outbox.42@escalator.example>");
}

TEST(MimeMessage, HeadersAndMultipartBodyUseCrlfOnly) {
  const std::string message = ComposeMessage(
      {"Escalator <esc@example.org>", "ann@example.org", "example.org", {}}, Sample());
  EXPECT_NE(message.find("From: Escalator <esc@example.org>\r\n"), std::string::npos);
  EXPECT_NE(message.find("To: ann@example.org\r\n"), std::string::npos);
  EXPECT_NE(message.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(message.find("Message-ID: <escalator.outbox.42@example.org>\r\n"), std::string::npos);
  EXPECT_NE(message.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(message.find("X-Escalator-Loop: example.org\r\n"), std::string::npos);
  EXPECT_NE(message.find("multipart/alternative; boundary=\"=_escalator_42\""), std::string::npos);
  EXPECT_NE(message.find("\r\n--=_escalator_42--\r\n"), std::string::npos);
  EXPECT_NE(message.find("\r\n=2Edot line"), std::string::npos);
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] != '\n') continue;
    ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "bare LF at " << i;
  }
  EXPECT_EQ(message.find("\r\n.\r\n"), std::string::npos);
}

TEST(MimeMessage, TextOnlyWhenThereIsNoHtml) {
  Notification n = Sample();
  n.html.clear();
  const std::string message = ComposeMessage({"a@b.c", "d@e.f", "b.c", {}}, n);
  EXPECT_EQ(message.find("multipart"), std::string::npos);
  EXPECT_NE(message.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
}

}  // namespace
}  // namespace esc::notify
