// Black-box tests of notification delivery in `escalator serve --testing`: a policy whose
// trigger notifies the assignee by email (SMTP to aiosmtpd on loopback) and by a signed
// webhook (tests/support/webhook_receiver.py, which checks the signature with Python's
// hmac). The test moves the manual clock to fire the trigger and to let retries fall due,
// and waits for the outside servers by polling with a deadline.
//
// Covered: mail and webhook arrive (signature valid, idempotency key and Message-ID
// stable per outbox row); a webhook answering 500 then 200 is delivered exactly once; an
// SMTP server that is down and comes back gets the mail once, after a retry; after the
// channel's last attempt the row is dead, visible to admins with its error, and an
// admin's retry delivers it; non-admins get 403; the backlog metric counts pending rows;
// a SIGKILL with 300 messages in flight loses none and doubles none; a storm to one
// person becomes single mails and one digest (channel digest:); a person who prefers the
// webhook gets no mail (notification preferences).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "support/api_session.h"
#include "support/child_process.h"
#include "support/escalator_process.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::ChildProcess;
using test_support::FreePort;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::Json;
using test_support::ScratchDir;
using test_support::ServeOptions;
using test_support::ServerProcess;
using test_support::WaitUntil;

constexpr const char* kReceiver = ESCALATOR_SOURCE_DIR "/tests/support/webhook_receiver.py";
constexpr const char* kSmtp = ESCALATOR_SOURCE_DIR "/tests/support/smtp_server.py";
constexpr std::string_view kPassword = test_support::kDemoPassword;
constexpr auto kPatience = std::chrono::seconds(30);

// The policy: one team of one member (ana), so the assignee is known; the trigger fires
// at half the 2 h resolution target and notifies ana by mail and webhook. Retries: 3
// attempts, backoff 1 min doubling, capped at 5 min.
// `mail_digest`: the desk-mail channel's digest setting ("" for none).
std::string Policy(std::uint16_t smtp_port, std::uint16_t hook_port,
                   std::string_view mail_digest = "") {
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
    targets: {{first_response: 2h, resolution: 2h}}
escalation_paths:
  technical:
    - {{team: frontline}}
notifications:
  desk-mail:
    type: email
    from: "Escalator <desk@example.com>"
    smtp: {{url: "smtp://127.0.0.1:{}"}}
    retry: {{attempts: 3, backoff: 1m, max_backoff: 5m}}
{}
  desk-hook:
    type: webhook
    url: "http://127.0.0.1:{}/hook"
    secret_env: ESC_TEST_HOOK_SECRET
    retry: {{attempts: 3, backoff: 1m, max_backoff: 5m}}
triggers:
  - name: half-time
    when: {{sla: {{target: resolution, at: 50%}}}}
    then:
      - notify: {{to: [assignee], via: [desk-mail, desk-hook]}}
)",
                     smtp_port,
                     mail_digest.empty() ? std::string() : "    digest: " + std::string(mail_digest),
                     hook_port);
}

class ServeNotifications : public ::testing::Test {
 protected:
  void TearDown() override {
    admin_.reset();
    if (server_ && server_->running()) {
      EXPECT_EQ(server_->Terminate(), 0) << server_->Stderr();
    }
  }

  // The webhook receiver; the first `fail_first` requests get 500, and every answer
  // waits `delay_ms` after the request is logged.
  void StartReceiver(int fail_first, int delay_ms = 0) {
    receiver_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", kReceiver, "--log", HookLog().string(),
                                 "--secret", "s3cret", "--fail-first", std::to_string(fail_first),
                                 "--delay-ms", std::to_string(delay_ms)},
        dir_ / "receiver.stderr");
    ASSERT_TRUE(receiver_->ok()) << receiver_->Stderr();
  }
  void StartSmtp(std::uint16_t port) {
    smtp_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", kSmtp, "--maildir", Maildir().string(),
                                 "--mode", "plain", "--port", std::to_string(port)},
        dir_ / "smtp.stderr");
    ASSERT_TRUE(smtp_->ok()) << smtp_->Stderr();
  }

  // The service on the policy above, an admin, agent ana (with an email address), a
  // customer and one ticket (assigned to ana).
  void StartService(std::uint16_t smtp_port, std::string_view mail_digest = "") {
    test_support::WriteFile(dir_ / "notify.yaml",
                            Policy(smtp_port, receiver_->port(), mail_digest));
    const auto made =
        test_support::RunEscalator({"user", "add", "--db", (dir_ / "notify.db").string(),
                                    "--username", "admin", "--role", "admin"},
                                   std::string(kPassword) + "\n", dir_);
    ASSERT_EQ(made.status, 0) << made.out << made.err;
    ::setenv("ESC_TEST_HOOK_SECRET", "s3cret", 1);  // the child inherits it
    Serve(std::string(test_support::kTestStart));
    const HttpResult user = admin_->Post("/api/v1/users", Json{{"username", "ana"},
                                                               {"role", "agent"},
                                                               {"password", std::string(kPassword)},
                                                               {"email", "ana@example.com"}});
    ASSERT_EQ(user.status, 201) << user.body;
    const HttpResult customer =
        admin_->Post("/api/v1/customers", Json{{"name", "Acme Corp"}, {"tier", "gold"}});
    ASSERT_EQ(customer.status, 201) << customer.body;
    const HttpResult ticket =
        admin_->Post("/api/v1/tickets", Json{{"subject", "Checkout fails"},
                                             {"category", "technical"},
                                             {"impact", "high"},
                                             {"urgency", "high"},
                                             {"customer_id", BodyJson(customer)["id"]}});
    ASSERT_EQ(ticket.status, 201) << ticket.body;
    ASSERT_EQ(BodyJson(ticket)["assignee"], "ana");
    ticket_key_ = BodyJson(ticket)["key"];
    customer_ = BodyJson(customer)["id"];
  }

  // `escalator serve --testing` on the test's policy and database, its clock at `start`,
  // and the admin signed in.
  void Serve(std::string start) {
    ServeOptions options = test_support::ServeOn(dir_ / "notify.db", dir_);
    options.policy = (dir_ / "notify.yaml").string();
    options.start = std::move(start);
    options.extra = {"--public-url", "https://escalator.example"};
    server_ = std::make_unique<ServerProcess>(std::move(options));
    ASSERT_TRUE(server_->ok()) << server_->error();
    admin_ = std::make_unique<ApiSession>(server_->base_url());
    ASSERT_EQ(admin_->Login("admin", kPassword).status, 201);
  }

  // Every outbox row of a channel, as an admin sees them (all pages).
  std::vector<Json> Notifications(std::string_view channel) {
    std::vector<Json> out;
    for (int offset = 0;; offset += 200) {
      const Json page =
          admin_->GetJson(fmt::format("/api/v1/notifications?limit=200&offset={}", offset));
      for (const auto& row : page["items"]) {
        if (row["channel"] == channel) out.push_back(row);
      }
      if (page["items"].size() < 200) return out;
    }
  }

  void Advance(int seconds) {
    const HttpResult r = admin_->Post("/_test/clock", Json{{"advance_seconds", seconds}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::filesystem::path HookLog() const { return dir_ / "hook.jsonl"; }
  std::filesystem::path Maildir() const { return dir_ / "Maildir"; }

  std::vector<Json> HookRequests() const {
    std::vector<Json> out;
    std::ifstream in(HookLog());
    for (std::string line; std::getline(in, line);) out.push_back(Json::parse(line));
    return out;
  }
  std::vector<std::string> Mails() const { return test_support::MaildirMessages(Maildir()); }
  // The notifications of one channel, as an admin sees them.
  Json Notification(std::string_view channel) {
    const Json list = admin_->GetJson("/api/v1/notifications");
    for (const auto& row : list["items"]) {
      if (row["channel"] == channel) return row;
    }
    return Json();
  }
  bool NotificationIs(std::string_view channel, std::string_view state, int attempts) {
    const Json row = Notification(channel);
    return row.is_object() && row["state"] == state && row["attempts"] == attempts;
  }
  double Metric(std::string_view name) {
    const HttpResult r = admin_->Get("/metrics");
    std::istringstream in(r.body);
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with(name) && line.size() > name.size() && line[name.size()] == ' ') {
        return std::stod(line.substr(name.size() + 1));
      }
    }
    return -1;
  }

  ScratchDir dir_;
  std::unique_ptr<ChildProcess> receiver_, smtp_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiSession> admin_;
  std::string ticket_key_;
  Json customer_;
};

TEST_F(ServeNotifications, TriggerSendsMailAndSignedWebhook) {
  StartReceiver(0);
  const std::uint16_t smtp_port = FreePort();
  StartSmtp(smtp_port);
  StartService(smtp_port);
  EXPECT_TRUE(HookRequests().empty());
  EXPECT_EQ(Metric("escalator_notification_backlog"), 0);
  Advance(3600);  // half of the 2 h resolution target
  ASSERT_TRUE(
      WaitUntil([&] { return HookRequests().size() == 1 && Mails().size() == 1; }, kPatience))
      << server_->Stderr();

  const Json request = HookRequests()[0];
  EXPECT_TRUE(request["signature_valid"].get<bool>()) << request.dump();
  const Json hook = Notification("desk-hook");
  EXPECT_EQ(request["headers"]["idempotency-key"],
            fmt::format("escalator-outbox-{}", hook["id"].get<int>()));
  EXPECT_NE(request["body"].get<std::string>().find(ticket_key_), std::string::npos);
  EXPECT_NE(
      request["body"].get<std::string>().find("https://escalator.example/tickets/" + ticket_key_),
      std::string::npos)
      << request["body"];

  const std::string mail = Mails()[0];
  const Json mail_row = Notification("desk-mail");
  EXPECT_NE(mail.find("To: ana@example.com"), std::string::npos) << mail;
  EXPECT_NE(mail.find(ticket_key_), std::string::npos) << mail;
  EXPECT_NE(mail.find(fmt::format("Message-ID: <escalator.outbox.{}@example.com>",
                                  mail_row["id"].get<int>())),
            std::string::npos)
      << mail;
  EXPECT_TRUE(WaitUntil([&] {
    return NotificationIs("desk-hook", "sent", 1) && NotificationIs("desk-mail", "sent", 1);
  }));
  EXPECT_EQ(Metric("escalator_notification_backlog"), 0);
}

TEST_F(ServeNotifications, WebhookAnswering500Then200IsDeliveredOnce) {
  StartReceiver(1);
  const std::uint16_t smtp_port = FreePort();
  StartSmtp(smtp_port);
  StartService(smtp_port);
  Advance(3600);
  ASSERT_TRUE(WaitUntil([&] { return NotificationIs("desk-hook", "pending", 1); }, kPatience))
      << Notification("desk-hook").dump();
  const Json waiting = Notification("desk-hook");
  EXPECT_NE(waiting["error"].get<std::string>().find("500"), std::string::npos) << waiting.dump();
  EXPECT_TRUE(waiting["next_attempt_at"].is_string());
  EXPECT_EQ(Metric("escalator_notification_backlog"), 1);

  Advance(600);  // past the longest first backoff
  ASSERT_TRUE(WaitUntil([&] { return NotificationIs("desk-hook", "sent", 2); }, kPatience))
      << Notification("desk-hook").dump();
  const auto requests = HookRequests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["status"], 500);
  EXPECT_EQ(requests[1]["status"], 200);
  // The retry carries the same idempotency key.
  EXPECT_EQ(requests[0]["headers"]["idempotency-key"], requests[1]["headers"]["idempotency-key"]);
  Advance(3600);
  EXPECT_TRUE(WaitUntil([&] { return Metric("escalator_notification_backlog") == 0; }));
  EXPECT_EQ(HookRequests().size(), 2u);
}

TEST_F(ServeNotifications, SmtpDownThenUpDeliversTheMailOnceAfterARetry) {
  StartReceiver(0);
  const std::uint16_t smtp_port = FreePort();  // nobody listens there yet
  StartService(smtp_port);
  Advance(3600);
  ASSERT_TRUE(WaitUntil([&] { return NotificationIs("desk-mail", "pending", 1); }, kPatience))
      << Notification("desk-mail").dump();
  EXPECT_FALSE(Notification("desk-mail")["error"].get<std::string>().empty());

  StartSmtp(smtp_port);
  Advance(600);
  ASSERT_TRUE(WaitUntil([&] { return NotificationIs("desk-mail", "sent", 2); }, kPatience))
      << Notification("desk-mail").dump();
  ASSERT_TRUE(WaitUntil([&] { return Mails().size() == 1; }));
  Advance(3600);
  EXPECT_TRUE(WaitUntil([&] { return Metric("escalator_notification_backlog") == 0; }));
  EXPECT_EQ(Mails().size(), 1u);
}

TEST_F(ServeNotifications, LastAttemptMakesItDeadAndAnAdminRetryDeliversIt) {
  StartReceiver(3);  // the channel's three attempts all get 500
  const std::uint16_t smtp_port = FreePort();
  StartSmtp(smtp_port);
  StartService(smtp_port);
  Advance(3600);
  for (int attempt = 1; attempt <= 2; ++attempt) {
    ASSERT_TRUE(
        WaitUntil([&] { return NotificationIs("desk-hook", "pending", attempt); }, kPatience))
        << Notification("desk-hook").dump();
    Advance(600);
  }
  ASSERT_TRUE(WaitUntil([&] { return NotificationIs("desk-hook", "dead", 3); }, kPatience))
      << Notification("desk-hook").dump();

  const Json dead = admin_->GetJson("/api/v1/notifications?state=dead");
  ASSERT_EQ(dead["items"].size(), 1u) << dead.dump();
  const Json row = dead["items"][0];
  EXPECT_EQ(row["channel"], "desk-hook");
  EXPECT_NE(row["error"].get<std::string>().find("500"), std::string::npos) << row.dump();
  EXPECT_TRUE(row["next_attempt_at"].is_null());
  const int id = row["id"];

  ApiSession ana(server_->base_url());
  ASSERT_EQ(ana.Login("ana", kPassword).status, 201);
  EXPECT_TRUE(IsApiError(ana.Get("/api/v1/notifications?state=dead"), 403, "forbidden"));
  EXPECT_TRUE(
      IsApiError(ana.Post(fmt::format("/api/v1/notifications/{}/retry", id), Json::object()), 403,
                 "forbidden"));
  EXPECT_TRUE(IsApiError(admin_->Get("/api/v1/notifications?state=lost"), 400, "invalid", "state"));

  const HttpResult retried =
      admin_->Post(fmt::format("/api/v1/notifications/{}/retry", id), Json::object());
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(BodyJson(retried)["state"], "pending");
  ASSERT_TRUE(WaitUntil([&] { return NotificationIs("desk-hook", "sent", 1); }, kPatience))
      << Notification("desk-hook").dump();
  const auto requests = HookRequests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[3]["status"], 200);
  EXPECT_TRUE(
      IsApiError(admin_->Post(fmt::format("/api/v1/notifications/{}/retry", id), Json::object()),
                 409, "conflict"));
}

// SIGKILL while the worker is sending: 150 tickets reach half time together, so 150 mails
// and 150 webhooks fall due at once; the receiver answers each request 20 ms after it has
// logged it, and the service is killed once 40 webhooks have arrived. After a restart
// every row is delivered: each outbox row reaches the receiver under its one idempotency
// key (and each mail under its one Message-ID) with the same body every time, no ticket
// gets a second notification, and the only repeats are rows of the batch that was in
// flight at the kill (sent, not yet recorded).
TEST_F(ServeNotifications, KillWithMessagesInFlightLosesNoneAndDoublesNone) {
  constexpr int kTickets = 150;
  constexpr int kKillAfter = 40;  // webhooks received before the kill
  constexpr std::size_t kBatch = 64;  // rows a worker round claims (OutboxWorkerOptions)
  StartReceiver(0, 20);
  const std::uint16_t smtp_port = FreePort();
  StartSmtp(smtp_port);
  StartService(smtp_port);
  std::set<std::string> tickets{ticket_key_};
  while (tickets.size() < kTickets) {
    const HttpResult t = admin_->Post(
        "/api/v1/tickets", Json{{"subject", fmt::format("Storm {}", tickets.size())},
                                {"category", "technical"}, {"impact", "high"},
                                {"urgency", "high"}, {"customer_id", customer_}});
    ASSERT_EQ(t.status, 201) << t.body;
    tickets.insert(BodyJson(t)["key"].get<std::string>());
  }
  Advance(3600);
  ASSERT_TRUE(WaitUntil([&] { return HookRequests().size() >= kKillAfter; }, kPatience))
      << server_->Stderr();
  server_->Kill();
  ASSERT_TRUE(WIFSIGNALED(server_->wait_status()));
  const std::size_t before_restart = HookRequests().size();
  ASSERT_LT(before_restart, static_cast<std::size_t>(kTickets)) << "nothing was in flight";

  Serve("2026-03-02T15:00:05Z");  // just after half time (kTestStart + 1 h)
  Advance(1);  // wakes the worker on the manual clock
  ASSERT_TRUE(WaitUntil(
      [&] {
        return Metric("escalator_notification_backlog") == 0 &&
               Notifications("desk-hook").size() == kTickets &&
               Notifications("desk-mail").size() == kTickets;
      },
      kPatience))
      << server_->Stderr();
  for (const auto* channel : {"desk-hook", "desk-mail"}) {
    for (const auto& row : Notifications(channel)) EXPECT_EQ(row["state"], "sent") << row.dump();
  }

  // Webhooks: one key per outbox row, one row per ticket, the same body on every repeat.
  std::map<std::string, std::string> body_by_key;
  std::map<std::string, int> keys_by_ticket;
  std::size_t repeats = 0;
  for (const auto& request : HookRequests()) {
    const std::string key = request["headers"]["idempotency-key"];
    const std::string body = request["body"];
    EXPECT_TRUE(request["signature_valid"].get<bool>()) << key;
    auto [it, first] = body_by_key.emplace(key, body);
    if (!first) {
      ++repeats;
      EXPECT_EQ(it->second, body) << key << " was sent twice with different bodies";
      continue;
    }
    for (const auto& ticket : tickets) {
      if (body.find("\"" + ticket + "\"") != std::string::npos ||
          body.find(ticket + " ") != std::string::npos) {
        ++keys_by_ticket[ticket];
      }
    }
  }
  std::set<std::string> row_keys;
  for (const auto& row : Notifications("desk-hook")) {
    row_keys.insert(fmt::format("escalator-outbox-{}", row["id"].get<int>()));
  }
  std::set<std::string> received_keys;
  for (const auto& [key, body] : body_by_key) received_keys.insert(key);
  EXPECT_EQ(received_keys, row_keys);
  EXPECT_EQ(keys_by_ticket.size(), tickets.size());
  for (const auto& [ticket, n] : keys_by_ticket) EXPECT_EQ(n, 1) << ticket;
  EXPECT_LE(repeats, kBatch);
  RecordProperty("webhooks_before_kill", static_cast<int>(before_restart));
  RecordProperty("webhook_repeats", static_cast<int>(repeats));
  EXPECT_GT(HookRequests().size(), before_restart) << "the restart delivered nothing";

  // Mails: one Message-ID per outbox row, and every row's Message-ID arrived.
  std::set<std::string> mail_ids;
  for (const auto& mail : Mails()) {
    const auto at = mail.find("Message-ID: <");
    ASSERT_NE(at, std::string::npos) << mail;
    mail_ids.insert(mail.substr(at + 13, mail.find('>', at) - at - 13));
  }
  std::set<std::string> row_ids;
  for (const auto& row : Notifications("desk-mail")) {
    row_ids.insert(fmt::format("escalator.outbox.{}@example.com", row["id"].get<int>()));
  }
  EXPECT_EQ(mail_ids, row_ids);
  EXPECT_LE(Mails().size(), kTickets + kBatch);
}

}  // namespace
}  // namespace esc

namespace esc {
namespace {

// 30 cases reach half-time at the same instant, all assigned to ana; desk-mail sends 5
// one by one in a minute and folds the other 25 into one digest at the minute's end.
TEST_F(ServeNotifications, AStormToOnePersonBecomesFiveMailsAndOneDigest) {
  StartReceiver(0);
  const std::uint16_t smtp_port = FreePort();
  StartSmtp(smtp_port);
  StartService(smtp_port, "{after: 5}");
  std::vector<std::string> keys = {ticket_key_};
  for (int i = 1; i < 30; ++i) {
    const HttpResult ticket =
        admin_->Post("/api/v1/tickets", Json{{"subject", fmt::format("Storm case {}", i)},
                                             {"category", "technical"},
                                             {"impact", "high"},
                                             {"urgency", "high"},
                                             {"customer_id", customer_}});
    ASSERT_EQ(ticket.status, 201) << ticket.body;
    keys.push_back(BodyJson(ticket)["key"]);
  }
  Advance(3600);
  ASSERT_TRUE(WaitUntil([&] { return HookRequests().size() == 30 && Mails().size() == 5; },
                        kPatience))
      << HookRequests().size() << " webhooks, " << Mails().size() << " mails\n"
      << server_->Stderr();
  const Json folded = admin_->GetJson("/api/v1/notifications?state=digested&limit=100");
  EXPECT_EQ(folded["items"].size(), 25u) << folded.dump();
  Advance(60);  // the window ends: the digest goes
  ASSERT_TRUE(WaitUntil([&] { return Mails().size() == 6; }, kPatience)) << server_->Stderr();
  std::string digest;
  for (const auto& mail : Mails()) {
    if (mail.find("25 more Escalator notifications") != std::string::npos) digest = mail;
  }
  ASSERT_FALSE(digest.empty());
  EXPECT_NE(digest.find("To: ana@example.com"), std::string::npos) << digest;
  std::size_t listed = 0;
  for (const auto& key : keys) {  // the link, not a longer key's (ESC-1 vs ESC-10)
    const std::string link = "https://escalator.example/tickets/" + key;
    for (auto at = digest.find(link); at != std::string::npos; at = digest.find(link, at + 1)) {
      const std::size_t end = at + link.size();
      if (end < digest.size() && !std::isdigit(static_cast<unsigned char>(digest[end]))) {
        ++listed;
        break;
      }
    }
  }
  EXPECT_EQ(listed, 25u) << digest;
  // Nothing more later: each of the 30 told once, alone or in the digest.
  Advance(3600);
  EXPECT_TRUE(WaitUntil([&] { return Metric("escalator_notification_backlog") == 0; }));
  EXPECT_EQ(Mails().size(), 6u);
  EXPECT_EQ(HookRequests().size(), 30u);  // desk-hook has no digest
}

// ana prefers the webhook: the trigger's mail to her is not written at all. Bad input is
// refused with the field named and changes nothing.
TEST_F(ServeNotifications, APersonPreferringTheWebhookGetsNoMail) {
  StartReceiver(0);
  const std::uint16_t smtp_port = FreePort();
  StartSmtp(smtp_port);
  StartService(smtp_port);
  ApiSession ana(server_->base_url());
  ASSERT_EQ(ana.Login("ana", kPassword).status, 201);
  const std::string path = "/api/v1/me/notification-preferences";
  HttpResult put = ana.Send("PUT", path, Json{{"channels", {"desk-hook"}}}.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(BodyJson(put)["channels"], Json::array({"desk-hook"}));
  put = ana.Send("PUT", path, Json{{"channels", {"pager"}}}.dump());
  EXPECT_TRUE(IsApiError(put, 400, "invalid", "channels[0]"));
  put = ana.Send("PUT", path,
                 Json{{"quiet_hours", "22:00-07:00"}, {"timezone", "Mars/Olympus"}}.dump());
  EXPECT_TRUE(IsApiError(put, 400, "invalid", "timezone"));
  EXPECT_EQ(ana.GetJson(path)["channels"], Json::array({"desk-hook"}));  // unchanged
  // An admin sees (and may change) anyone's.
  const Json users = admin_->GetJson("/api/v1/users");
  Json ana_id;
  for (const auto& user : users["items"]) {
    if (user["username"] == "ana") ana_id = user["id"];
  }
  EXPECT_EQ(admin_->GetJson(fmt::format("/api/v1/users/{}/notification-preferences",
                                        ana_id.get<int>()))["channels"],
            Json::array({"desk-hook"}));

  Advance(3600);
  ASSERT_TRUE(WaitUntil([&] { return NotificationIs("desk-hook", "sent", 1); }, kPatience))
      << server_->Stderr();
  EXPECT_EQ(HookRequests().size(), 1u);
  EXPECT_TRUE(Notification("desk-mail").is_null());
  EXPECT_TRUE(Mails().empty());
}

}  // namespace
}  // namespace esc
