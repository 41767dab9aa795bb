// The whole mail loop through real servers on loopback: a customer's mail waits in a
// Dovecot mailbox; `escalator serve` takes it over IMAP and opens a ticket; the customer's
// acknowledgement reaches aiosmtpd; the SLA warning and the automatic escalation reach the
// L2 team by email (aiosmtpd) and by signed webhook (tests/support/webhook_receiver.py);
// the customer's reply to the acknowledgement threads onto the ticket; the resolution mail
// carries the signed feedback link, and following it records the rating. The mail is
// marked taken in the mailbox only after it is stored, and no poll takes a mail twice.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
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
constexpr const char* kReceiver = ESCALATOR_SOURCE_DIR "/tests/support/webhook_receiver.py";
constexpr std::string_view kPassword = test_support::kDemoPassword;
constexpr const char* kMailboxPassword = "mailbox-secret";
constexpr auto kPatience = std::chrono::seconds(30);

// Frontline (ana) holds new mail; at half the first-response target the assignee and an
// L2 specialist (hiro) are warned; at three quarters the case escalates to tier two (hiro
// and kim), whose team is told. Both by mail and by webhook.
std::string Policy(std::uint16_t imap_port, std::uint16_t smtp_port, std::uint16_t hook_port) {
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
  L2: {{name: Specialists}}
teams:
  frontline: {{name: Frontline, level: L1, skills: [technical], members: [ana], calendar: always-on}}
  tier-two: {{name: Tier two, level: L2, skills: [technical], members: [hiro, kim],
             calendar: always-on}}
sla:
  - name: everyone
    calendar: always-on
    targets: {{first_response: 8h, resolution: 40h}}
escalation_paths:
  technical:
    - {{team: frontline, time: 24h}}
    - {{team: tier-two}}
notifications:
  desk-mail:
    type: email
    from: "Escalator <desk@example.com>"
    smtp: {{url: "smtp://127.0.0.1:{}"}}
  desk-hook:
    type: webhook
    url: "http://127.0.0.1:{}/hook"
    secret_env: ESC_TEST_HOOK_SECRET
triggers:
  - name: first-response-warning
    when: {{sla: {{target: first_response, at: 50%}}}}
    then: [{{notify: {{to: [assignee, hiro], via: [desk-mail, desk-hook]}}}}]
  - name: first-response-escalation
    when: {{sla: {{target: first_response, at: 75%}}}}
    then:
      - escalate: next_level
      - notify: {{to: [team], via: [desk-mail, desk-hook]}}
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
                     smtp_port, hook_port, imap_port);
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
    receiver_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", kReceiver, "--log",
                                 (dir_ / "hook.jsonl").string(), "--secret", "s3cret"},
        dir_ / "receiver.stderr");
    ASSERT_TRUE(receiver_->ok()) << receiver_->Stderr();
    ::setenv("ESC_TEST_HOOK_SECRET", "s3cret", 1);  // the server inherits it
    test_support::WriteFile(dir_ / "policy.yaml",
                            Policy(imap_->port(), smtp_port, receiver_->port()));
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
    for (const char* agent : {"ana", "hiro", "kim"}) {
      const HttpResult user =
          admin_->Post("/api/v1/users", Json{{"username", agent},
                                             {"role", "agent"},
                                             {"password", std::string(kPassword)},
                                             {"email", std::string(agent) + "@example.com"}});
      ASSERT_EQ(user.status, 201) << user.body;
    }
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
  void Advance(int seconds) {
    const HttpResult r = admin_->Post("/_test/clock", Json{{"advance_seconds", seconds}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // The webhook requests the receiver logged, each {"headers", "body", "signature_valid"}.
  std::vector<Json> Hooks() const {
    std::vector<Json> out;
    std::ifstream in(dir_ / "hook.jsonl");
    for (std::string line; std::getline(in, line);) out.push_back(Json::parse(line));
    return out;
  }
  // Each logged webhook's kind and recipient, for failure messages.
  std::string HookSummary() const {
    std::string out;
    for (const auto& hook : Hooks()) {
      const Json body = Json::parse(hook["body"].get<std::string>(), nullptr, false);
      out += body.is_object() ? body.value("kind", "?") + " to " + body.value("recipient", "?")
                              : std::string("(not JSON)");
      out += "; ";
    }
    return out;
  }
  // A notification of one of `kinds` to `recipient` arrived by webhook (signed) and by
  // mail (whose subject has `subject`).
  void ExpectBothWays(const std::vector<std::string>& kinds, std::string_view recipient,
                      std::string_view key, std::string_view subject) {
    const std::string& kind = kinds.front();
    ASSERT_TRUE(WaitUntil(
        [&] {
          for (const auto& hook : Hooks()) {
            const Json body = Json::parse(hook["body"].get<std::string>(), nullptr, false);
            if (body.is_object() &&
                std::find(kinds.begin(), kinds.end(), body.value("kind", "")) != kinds.end() &&
                body.value("recipient", "") == recipient) {
              EXPECT_TRUE(hook["signature_valid"].get<bool>()) << hook.dump();
              EXPECT_NE(body.dump().find(key), std::string::npos) << body.dump();
              return true;
            }
          }
          return false;
        },
        kPatience))
        << "no " << kind << " webhook to " << recipient << "; the hooks: " << HookSummary();
    const std::string to = fmt::format("To: {}@example.com", recipient);
    ASSERT_TRUE(WaitUntil(
        [&] {
          for (const auto& mail : Mails()) {
            if (mail.find(to) != std::string::npos && mail.find(key) != std::string::npos &&
                mail.find(subject) != std::string::npos) {
              return true;
            }
          }
          return false;
        },
        kPatience))
        << "no " << kind << " mail to " << recipient;
  }

  ScratchDir dir_;
  std::unique_ptr<ChildProcess> imap_;
  std::unique_ptr<ChildProcess> smtp_;
  std::unique_ptr<ChildProcess> receiver_;
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

  // 4 h (50% of first response): the assignee and the L2 specialist are warned; 6 h (75%):
  // the case escalates to tier two, whose team hears of it. By mail and by webhook.
  Advance(4 * 3600);
  ExpectBothWays({"warning"}, "ana", key, "SLA warning");
  ExpectBothWays({"warning"}, "hiro", key, "SLA warning");
  Advance(2 * 3600);
  EXPECT_EQ(admin_->GetJson(TicketPath(ticket["id"]))["team"], "tier-two");
  // The one of them assigned hears "escalated to you", the other "escalated to your team".
  for (const char* specialist : {"hiro", "kim"}) {
    ExpectBothWays({"escalated_to_you", "escalated_to_team"}, specialist, key, "Escalated to");
  }

  // The customer answers the acknowledgement: the reply threads onto the ticket.
  const std::regex ack_id_pattern("Message-I[Dd]: *(<[^>\r\n]+>)");
  std::smatch ack_id;
  ASSERT_TRUE(std::regex_search(ack, ack_id, ack_id_pattern)) << ack;
  Arrive(
      "From: Carla Customer <carla@customer.example>\r\n"
      "To: support@escalator.example\r\n"
      "Subject: Re: [" + key + "] Exports stopped working\r\n"
      "Message-ID: <loop-2@customer.example>\r\n"
      "In-Reply-To: " + ack_id[1].str() + "\r\n"
      "Date: Mon, 02 Mar 2026 20:05:00 +0000\r\n"
      "\r\n"
      "It is still empty this evening.\r\n"
      "\r\n"
      "> We have received your request\r\n");
  ASSERT_TRUE(WaitUntil(
      [&] {
        const Json messages = admin_->GetJson(TicketPath(ticket["id"], "/messages"));
        for (const auto& m : messages["items"]) {
          if (m["from_customer"] == true &&
              m["body"].get<std::string>().find("still empty") != std::string::npos) {
            EXPECT_EQ(m["body"].get<std::string>().find("We have received"), std::string::npos)
                << "quoted history kept: " << m.dump();
            return true;
          }
        }
        return false;
      },
      kPatience))
      << server_->Stderr();
  EXPECT_EQ(Tickets()["items"].size(), 1u);  // threaded, not a new ticket

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
