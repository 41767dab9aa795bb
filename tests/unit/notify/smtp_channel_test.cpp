// SmtpChannel against a real SMTP server on loopback: aiosmtpd (tests/support/smtp_server.py)
// with STARTTLS + AUTH, implicit TLS, or plain, writing a Maildir that the tests read back.
#include "notify/smtp_channel.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/child_process.h"
#include "support/scratch_dir.h"

namespace esc::notify {
namespace {

using test_support::ChildProcess;
using test_support::ReadFile;
using test_support::ScratchDir;

constexpr const char* kServer = ESCALATOR_SOURCE_DIR "/tests/support/smtp_server.py";
const core::Instant kNow{std::chrono::seconds(1772460000)};  // Mon, 02 Mar 2026 14:00:00

struct MailServer {
  MailServer(const ScratchDir& dir, const std::string& mode, bool tls_files = true)
      : maildir(dir / "Maildir"),
        cert(dir / "cert.pem"),
        made_cert(!tls_files || test_support::MakeSelfSignedCert(dir)),
        process(Args(dir, mode, tls_files), dir / "smtp.stderr") {}

  std::vector<std::string> Args(const ScratchDir& dir, const std::string& mode,
                                bool tls_files) const {
    std::vector<std::string> args = {"/usr/bin/python3", kServer, "--maildir", maildir.string(),
                                     "--mode",           mode,    "--user",    "bot",
                                     "--password",       "pa55"};
    if (tls_files) {
      for (const char* item : {"--cert", "cert.pem", "--key", "key.pem"}) {
        args.emplace_back(std::string_view(item).ends_with(".pem") ? (dir / item).string() : item);
      }
    }
    return args;
  }

  // The stored messages (Maildir "new"), oldest name first; waits for `count` of them.
  std::vector<std::string> Messages(std::size_t count) const {
    std::vector<std::filesystem::path> files;
    const auto list = [&] {
      files.clear();
      std::error_code ignored;
      for (const auto& entry : std::filesystem::directory_iterator(maildir / "new", ignored)) {
        files.push_back(entry.path());
      }
      return files.size() >= count;
    };
    test_support::WaitUntil(list);
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    for (const auto& file : files) out.push_back(ReadFile(file));
    return out;
  }

  std::filesystem::path maildir;
  std::filesystem::path cert;
  bool made_cert;
  ChildProcess process;
};

SmtpConfig Config(const MailServer& server, SmtpSecurity security) {
  SmtpConfig config;
  config.host = "127.0.0.1";
  config.port = server.process.port();
  config.security = security;
  config.username = "bot";
  config.password = "pa55";
  config.ca_file = server.cert.string();
  config.from = "Escalator <escalator@esc.example>";
  config.domain = "esc.example";
  config.timeout = std::chrono::seconds(20);
  return config;
}

Notification Sample(std::int64_t id, std::string recipient = "ann@example.org") {
  Notification n;
  n.outbox_id = id;
  n.idempotency_key = IdempotencyKey(id);
  n.kind = "breached";
  n.recipient = std::move(recipient);
  n.ticket_key = "ESC-8";
  n.subject = "[ESC-8] Störung: SLA verletzt";
  n.text = "Das Ticket ESC-8 hat sein Ziel verfehlt.\n.\nEnde";
  n.html = "<p>Das Ticket <b>ESC-8</b> hat sein Ziel verfehlt.</p>";
  return n;
}

TEST(SmtpChannel, StartTlsWithAuthDeliversACompleteMessage) {
  ScratchDir dir;
  MailServer server(dir, "starttls");
  ASSERT_TRUE(server.made_cert);
  ASSERT_TRUE(server.process.ok()) << server.process.Stderr();
  SmtpChannel channel(Config(server, SmtpSecurity::kStartTls));
  const DeliveryResult result = channel.Send(Sample(42), kNow);
  ASSERT_TRUE(result.sent()) << result.reason << "\n" << server.process.Stderr();
  const auto messages = server.Messages(1);
  ASSERT_EQ(messages.size(), 1u);
  const std::string& mail = messages[0];  // the Maildir copy has LF line ends
  EXPECT_NE(mail.find("From: Escalator <escalator@esc.example>\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("To: ann@example.org\n"), std::string::npos);
  EXPECT_NE(mail.find("Subject: =?UTF-8?B?W0VTQy04XSBTdMO2cnVuZzogU0xBIHZlcmxldHp0?=\n"),
            std::string::npos);
  EXPECT_NE(mail.find("Date: Mon, 02 Mar 2026 14:00:00 +0000\n"), std::string::npos);
  EXPECT_NE(mail.find("Message-ID: <escalator.outbox.42@esc.example>\n"), std::string::npos);
  EXPECT_NE(mail.find("Auto-Submitted: auto-generated\n"), std::string::npos);
  EXPECT_NE(mail.find("X-Escalator-Loop: esc.example\n"), std::string::npos);
  EXPECT_NE(mail.find("X-MailFrom: escalator@esc.example\n"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/plain; charset=utf-8\n"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/html; charset=utf-8\n"), std::string::npos);
  EXPECT_NE(mail.find("\n=2E\nEnde\n"), std::string::npos) << "the lone dot line";
  EXPECT_NE(mail.find("<p>Das Ticket <b>ESC-8</b> hat sein Ziel verfehlt.</p>"), std::string::npos);
  EXPECT_NE(mail.find("--=_escalator_42--"), std::string::npos);
}

TEST(SmtpChannel, WrongPasswordIsPermanent) {
  ScratchDir dir;
  MailServer server(dir, "starttls");
  ASSERT_TRUE(server.process.ok()) << server.process.Stderr();
  SmtpConfig config = Config(server, SmtpSecurity::kStartTls);
  config.password = "wrong";
  const DeliveryResult result = SmtpChannel(config).Send(Sample(1), kNow);
  EXPECT_EQ(result.status, DeliveryStatus::kPermanent);
  EXPECT_NE(result.reason.find("login denied"), std::string::npos) << result.reason;
}

TEST(SmtpChannel, TemporaryRecipientRejectionIsRetryableAndPermanentOneIsNot) {
  ScratchDir dir;
  MailServer server(dir, "starttls");
  ASSERT_TRUE(server.process.ok()) << server.process.Stderr();
  SmtpChannel channel(Config(server, SmtpSecurity::kStartTls));
  const DeliveryResult busy = channel.Send(Sample(1, "busy@example.org"), kNow);
  EXPECT_EQ(busy.status, DeliveryStatus::kRetryable) << busy.reason;
  EXPECT_NE(busy.reason.find("451"), std::string::npos) << busy.reason;
  const DeliveryResult unknown = channel.Send(Sample(2, "nobody@example.org"), kNow);
  EXPECT_EQ(unknown.status, DeliveryStatus::kPermanent) << unknown.reason;
  EXPECT_NE(unknown.reason.find("550"), std::string::npos) << unknown.reason;
  const DeliveryResult fine = channel.Send(Sample(3), kNow);
  EXPECT_TRUE(fine.sent()) << fine.reason;
  EXPECT_EQ(server.Messages(1).size(), 1u);
}

TEST(SmtpChannel, UntrustedCertificateIsRefusedPermanently) {
  ScratchDir dir;
  MailServer server(dir, "starttls");
  ASSERT_TRUE(server.process.ok()) << server.process.Stderr();
  SmtpConfig config = Config(server, SmtpSecurity::kStartTls);
  config.ca_file.clear();
  const DeliveryResult result = SmtpChannel(config).Send(Sample(1), kNow);
  EXPECT_EQ(result.status, DeliveryStatus::kPermanent) << result.reason;
}

TEST(SmtpChannel, ImplicitTlsDelivers) {
  ScratchDir dir;
  MailServer server(dir, "tls");
  ASSERT_TRUE(server.process.ok()) << server.process.Stderr();
  const DeliveryResult result =
      SmtpChannel(Config(server, SmtpSecurity::kImplicitTls)).Send(Sample(5), kNow);
  ASSERT_TRUE(result.sent()) << result.reason << "\n" << server.process.Stderr();
  ASSERT_EQ(server.Messages(1).size(), 1u);
}

TEST(SmtpChannel, PlainDeliveryAndAResendKeepsTheMessageId) {
  ScratchDir dir;
  MailServer server(dir, "plain", false);
  ASSERT_TRUE(server.process.ok()) << server.process.Stderr();
  SmtpConfig config = Config(server, SmtpSecurity::kNone);
  config.username.clear();
  SmtpChannel channel(config);
  ASSERT_TRUE(channel.Send(Sample(77), kNow).sent());
  ASSERT_TRUE(channel.Send(Sample(77), kNow + std::chrono::minutes(5)).sent());
  const auto messages = server.Messages(2);
  ASSERT_EQ(messages.size(), 2u);
  for (const auto& mail : messages) {
    EXPECT_NE(mail.find("Message-ID: <escalator.outbox.77@esc.example>\n"), std::string::npos);
  }
}

TEST(SmtpChannel, StartTlsIsRequiredNeverOpportunistic) {
  ScratchDir dir;
  MailServer server(dir, "plain", false);  // offers no STARTTLS
  ASSERT_TRUE(server.process.ok()) << server.process.Stderr();
  const DeliveryResult result =
      SmtpChannel(Config(server, SmtpSecurity::kStartTls)).Send(Sample(1), kNow);
  EXPECT_EQ(result.status, DeliveryStatus::kPermanent) << result.reason;
  EXPECT_TRUE(server.Messages(0).empty());
}

TEST(SmtpChannel, NotAnAddressIsPermanentWithoutConnecting) {
  SmtpConfig config;
  config.port = 1;
  const DeliveryResult result = SmtpChannel(config).Send(Sample(1, "Ann Example"), kNow);
  EXPECT_EQ(result.status, DeliveryStatus::kPermanent);
}

}  // namespace
}  // namespace esc::notify
