// Black-box tests of the mail intake: corpus messages piped into the real `escalator
// mail-ingest` against the database a running `escalator serve --testing` has open (WAL),
// then read back over the API: the ticket, its messages and attachments, threading of a
// reply, a duplicate delivery, the quarantine with the original bytes, the server's
// scheduler picking up the new ticket, exit 75 while the database is locked, and the HTTP
// intake (POST /api/v1/intake/mail).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "support/api_session.h"
#include "support/child_process.h"
#include "support/escalator_process.h"

namespace esc {
namespace {

using test_support::BodyJson;
using test_support::DemoServer;
using test_support::HttpResult;
using test_support::Json;
using test_support::ReadFile;
using test_support::ScratchDir;

const std::string kCorpus = std::string(ESCALATOR_SOURCE_DIR) + "/tests/data/mail/";
const std::string kPolicy = std::string(ESCALATOR_SOURCE_DIR) + "/examples/saas-support.yaml";

class MailIngest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_support::ServeOptions options;
    options.extra = {"--external-poll-ms", "100"};
    server_ = std::make_unique<DemoServer>(dir_, options, "mail.db");
    ASSERT_TRUE(server_->ok()) << server_->error();
  }
  void TearDown() override {
    if (server_ && server_->ok()) {
      EXPECT_EQ(server_->Stop(), 0) << server_->process().Stderr();
    }
  }

  // Pipes `raw` into mail-ingest at the server's clock (--now); its exit status and stdout.
  test_support::Outcome Ingest(const std::string& raw, const std::string& policy = kPolicy) {
    const Json clock = server_->Advance(0);
    return test_support::RunEscalator(
        {"mail-ingest", "--db", (dir_ / "mail.db").string(), "--policy", policy, "--now",
         clock["now"].get<std::string>()},
        raw, dir_);
  }

  // The ticket key in mail-ingest's answer ("opened ESC-12 ..."); empty when none.
  static std::string KeyIn(const std::string& out) {
    const auto at = out.find("ESC-");
    if (at == std::string::npos) return "";
    return out.substr(at, out.find_first_of(" :\n", at) - at);
  }

  double SchedulerTickets() {
    const HttpResult r = server_->As("admin").http().Get("/metrics");
    const auto at = r.body.find("\nescalator_scheduler_tickets ");
    if (at == std::string::npos) return -1;
    return std::stod(r.body.substr(at + 29));
  }

  ScratchDir dir_;
  std::unique_ptr<DemoServer> server_;
};

TEST_F(MailIngest, NewMailOpensATicketTheRunningServerServesAndSchedules) {
  const double scheduled = SchedulerTickets();
  const auto run = Ingest(ReadFile(kCorpus + "plain.eml"));
  ASSERT_EQ(run.status, 0) << run.err;
  ASSERT_TRUE(run.out.starts_with("opened ESC-")) << run.out;
  const std::string key = KeyIn(run.out);

  auto& admin = server_->As("admin");
  const Json ticket = admin.GetJson("/api/v1/tickets/" + key);
  EXPECT_EQ(ticket["channel"], "email");
  EXPECT_EQ(ticket["subject"], "Disk full on the build server");
  EXPECT_EQ(ticket["category"], "technical");
  EXPECT_EQ(ticket["tier"], "bronze");
  EXPECT_EQ(ticket["status"], "new");

  // The server's scheduler learns of the ticket from the wake-up signal ...
  ASSERT_TRUE(test_support::WaitUntil([&] { return SchedulerTickets() == scheduled + 1; }))
      << SchedulerTickets() << " vs " << scheduled;
  // ... so its first-response clock (bronze: 8 business hours from Monday 09:00 in New
  // York) breaches on time, at 17:00 there (the sessions last 12 hours).
  server_->Advance(10 * 3600);
  const Json events = admin.GetJson("/api/v1/tickets/" + key + "/events");
  bool breached = false;
  for (const auto& e : events["items"]) breached |= e["kind"] == "sla_breached";
  EXPECT_TRUE(breached) << events.dump();
}

TEST_F(MailIngest, ReplyThreadsOntoItsTicketAndADuplicateChangesNothing) {
  const std::string first = ReadFile(kCorpus + "plain.eml");
  const auto opened = Ingest(first);
  ASSERT_EQ(opened.status, 0) << opened.err;
  const std::string key = KeyIn(opened.out);
  const std::string reply =
      "From: Alice Example <alice@customer.example>\r\n"
      "To: support@escalator.example\r\n"
      "Subject: Re: Disk full on the build server\r\n"
      "Message-ID: <reply-1@mail.customer.example>\r\n"
      "In-Reply-To: <CAF1234.5678@mail.customer.example>\r\n"
      "\r\n"
      "It is still broken and this is unacceptable!\r\n"
      "\r\n"
      "> earlier text\r\n";
  const auto threaded = Ingest(reply);
  ASSERT_EQ(threaded.status, 0) << threaded.err;
  EXPECT_EQ(threaded.out, "threaded " + key + "\n");
  const auto again = Ingest(reply);
  ASSERT_EQ(again.status, 0);
  EXPECT_TRUE(again.out.starts_with("duplicate")) << again.out;

  auto& admin = server_->As("admin");
  const Json messages = admin.GetJson("/api/v1/tickets/" + key + "/messages");
  ASSERT_EQ(messages["items"].size(), 1u) << messages.dump();
  const Json& m = messages["items"][0];
  EXPECT_EQ(m["body"], "It is still broken and this is unacceptable!");
  EXPECT_EQ(m["channel"], "email");
  EXPECT_TRUE(m["from_customer"].get<bool>());
  EXPECT_LT(m["sentiment"].get<double>(), -0.5);
  EXPECT_LT(admin.GetJson("/api/v1/tickets/" + key)["sentiment"].get<double>(), -0.5);
}

TEST_F(MailIngest, AttachmentsAreListedAndDownloadedWithTheRoleRules) {
  const auto run = Ingest(ReadFile(kCorpus + "attachments.eml"));
  ASSERT_EQ(run.status, 0) << run.err;
  const std::string key = KeyIn(run.out);
  auto& admin = server_->As("admin");
  const Json list = admin.GetJson("/api/v1/tickets/" + key + "/attachments");
  ASSERT_EQ(list["items"].size(), 2u) << list.dump();
  EXPECT_EQ(list["items"][0]["filename"], "Fehlerprotokoll Müller.pdf");
  EXPECT_EQ(list["items"][0]["content_type"], "application/pdf");
  const std::string path = "/api/v1/tickets/" + key + "/attachments/" +
                           std::to_string(list["items"][0]["id"].get<std::int64_t>());
  const HttpResult pdf = admin.Get(path);
  ASSERT_EQ(pdf.status, 200);
  EXPECT_TRUE(pdf.body.starts_with("%PDF-1.4")) << pdf.body;
  EXPECT_EQ(static_cast<std::int64_t>(pdf.body.size()), list["items"][0]["size"]);
  EXPECT_EQ(pdf.Header("content-type"), "application/octet-stream");
  // A customer of another organisation sees neither the list nor the file.
  EXPECT_TRUE(test_support::IsApiError(
      server_->As("alice").Get("/api/v1/tickets/" + key + "/attachments"), 404, "not_found"));
  EXPECT_TRUE(test_support::IsApiError(server_->As("alice").Get(path), 404, "not_found"));
}

TEST_F(MailIngest, AutoRepliesOpenNoTicketAndMalformedMailIsQuarantinedWithItsBytes) {
  auto& admin = server_->As("admin");
  const auto before = admin.GetJson("/api/v1/tickets?limit=1")["total"];
  const auto ooo = Ingest(ReadFile(kCorpus + "out_of_office.eml"));
  ASSERT_EQ(ooo.status, 0) << ooo.err;
  EXPECT_TRUE(ooo.out.starts_with("ignored")) << ooo.out;
  const auto bounce = Ingest(ReadFile(kCorpus + "bounce_dsn.eml"));
  EXPECT_TRUE(bounce.out.starts_with("ignored")) << bounce.out;
  EXPECT_EQ(admin.GetJson("/api/v1/tickets?limit=1")["total"], before);

  const std::string malformed = ReadFile(kCorpus + "malformed.eml");
  const auto run = Ingest(malformed);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("quarantined")) << run.out;
  const std::string garbage("\x00\x01\x02 this is not mail at all \xff", 30);
  ASSERT_EQ(Ingest(garbage).status, 0);

  const Json list = admin.GetJson("/api/v1/intake/quarantine");
  ASSERT_EQ(list["items"].size(), 2u) << list.dump();
  EXPECT_EQ(list["items"][1]["reason"], "no_sender");
  EXPECT_EQ(list["items"][1]["size"], malformed.size());
  const auto id = [&](int i) { return std::to_string(list["items"][i]["id"].get<std::int64_t>()); };
  EXPECT_EQ(admin.Get("/api/v1/intake/quarantine/" + id(1) + "/raw").body, malformed);
  EXPECT_EQ(admin.Get("/api/v1/intake/quarantine/" + id(0) + "/raw").body, garbage);
  EXPECT_TRUE(test_support::IsApiError(server_->As("ben").Get("/api/v1/intake/quarantine"), 403,
                                       "forbidden"));
}

TEST_F(MailIngest, HttpIntakeTakesRawMailFromAdminsOnly) {
  const std::string raw = ReadFile(kCorpus + "encoded_subject_q.eml");
  EXPECT_TRUE(test_support::IsApiError(server_->As("ben").PostRaw("/api/v1/intake/mail", raw), 403,
                                       "forbidden"));
  const HttpResult r = server_->As("admin").PostRaw("/api/v1/intake/mail", raw);
  ASSERT_EQ(r.status, 201) << r.body;
  const Json body = BodyJson(r);
  EXPECT_EQ(body["outcome"], "opened");
  const Json ticket = server_->As("admin").GetJson(
      "/api/v1/tickets/" + std::to_string(body["ticket_id"].get<std::int64_t>()));
  EXPECT_EQ(ticket["channel"], "email");
  const HttpResult again = server_->As("admin").PostRaw("/api/v1/intake/mail", raw);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(BodyJson(again)["outcome"], "duplicate");
}

TEST_F(MailIngest, ABusyDatabaseAsksTheMtaToRetryAndTheRetryDelivers) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "mail.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const std::string raw = ReadFile(kCorpus + "plain.eml");
  const auto busy = Ingest(raw);  // waits out the 5 s busy timeout
  EXPECT_EQ(busy.status, 75) << busy.out << busy.err;
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const auto retry = Ingest(raw);
  EXPECT_EQ(retry.status, 0) << retry.err;
  EXPECT_TRUE(retry.out.starts_with("opened ESC-")) << retry.out;
}

TEST_F(MailIngest, AnUnusablePolicyAsksTheMtaToRetry) {
  const auto run = Ingest(ReadFile(kCorpus + "plain.eml"), "/nonexistent/policy.yaml");
  EXPECT_EQ(run.status, 75) << run.out << run.err;
}

}  // namespace
}  // namespace esc
