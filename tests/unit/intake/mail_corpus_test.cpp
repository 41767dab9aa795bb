// ParseMail over the real-world-shaped messages in tests/data/mail: every field a ticket
// needs, exactly, for plain, multipart/alternative, HTML-only, attachments (RFC 2231 and
// RFC 2047 file names), ISO-8859-1 / windows-1252 and Shift_JIS bodies, Q and B
// encoded-words, a DSN bounce, an out-of-office reply, forwarded mail (inline and as
// message/rfc822), replies with quoted history (Gmail- and Outlook-style), a loop and a
// malformed message.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "intake/mail.h"

namespace esc::intake {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kOurDomain = "mail.escalator.example";

std::string ReadCorpus(const std::string& name) {
  std::ifstream in(std::string(ESCALATOR_SOURCE_DIR) + "/tests/data/mail/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

ParsedMail Parse(const std::string& name, std::string_view our_domain = kOurDomain) {
  ParseOptions options;
  options.our_message_id_domain = std::string(our_domain);
  auto mail = ParseMail(ReadCorpus(name), options);
  EXPECT_TRUE(mail.has_value()) << name << ": " << mail.error().ToString();
  return mail.value_or(ParsedMail{});
}

core::Instant Utc(std::chrono::year_month_day day, std::chrono::seconds time) {
  return std::chrono::sys_days{day} + time;
}

TEST(MailCorpus, PlainMailHasAddressesDateAndBody) {
  const ParsedMail m = Parse("plain.eml");
  EXPECT_EQ(m.from, (MailAddress{"alice@customer.example", "Alice Example"}));
  ASSERT_EQ(m.to.size(), 2u);
  EXPECT_EQ(m.to[0], (MailAddress{"support@escalator.example", ""}));
  EXPECT_EQ(m.to[1], (MailAddress{"ops@escalator.example", "Ops Team"}));
  ASSERT_EQ(m.cc.size(), 1u);
  EXPECT_EQ(m.cc[0], (MailAddress{"bob@customer.example", ""}));
  EXPECT_EQ(m.subject, "Disk full on the build server");
  EXPECT_EQ(m.date, Utc(2026y / 11 / 2, 9h + 15min));  // 10:15 +0100
  EXPECT_EQ(m.message_id, "CAF1234.5678@mail.customer.example");
  EXPECT_EQ(m.in_reply_to, "");
  EXPECT_TRUE(m.references.empty());
  EXPECT_EQ(m.ticket_key, std::nullopt);
  EXPECT_EQ(m.body,
            "Hello,\n\nthe nightly build fails since 02:00: \"No space left on device\".\n"
            "Can you have a look?\n\nThanks,\nAlice");  // CRLF in the file
  EXPECT_EQ(m.reply_text, m.body);
  EXPECT_FALSE(m.body_from_html);
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(m.kind, MailKind::kNormal);
}

TEST(MailCorpus, AlternativePrefersPlainTextAndDecodesQuotedPrintable) {
  const ParsedMail m = Parse("alternative.eml");
  EXPECT_EQ(m.from, (MailAddress{"zoe@customer.example", "Zoë Ågren"}));
  EXPECT_EQ(m.subject, "Störung behoben");
  EXPECT_EQ(m.date, Utc(2026y / 11 / 3, 8h));
  EXPECT_EQ(m.body,
            "Hallo,\n\ndie Störung ist behoben – danke für die schnelle Hilfe!\n"
            "Dieser Satz ist absichtlich lang genug, damit quoted-printable ihn mit einem "
            "weichen Umbruch teilen muss.\n\nZoë");
  EXPECT_FALSE(m.body_from_html);
  EXPECT_TRUE(m.attachments.empty());  // the HTML rendering is not an attachment
}

TEST(MailCorpus, HtmlOnlyMailBecomesPlainText) {
  const ParsedMail m = Parse("html_only.eml");
  EXPECT_TRUE(m.body_from_html);
  EXPECT_EQ(m.body,
            "Dear support,\n\nThe VPN gateway & the proxy are down since 9:00 – please help."
            "\n\nSite: Berlin\nUsers: 40 <all>\n\nRegards,\nCarl");
  EXPECT_EQ(m.date, Utc(2026y / 11 / 4, 8h + 5min));
}

TEST(MailCorpus, AttachmentsKeepDecodedNamesTypesAndBytes) {
  const ParsedMail m = Parse("attachments.eml");
  EXPECT_EQ(m.ticket_key, "ESC-77");
  EXPECT_EQ(m.body, "Here are the logs and a screenshot.");
  EXPECT_EQ(m.date, Utc(2026y / 11 / 5, 19h + 30min));  // 14:30 -0500
  ASSERT_EQ(m.attachments.size(), 2u);
  const Attachment& pdf = m.attachments[0];
  EXPECT_EQ(pdf.filename, "Fehlerprotokoll Müller.pdf");  // RFC 2231
  EXPECT_EQ(pdf.content_type, "application/pdf");
  const std::string pdf_bytes =
      "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  EXPECT_EQ(pdf.bytes, pdf_bytes);
  EXPECT_EQ(pdf.size, pdf_bytes.size());
  const Attachment& png = m.attachments[1];
  EXPECT_EQ(png.filename, "Bildschirmfoto Störung.png");  // RFC 2047 in a parameter
  EXPECT_EQ(png.content_type, "image/png");
  ASSERT_EQ(png.size, 32u);
  EXPECT_EQ(png.bytes.substr(0, 4), "\x89PNG");
  EXPECT_EQ(png.bytes[31], '\x17');
}

TEST(MailCorpus, Latin1BodyIsReadAsWindows1252) {
  const ParsedMail m = Parse("latin1.eml");
  EXPECT_EQ(m.from, (MailAddress{"juergen@customer.example", "Jürgen Weiß"}));
  EXPECT_EQ(m.subject, "Drucker im Büro");
  // 0x80 is a control character in ISO-8859-1 but the euro sign in what mailers mean.
  EXPECT_EQ(m.body,
            "Guten Tag,\n\nder Drucker im Büro (Raum 3.14) druckt nur noch Müll: Preis 120 € "
            "pro Woche.\n\nGrüße\nJürgen Weiß");
}

TEST(MailCorpus, ShiftJisBodyAndIso2022JpSubjectBecomeUtf8) {
  const ParsedMail m = Parse("shift_jis.eml");
  EXPECT_EQ(m.from, (MailAddress{"yamada@customer.example", "山田 太郎"}));
  EXPECT_EQ(m.subject, "サーバー障害");
  EXPECT_EQ(m.body, "お世話になっております。\nサーバーが停止しました。\n至急ご確認ください。");
  EXPECT_EQ(m.date, Utc(2026y / 11 / 7, 9h));  // 18:00 +0900
}

TEST(MailCorpus, QEncodedWordsAcrossCharsetsAndFoldedLines) {
  const ParsedMail m = Parse("encoded_subject_q.eml");
  EXPECT_EQ(m.from, (MailAddress{"francois@customer.example", "François"}));
  EXPECT_EQ(m.subject, "Re: [ESC-5] Réseau très lent");
  EXPECT_EQ(m.ticket_key, "ESC-5");
  EXPECT_EQ(m.body, "Toujours lent.");
}

TEST(MailCorpus, BEncodedSubjectWithEmoji) {
  const ParsedMail m = Parse("encoded_subject_b.eml");
  EXPECT_EQ(m.from, (MailAddress{"eva@customer.example", "Eva Müller"}));
  EXPECT_EQ(m.subject, "🔥 Production down [ESC-2026]");
  EXPECT_EQ(m.ticket_key, "ESC-2026");
  EXPECT_EQ(m.date, Utc(2026y / 11 / 9, 12h));
}

TEST(MailCorpus, DeliveryStatusReportIsABounce) {
  const ParsedMail m = Parse("bounce_dsn.eml");
  EXPECT_EQ(m.kind, MailKind::kBounce);
  EXPECT_EQ(m.kind_reason, "multipart/report; report-type=delivery-status");
  EXPECT_EQ(m.from.address, "MAILER-DAEMON@mx.customer.example");
  // The human-readable part is the body; the returned mail is not (it is our own text).
  EXPECT_EQ(m.body,
            "This is the mail system at host mx.customer.example.\n\nI'm sorry to have to "
            "inform you that your message could not\nbe delivered to one or more recipients."
            "\n\n<gone@customer.example>: host mx.customer.example said: 550 5.1.1 User "
            "unknown");
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].content_type, "message/delivery-status");
  EXPECT_NE(m.attachments[0].bytes.find("Status: 5.1.1"), std::string::npos);
  EXPECT_EQ(m.attachments[1].content_type, "message/rfc822");
  EXPECT_NE(m.attachments[1].bytes.find("Message-ID: <esc-9-3@mail.escalator.example>"),
            std::string::npos);
}

TEST(MailCorpus, OutOfOfficeReplyIsAnAutoReply) {
  const ParsedMail m = Parse("out_of_office.eml", "");
  EXPECT_EQ(m.kind, MailKind::kAutoReply);
  EXPECT_EQ(m.kind_reason, "Auto-Submitted: auto-replied");
  EXPECT_EQ(m.ticket_key, "ESC-9");
  EXPECT_EQ(m.in_reply_to, "esc-9-3@mail.escalator.example");
  EXPECT_EQ(m.references, std::vector<std::string>{"esc-9-3@mail.escalator.example"});
}

TEST(MailCorpus, OutOfOfficeAnsweringOurMailIsALoop) {
  const ParsedMail m = Parse("out_of_office.eml", kOurDomain);
  EXPECT_EQ(m.kind, MailKind::kLoop);
  EXPECT_EQ(m.kind_reason, "Auto-Submitted: auto-replied answering our mail");
}

TEST(MailCorpus, InlineForwardKeepsTheForwardedContent) {
  const ParsedMail m = Parse("forwarded.eml");
  EXPECT_EQ(m.reply_text, m.body);
  EXPECT_EQ(m.reply_text,
            "Please renew this, see below.\n\n---------- Forwarded message ---------\n"
            "From: Monitoring <monitor@customer.example>\nDate: Tue, 10 Nov 2026 at 06:00\n"
            "Subject: Certificate expires in 3 days\nTo: <ines@customer.example>\n\n\n"
            "The certificate for shop.customer.example expires on 2026-11-13.\n"
            "> Renew via the ACME client.");
  EXPECT_EQ(m.kind, MailKind::kNormal);
}

TEST(MailCorpus, ForwardedMessageAttachmentJoinsTheBodyAndStaysAnAttachment) {
  const ParsedMail m = Parse("forwarded_attachment.eml");
  EXPECT_EQ(m.body,
            "See the attached alarm.\n\n---------- Forwarded message ----------\n"
            "From: Monitoring <monitor@customer.example>\nSubject: Disk alarm\n\n"
            "/var is 97% full.");
  EXPECT_EQ(m.reply_text, m.body);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "Disk alarm.eml");
  EXPECT_EQ(m.attachments[0].content_type, "message/rfc822");
  EXPECT_NE(m.attachments[0].bytes.find("/var is 97% full."), std::string::npos);
}

TEST(MailCorpus, ReplyLosesItsQuotedHistory) {
  const ParsedMail m = Parse("reply_quoted.eml");
  EXPECT_EQ(m.subject, "Re: [ESC-1042] Disk full on the build server");
  EXPECT_EQ(m.ticket_key, "ESC-1042");
  EXPECT_EQ(m.in_reply_to, "esc-1042-1@mail.escalator.example");
  EXPECT_EQ(m.references, (std::vector<std::string>{"CAF1234.5678@mail.customer.example",
                                                    "esc-1042-1@mail.escalator.example"}));
  EXPECT_EQ(m.reply_text, "It works again, thank you!\nYou can close the ticket.");
  EXPECT_NE(m.body.find("> We freed 40 GB on /var."), std::string::npos);
  // A person answering our notification is not a loop.
  EXPECT_EQ(m.kind, MailKind::kNormal);
}

TEST(MailCorpus, OutlookReplyLosesTheOriginalMessage) {
  const ParsedMail m = Parse("reply_outlook.eml");
  EXPECT_EQ(m.from, (MailAddress{"petra.meier@customer.example", "Meier, Petra"}));
  EXPECT_EQ(m.ticket_key, "ESC-88");
  EXPECT_EQ(m.reply_text, "The printer is still offline – please send a technician.\n\nPetra");
  EXPECT_NE(m.body.find("-----Original Message-----"), std::string::npos);
}

TEST(MailCorpus, LoopHeaderMarksOurOwnMail) {
  const ParsedMail m = Parse("loop.eml", "");
  EXPECT_EQ(m.kind, MailKind::kLoop);
  EXPECT_EQ(m.kind_reason, "X-Escalator-Loop header");
}

TEST(MailCorpus, MalformedMailParsesAsFarAsItMakesSense) {
  const ParsedMail m = Parse("malformed.eml");
  EXPECT_EQ(m.from, MailAddress{});  // "Broken <broken@@..." has no usable mailbox
  EXPECT_EQ(m.subject, "=?UTF-8?Q?unterminated_encoded_word");
  EXPECT_EQ(m.date, std::nullopt);
  EXPECT_EQ(m.message_id, "no-brackets-here");
  EXPECT_EQ(m.body, "Invalid UTF-8 follows: \uFFFD\uFFFD and a lone \uFFFD byte.");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "data.bin");
  EXPECT_EQ(m.kind, MailKind::kNormal);
}

}  // namespace
}  // namespace esc::intake
