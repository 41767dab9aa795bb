// Webhook delivery throughput: signed JSON POSTs (Slack format, ~600 bytes) from one
// WebhookChannel to a local receiver (tests/support/webhook_receiver.py, Python's
// ThreadingHTTPServer, run with /usr/bin/python3) over loopback, one connection kept
// alive and reused; and, to show what the reuse buys, a fresh channel (new connection)
// per notification. items_per_second is notifications/s; target >= 1,000/s. The receiver
// shares the 2 cores, so these are lower bounds for the client. Plus the pure work per
// notification: template rendering and mail composition. And the whole outbox worker
// (BM_OutboxWorkerWebhooks): pending rows in a SQLite outbox, claimed, resolved, rendered
// with the templates, sent by 4 sender threads to the receiver and marked sent; items/s
// is delivered notifications/s, the figure the issue asks >= 1,000/s of.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include <filesystem>

#include "app/service/outbox_worker.h"
#include "notify/mime_message.h"
#include "notify/outbox_sender.h"
#include "storage/sqlite/sqlite_store.h"
#include "notify/template_set.h"
#include "notify/webhook_channel.h"

extern char** environ;

namespace {

using esc::notify::Notification;

// The receiver, started once for the whole run; killed at exit.
class Receiver {
 public:
  Receiver() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      const char* argv[] = {"/usr/bin/python3",
                            ESCALATOR_SOURCE_DIR "/tests/support/webhook_receiver.py", nullptr};
      ::execve(argv[0], const_cast<char**>(argv), environ);
      ::_exit(127);
    }
    ::close(fds[1]);
    FILE* out = ::fdopen(fds[0], "r");
    char line[64] = {};
    if (out == nullptr || std::fgets(line, sizeof line, out) == nullptr ||
        std::sscanf(line, "port %d", &port_) != 1) {
      throw std::runtime_error("the webhook receiver did not start");
    }
    std::fclose(out);
  }
  ~Receiver() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

Receiver& TheReceiver() {
  static Receiver receiver;
  return receiver;
}

Notification Sample(std::int64_t id) {
  Notification n;
  n.outbox_id = id;
  n.idempotency_key = esc::notify::IdempotencyKey(id);
  n.kind = "escalated_to_you";
  n.ticket_key = "ESC-1042";
  n.ticket_url = "https://escalator.example/tickets/1042";
  n.subject = "Escalated to you: checkout fails for EU customers";
  n.text = "ESC-1042 \"checkout fails for EU customers\" (P1) was escalated to you (level 2).";
  n.facts = {{"Priority", "P1"}, {"Team", "Payments"}, {"Due", "2026-03-02T16:00:00Z"}};
  return n;
}

esc::notify::WebhookConfig Config() {
  esc::notify::WebhookConfig config;
  config.url = TheReceiver().Url();
  config.format = esc::notify::WebhookFormat::kSlack;
  config.secret = "bench-secret";
  return config;
}

const esc::core::Instant kNow{std::chrono::seconds(1772460000)};

void BM_WebhookKeepAlive(benchmark::State& state) {
  esc::notify::WebhookChannel channel(Config());
  std::int64_t id = 0;
  std::int64_t failed = 0;
  for (auto _ : state) {
    if (!channel.Send(Sample(++id), kNow).sent()) ++failed;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["failed"] = static_cast<double>(failed);
}
BENCHMARK(BM_WebhookKeepAlive)->MinTime(3.0)->UseRealTime();

void BM_WebhookNewConnectionEach(benchmark::State& state) {
  std::int64_t id = 0;
  std::int64_t failed = 0;
  for (auto _ : state) {
    esc::notify::WebhookChannel channel(Config());
    if (!channel.Send(Sample(++id), kNow).sent()) ++failed;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["failed"] = static_cast<double>(failed);
}
BENCHMARK(BM_WebhookNewConnectionEach)->MinTime(3.0)->UseRealTime();

void BM_RenderTemplates(benchmark::State& state) {
  const esc::notify::TemplateSet templates(ESCALATOR_SOURCE_DIR "/templates/notifications");
  const nlohmann::json context = {
      {"ticket", {{"key", "ESC-1042"}, {"title", "checkout <fails>"}, {"priority", "P1"}}},
      {"escalation", {{"level", 2}, {"reason", "no answer"}}}};
  for (auto _ : state) benchmark::DoNotOptimize(templates.Render("escalated_to_you", context));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderTemplates);

void BM_ComposeMail(benchmark::State& state) {
  Notification n = Sample(1);
  n.html = "<p>" + n.text + "</p>";
  const esc::notify::MailHeaders headers{"Escalator <esc@example.org>", "ann@example.org",
                                         "example.org", kNow};
  for (auto _ : state) benchmark::DoNotOptimize(esc::notify::ComposeMessage(headers, n));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ComposeMail);

// A scratch SQLite outbox with one ticket; Fill adds `n` due webhook rows.
class ScratchOutbox {
 public:
  ScratchOutbox() {
    char pattern[] = "/tmp/escalator-outbox-bench-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp");
    dir_ = pattern;
    auto store = esc::storage::SqliteStore::Open({(dir_ / "bench.db").string(), false, 512});
    if (!store) throw std::runtime_error(store.error().ToString());
    store_ = std::move(*store);
    auto made = store_->Write([&](esc::app::StoreTx& tx) -> esc::app::Result<void> {
      auto customer = tx.InsertCustomer({0, "Acme", "gold", kNow});
      if (!customer) return std::unexpected(customer.error());
      esc::app::UserRecord user;
      user.username = "payments-oncall";
      user.created_at = kNow;
      auto requester = tx.InsertUser(user);
      if (!requester) return std::unexpected(requester.error());
      esc::app::TicketRecord t;
      t.customer_id = *customer;
      t.requester_id = *requester;
      t.subject = "checkout fails for EU customers";
      t.priority = "critical";
      t.team = "payments";
      t.level = "L2";
      auto id = tx.InsertTicket(t);
      if (!id) return std::unexpected(id.error());
      ticket_ = *id;
      return {};
    });
    if (!made) throw std::runtime_error(made.error().ToString());
  }
  ~ScratchOutbox() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  void Fill(int n) {
    std::vector<std::function<esc::app::Result<void>(esc::app::StoreTx&)>> works;
    works.push_back([&](esc::app::StoreTx& tx) -> esc::app::Result<void> {
      for (int i = 0; i < n; ++i) {
        esc::app::OutboxRecord row;
        row.ticket_id = ticket_;
        row.created_at = row.send_at = kNow;
        row.event = "legal";
        row.recipient = "payments-oncall";
        row.role = "team";
        row.channel = "hook";
        row.payload = R"({"trigger": "legal", "explanation": "the customer said lawyer"})";
        if (auto ok = tx.InsertOutbox(row); !ok) return std::unexpected(ok.error());
      }
      return {};
    });
    (void)store_->WriteAll(works);
  }
  esc::app::Store& store() { return *store_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<esc::storage::SqliteStore> store_;
  esc::app::Id ticket_ = 0;
};

void BM_OutboxWorkerWebhooks(benchmark::State& state) {
  ScratchOutbox outbox;
  esc::core::Policy policy;
  policy.version = "bench";
  esc::core::Channel hook;
  hook.id = "hook";
  hook.type = esc::core::ChannelType::kWebhook;
  hook.url = TheReceiver().Url();
  hook.format = "slack";
  hook.secret = "bench-secret";
  policy.channels.push_back(hook);
  esc::app::PolicyHolder policies("bench.yaml", policy);
  esc::app::ManualClock clock(kNow);
  esc::notify::OutboxDeliveryPort port(
      esc::notify::TemplateSet(ESCALATOR_SOURCE_DIR "/templates/notifications"));
  esc::app::OutboxWorker worker(outbox.store(), policies, clock, port,
                                {static_cast<int>(state.range(0)), 64, "https://esc.example"});
  constexpr int kRows = 2000;
  std::size_t delivered = 0, attempted = 0;
  for (auto _ : state) {
    state.PauseTiming();
    outbox.Fill(kRows);
    state.ResumeTiming();
    auto round = worker.RunDue();
    if (round) attempted += *round;
  }
  std::string error;
  (void)outbox.store().Read([&](esc::app::StoreTx& tx) -> esc::app::Result<void> {
    auto sent = tx.CountOutbox("sent");
    if (sent) delivered = static_cast<std::size_t>(*sent);
    auto dead = tx.OutboxPage("dead", 1, 0);
    if (dead && !dead->empty()) error = dead->front().last_error;
    return {};
  });
  if (!error.empty()) state.SkipWithError(("a notification failed: " + error).c_str());
  state.SetItemsProcessed(static_cast<std::int64_t>(delivered));
  state.counters["not_sent"] = static_cast<double>(attempted - delivered);
}
BENCHMARK(BM_OutboxWorkerWebhooks)->Arg(1)->Arg(4)->Iterations(5)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
