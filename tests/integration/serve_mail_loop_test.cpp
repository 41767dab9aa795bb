// The whole mail loop through real servers on loopback: a customer's mail waits in a
// Dovecot mailbox; `escalator serve` takes it over IMAP and opens a ticket; the customer's
// acknowledgement reaches aiosmtpd; the resolution mail carries the signed feedback link,
// and following it records the rating. The mail is marked taken in the mailbox only after
// it is stored, and a second poll takes nothing twice.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "support/api_session.h"
#include "support/child_process.h"
#include "support/escalator_process.h"
#include "support/imap_test_mailbox.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::ChildProcess;
using test_support::FreePort;
using test_support::HttpClient;
using test_support::HttpResult;
using test_support::Json;
using test_support::ScratchDir;
using test_support::ServeOptions;
using test_support::ServerProcess;
using test_support::TicketPath;
using test_support::WaitUntil;

constexpr const char* kImap = ESCALATOR_SOURCE_DIR "/tests/support/imap_server.py";
constexpr const char* kSmtp = ESCALATOR_SOURCE_DIR "/tests/support/smtp_server.py";
constexpr std::string_view kPassword = test_support::kDemoPassword;
constexpr const char* kMailboxPassword = "mailbox-secret";
constexpr auto kPatience = std::chrono::seconds(30);

std::string Policy(std::uint16_t imap_port, std::uint16_t smtp_port) {
  return fmt::format(R"(calendars:
  always-on: {{hours: 24/7}}
priorities:
  order: [high, low]
  default: low
  matrix:
    high: {{high: high, low: low}}
    low: {{high: low, low: low}}
categories:
  technical: {{name: Technical}}
levels:
  L1: {{name: Frontline}}
teams:
  frontline: {{name: Frontline, level: L1, skills: [technical], members: [ana], calendar: always-on}}
sla:
  - name: everyone
    calendar: always-on
    targets: {{first_response: 8h, resolution: 40h}}
escalation_paths:
  technical:
    - {{team: frontline}}
notifications:
  desk-mail:
    type: email
    from: "Escalator <desk@example.com>"
    smtp: {{url: "smtp://127.0.0.1:{}"}}
customer_updates:
  via: desk-mail
intake:
  default: {{customer: Email customers, tier: standard}}
  category: technical
  impact: low
  urgency: low
  message_id_domain: mail.escalator.example
  imap:
    url: "imap://127.0.0.1:{}/INBOX"
    username: support
    password_env: ESC_TEST_IMAP_PASSWORD
    every: 1s
    starttls: false
)",
                     smtp_port, imap_port);
}

// Quoted-printable soft line breaks and escapes undone (enough to read a link in a mail).
std::string Unfold(std::string text) {
  text = std::regex_replace(text, std::regex("=\r?\n"), "");
  return std::regex_replace(text, std::regex("=3D"), "=");
}

class ServeMailLoop : public ::testing::Test {
 protected:
  void SetUp() override {
    imap_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", kImap, "--dir", (dir_ / "dovecot").string(),
                                 "--user", "support", "--password", kMailboxPassword},
        dir_ / "imap.stderr");
    ASSERT_TRUE(imap_->ok()) << imap_->Stderr();
    const std::uint16_t smtp_port = FreePort();
    smtp_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", kSmtp, "--maildir",
                                 (dir_ / "Maildir").string(), "--mode", "plain", "--port",
                                 std::to_string(smtp_port)},
        dir_ / "smtp.stderr");
    ASSERT_TRUE(smtp_->ok()) << smtp_->Stderr();
    test_support::WriteFile(dir_ / "policy.yaml", Policy(imap_->port(), smtp_port));
    const auto made =
        test_support::RunEscalator({"user", "add", "--db", (dir_ / "loop.db").string(),
                                    "--username", "admin", "--role", "admin"},
                                   std::string(kPassword) + "\n", dir_);
    ASSERT_EQ(made.status, 0) << made.out << made.err;
    ::setenv("ESC_TEST_IMAP_PASSWORD", kMailboxPassword, 1);  // the server inherits it
    ServeOptions options = test_support::ServeOn(dir_ / "loop.db", dir_);
    options.policy = (dir_ / "policy.yaml").string();
    server_ = std::make_unique<ServerProcess>(std::move(options));
    ASSERT_TRUE(server_->ok()) << server_->error();
    admin_ = std::make_unique<ApiSession>(server_->base_url());
    ASSERT_EQ(admin_->Login("admin", kPassword).status, 201);
  }
  void TearDown() override {
    admin_.reset();
    if (server_ && server_->running()) {
      EXPECT_EQ(server_->Terminate(), 0) << server_->Stderr();
    }
  }

  test_support::TestMailbox Mailbox() const {
    return {fmt::format("imap://127.0.0.1:{}/INBOX", imap_->port()), "support", kMailboxPassword};
  }
  std::string Imap(const std::string& command) { return Mailbox().Command(command); }
  void Arrive(const std::string& raw) { Mailbox().Deliver(raw); }
  std::vector<std::string> Mails() const { return test_support::MaildirMessages(dir_ / "Maildir"); }
  std::string MailContaining(std::string_view text) {
    std::string found;
    EXPECT_TRUE(WaitUntil(
        [&] {
          for (const auto& mail : Mails()) {
            if (Unfold(mail).find(text) != std::string::npos) found = Unfold(mail);
          }
          return !found.empty();
        },
        kPatience))
        << "no mail with \"" << text << "\"; " << Mails().size() << " mails";
    return found;
  }
  Json Tickets() { return admin_->GetJson("/api/v1/tickets"); }

  ScratchDir dir_;
  std::unique_ptr<ChildProcess> imap_;
  std::unique_ptr<ChildProcess> smtp_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiSession> admin_;
};

TEST_F(ServeMailLoop, AMailOverImapBecomesATicketTheCustomerHearsBackAndRatesIt) {
  Arrive(
      "From: Carla Customer <carla@customer.example>\r\n"
      "To: support@escalator.example\r\n"
      "Subject: Exports stopped working\r\n"
      "Message-ID: <loop-1@customer.example>\r\n"
      "Date: Mon, 02 Mar 2026 13:59:00 +0000\r\n"
      "\r\n"
      "Since this morning every CSV export is empty.\r\n");

  // Taken over IMAP: one ticket, opened by mail for the new contact.
  ASSERT_TRUE(WaitUntil([&] { return Tickets()["items"].size() == 1; }, kPatience))
      << server_->Stderr();
  const Json ticket = Tickets()["items"][0];
  EXPECT_EQ(ticket["subject"], "Exports stopped working");
  EXPECT_EQ(ticket["channel"], "email");
  const std::string key = ticket["key"];
  // Marked in the mailbox once stored, and not taken again by later polls.
  ASSERT_TRUE(WaitUntil(
      [&] {
        return Imap("UID SEARCH KEYWORD $EscalatorTaken").find("SEARCH 1") != std::string::npos;
      },
      kPatience));

  // The acknowledgement reaches the customer over SMTP.
  const std::string ack = MailContaining("We have received your request");
  EXPECT_NE(ack.find("carla@customer.example"), std::string::npos);
  EXPECT_NE(ack.find("[" + key + "]"), std::string::npos);

  // Resolution: the mail carries the signed link; following it records the rating.
  ASSERT_EQ(admin_
                ->Post(TicketPath(ticket["id"], "/resolve"),
                       Json{{"root_cause_category", "defect"}, {"root_cause", "fixed"}})
                .status,
            200);
  const std::string resolved = MailContaining("/feedback/");
  std::smatch link;
  ASSERT_TRUE(
      std::regex_search(resolved, link, std::regex("https?://[^/\\s]+(/feedback/[0-9a-f.]+)")))
      << resolved;
  HttpClient browser(server_->base_url());
  const HttpResult rated = browser.Get(link[1].str() + "?rating=4");
  EXPECT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(admin_->GetJson(TicketPath(ticket["id"]))["feedback"]["rating"], 4);
  EXPECT_EQ(Tickets()["items"].size(), 1u);  // the mailbox was not taken twice
}

}  // namespace
}  // namespace esc
