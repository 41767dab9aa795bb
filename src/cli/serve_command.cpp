// `escalator serve`: wires the service together (store, policy, scheduler, API, HTTP
// server, metrics, logs, signals) and runs it until SIGTERM or SIGINT; SIGHUP reloads
// the policy. Everything here is assembly: the behaviour lives in app/, api/, http/.
#include <fmt/format.h>
#include <signal.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "api/api.h"
#include "app/metrics/metrics.h"
#include "app/service/demo_data.h"
#include "app/service/external_wakeups.h"
#include "app/service/feedback_links.h"
#include "app/service/mail_intake.h"
#include "app/service/notification_admin.h"
#include "app/service/outbox_worker.h"
#include "app/service/scheduler.h"
#include "auth/password.h"
#include "cli/commands.h"
#include "cli/json_log.h"
#include "cli/policy_file_writer.h"
#include "core/rfc3339.h"
#include "http/server.h"
#include "http/static_files.h"
#include "intake/imap/imap_poller.h"
#include "intake/take_in.h"
#include "notify/outbox_sender.h"
#include "policy/policy_loader.h"
#include "storage/sqlite/sqlite_store.h"

namespace esc::cli {
namespace {

std::string PolicyProblems(const policy::Diagnostics& problems) {
  std::string text;
  for (const auto& problem : problems) text += problem.ToString() + "\n";
  return text;
}

void DeclareMetrics(app::MetricsRegistry& m) {
  m.DeclareCounter("escalator_http_requests_total", "HTTP requests by method and status",
                   {"method", "status"});
  m.DeclareHistogram("escalator_http_request_duration_seconds", "HTTP request latency", {},
                     {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
  m.DeclareGauge("escalator_open_tickets", "Open tickets by level and priority",
                 {"level", "priority"});
  m.DeclareCounter("escalator_escalations_total", "Escalations by type and receiving level",
                   {"type", "level"});
  m.DeclareCounter("escalator_sla_breaches_total", "SLA targets that passed their deadline",
                   {"target"});
  m.DeclareCounter("escalator_sla_warnings_total",
                   "Triggers fired on an SLA point before the deadline", {"trigger"});
  m.DeclareGauge("escalator_notification_backlog", "Notifications waiting to be delivered", {});
  m.DeclareCounter("escalator_notifications_total",
                   "Notification delivery attempts by channel and resulting state",
                   {"channel", "state"});
  m.DeclareGauge("escalator_scheduler_tickets", "Tickets with a scheduled wake-up", {});
  m.DeclareGauge("escalator_scheduler_memory_bytes", "Memory of the scheduler's wake-up index", {});
  m.DeclareHistogram("escalator_scheduler_lag_seconds",
                     "Delay from a wake-up's due instant to its committed decision", {},
                     {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30});
}

// Counts what the audit trail says happened (called after each commit).
void ObserveEvent(app::MetricsRegistry& m, const app::PolicyHolder& policies,
                  const app::AuditEvent& e) {
  if (e.kind != "escalated" && e.kind != "deescalated" && e.kind != "sla_breached" &&
      e.kind != "trigger_fired") {
    return;
  }
  auto data = nlohmann::json::parse(e.data, nullptr, false);
  if (!data.is_object()) return;
  if (e.kind == "sla_breached") {
    std::string target = data.value("target", "");
    m.Add("escalator_sla_breaches_total", {target.substr(0, target.find('#'))});
  } else if (e.kind == "trigger_fired") {
    const std::string name = data.value("trigger", "");
    auto policy = policies.Current();
    for (const auto& trigger : policy->triggers) {
      if (trigger.name == name && trigger.when.sla &&
          trigger.when.sla->percent_used + static_cast<double>(trigger.when.sla->offset.count()) <
              100 &&
          trigger.when.sla->offset.count() <= 0) {
        m.Add("escalator_sla_warnings_total", {name});
      }
    }
  } else {
    m.Add("escalator_escalations_total", {data.value("type", ""), data.value("to_level", "")});
  }
}

// The shipped templates, unless --templates names others; overrides beside the policy
// file in templates/notifications/ win file by file.
notify::TemplateSet Templates(const ServeOptions& options) {
  const std::filesystem::path defaults = options.templates.empty()
                                             ? std::filesystem::path(ESCALATOR_TEMPLATE_DIR)
                                             : std::filesystem::path(options.templates);
  const auto overrides =
      std::filesystem::path(options.policy_file).parent_path() / "templates" / "notifications";
  std::error_code error;
  return notify::TemplateSet(defaults, std::filesystem::is_directory(overrides, error)
                                           ? overrides
                                           : std::filesystem::path());
}

// The web app's directory: --web-root, else the source tree's build output when present.
std::optional<std::filesystem::path> WebRoot(const ServeOptions& options) {
  if (options.no_web) return std::nullopt;
  const std::filesystem::path root =
      options.web_root.empty() ? std::filesystem::path(ESCALATOR_WEB_ROOT)
                               : std::filesystem::path(options.web_root);
  if (!http::StaticFiles::IsWebRoot(root)) return std::nullopt;
  return root;
}

bool SplitListen(const std::string& listen, std::string& host, std::uint16_t& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  const std::string digits = listen.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  const unsigned long value = std::stoul(digits);
  if (value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return !host.empty();
}

// The IMAP mailbox of the policy's intake section, with its password from the environment.
core::Result<intake::ImapSettings> ImapSettingsFrom(const core::ImapSource& source) {
  intake::ImapSettings settings;
  settings.url = source.url;
  settings.username = source.username;
  settings.require_tls = source.starttls;
  settings.delete_taken = source.delete_taken;
  settings.ca_file = source.ca_file;
  const char* password = std::getenv(source.password_env.c_str());
  if (password == nullptr) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("intake.imap: the environment variable {} (password_env) is not set",
                    source.password_env)));
  }
  settings.password = password;
  if (auto ok = intake::CheckImapSettings(settings); !ok) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("intake.imap.{}: {}", ok.error().where, ok.error().message)));
  }
  return settings;
}

}  // namespace

int RunServe(const ServeOptions& options) {
  std::string host;
  std::uint16_t port = 0;
  if (!SplitListen(options.listen, host, port)) {
    std::fprintf(stderr, "--listen %s: expected HOST:PORT, e.g. 127.0.0.1:8080\n",
                 options.listen.c_str());
    return 2;
  }
  auto loaded = policy::LoadPolicyFile(options.policy_file);
  if (!loaded) {
    std::fputs(PolicyProblems(loaded.error()).c_str(), stderr);
    return 1;
  }
  auth::InitCrypto();

  // Signals go to one waiting thread, never to a random one mid-write.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto store = storage::SqliteStore::Open({options.db_path, options.sync == "full", 512});
  if (!store) {
    std::fprintf(stderr, "%s: %s\n", options.db_path.c_str(), store.error().ToString().c_str());
    return 2;
  }
  JsonLog log;
  app::MetricsRegistry metrics;
  DeclareMetrics(metrics);
  app::PolicyHolder policies(options.policy_file, std::move(*loaded));
  app::LiveEvents live;
  app::Routing routing;
  std::unique_ptr<app::Clock> clock;
  app::ManualClock* test_clock = nullptr;
  if (options.testing) {
    core::Instant start = app::SystemClock().Now();
    if (!options.start.empty()) {
      auto parsed = core::ParseDateTime(options.start);
      if (!parsed || !parsed->utc_offset) {
        std::fprintf(stderr, "--start %s: expected an RFC 3339 instant with an offset\n",
                     options.start.c_str());
        return 2;
      }
      start = core::ToInstant(*parsed);
    }
    auto manual = std::make_unique<app::ManualClock>(start);
    test_clock = manual.get();
    clock = std::move(manual);
  } else {
    clock = std::make_unique<app::SystemClock>();
  }

  app::ServiceContext context{**store, policies, *clock, live, routing, {}, {}, {}, {}, {}};
  app::TicketService tickets(context);
  app::AccountService accounts(context, std::chrono::hours(options.session_hours));
  app::Scheduler scheduler(tickets, *clock, [&metrics](double seconds) {
    metrics.Observe("escalator_scheduler_lag_seconds", {}, seconds);
  });
  context.schedule = [&scheduler](app::Id id, std::optional<core::Instant> at) {
    scheduler.Set(id, at);
  };
  context.observe = [&metrics, &policies](const app::AuditEvent& e) {
    ObserveEvent(metrics, policies, e);
  };

  notify::OutboxDeliveryPort delivery(Templates(options));
  app::OutboxWorker outbox(
      **store, policies, *clock, delivery,
      {options.outbox_senders, 64,
       options.public_url.empty() ? "http://" + options.listen : options.public_url},
      [&metrics, &log](const app::DeliveryReport& r) {
        metrics.Add("escalator_notifications_total", {r.channel, r.state});
        if (r.state != "sent") {
          log.Write("warn", "notification not delivered",
                    {{"outbox_id", r.outbox_id},
                     {"channel", r.channel},
                     {"state", r.state},
                     {"error", r.error}});
        }
      });
  context.outbox_changed = [&outbox] { outbox.Wake(); };
  app::NotificationAdmin notification_admin(context);

  auto seed_routing = [&]() -> core::Result<void> {
    std::vector<std::string> held;
    auto read = (*store)->Read([&](app::StoreTx& tx) -> core::Result<void> {
      auto rows = tx.CountOpenBy({"assignee"});
      if (!rows) return std::unexpected(rows.error());
      for (const auto& row : *rows) {
        if (row.keys[0].empty()) continue;
        for (std::int64_t i = 0; i < row.count; ++i) held.push_back(row.keys[0]);
      }
      return {};
    });
    if (!read) return read;
    routing.Install(policies.Current(), held);
    return {};
  };
  if (auto ok = seed_routing(); !ok) {
    std::fprintf(stderr, "cannot read open tickets: %s\n", ok.error().ToString().c_str());
    return 2;
  }

  std::vector<app::DemoLogin> demo;
  if (options.demo) {
    auto seeded = app::SeedDemoData(*policies.Current(), accounts, tickets, options.demo_password);
    if (!seeded) {
      std::fprintf(stderr, "demo data: %s\n", seeded.error().ToString().c_str());
      return 2;
    }
    demo = std::move(*seeded);
  }
  // Tickets that `mail-ingest` writes into this database from its own process: the rows
  // it signals from now on are polled below (the Load reads everything before).
  app::ExternalWakeups external(**store, context.schedule);
  if (auto ok = external.Start(); !ok) {
    std::fprintf(stderr, "cannot read wake-up signals: %s\n", ok.error().ToString().c_str());
    return 2;
  }
  auto scheduled = scheduler.Load(**store);
  if (!scheduled) {
    std::fprintf(stderr, "cannot load wake-ups: %s\n", scheduled.error().ToString().c_str());
    return 2;
  }

  metrics.OnScrape([&](app::MetricsRegistry& m) {
    (void)(*store)->Read([&](app::StoreTx& tx) -> core::Result<void> {
      auto rows = tx.CountOpenBy({"level", "priority"});
      if (rows) {
        for (const auto& row : *rows) {
          m.Set("escalator_open_tickets", row.keys, static_cast<double>(row.count));
        }
      }
      auto backlog = tx.CountOutbox("pending");
      if (backlog) m.Set("escalator_notification_backlog", {}, static_cast<double>(*backlog));
      return {};
    });
    m.Set("escalator_scheduler_tickets", {}, static_cast<double>(scheduler.size()));
    m.Set("escalator_scheduler_memory_bytes", {}, static_cast<double>(scheduler.memory_bytes()));
  });

  std::mutex reload_mutex;
  auto reload = [&]() -> core::Result<std::string> {
    std::lock_guard lock(reload_mutex);
    auto next = policy::LoadPolicyFile(options.policy_file);
    if (!next) {
      log.Write("warn", "policy reload refused", {{"problems", PolicyProblems(next.error())}});
      return std::unexpected(core::Error::Invalid(
          "the policy file does not pass the check; the running policy stays:\n" +
          PolicyProblems(next.error())));
    }
    const std::string version = next->version;
    policies.Install(std::move(*next));
    if (auto ok = seed_routing(); !ok) return std::unexpected(ok.error());
    log.Write("info", "policy reloaded", {{"version", version}});
    return version;
  };

  auto feedback_links = app::FeedbackLinks::Open(context, tickets, options.public_url);
  if (!feedback_links) {
    std::fprintf(stderr, "cannot read the link key: %s\n",
                 feedback_links.error().ToString().c_str());
    return 2;
  }
  context.feedback_url = [links = &*feedback_links](app::Id ticket, app::Id user,
                                                    core::Instant expires) {
    return links->Url(ticket, user, expires);
  };
  context.portal_url = [links = &*feedback_links](app::Id ticket, app::Id user,
                                                  core::Instant expires) {
    return links->PortalUrl(ticket, user, expires);
  };

  std::atomic<bool> ready{false};
  app::MailIntake mail_intake(context, tickets);
  app::ChannelIntake channel_intake(context, tickets);
  // Mail from the policy's IMAP mailbox goes the way of mail-ingest's; the mailbox is read
  // from the policy at start (a reload does not move it).
  std::unique_ptr<intake::ImapPoller> imap_poller;
  if (const auto& source = policies.Current()->intake; source && source->imap) {
    auto settings = ImapSettingsFrom(*source->imap);
    if (!settings) {
      std::fprintf(stderr, "%s\n", settings.error().message.c_str());
      return 2;
    }
    imap_poller = std::make_unique<intake::ImapPoller>(
        std::move(*settings),
        [&mail_intake, &policies](const std::string& raw) -> core::Result<void> {
          auto taken =
              intake::TakeIn(mail_intake, raw, intake::ParseOptionsFor(*policies.Current()));
          if (!taken) return std::unexpected(taken.error());
          return {};
        },
        source->imap->every,
        [&log](const std::string& line) {
          log.Write("warn", "imap intake", {{"detail", line}});
        });
  }
  // PUT /api/v1/policy: checked before the file is touched, then loaded like a reload.
  std::mutex install_mutex;
  auto install_policy = [&](const std::string& text) -> core::Result<std::string> {
    std::lock_guard lock(install_mutex);
    const std::filesystem::path file = options.policy_file;
    auto checked = policy::LoadPolicyText(text, file.filename().string(), file.parent_path());
    if (!checked) {
      return std::unexpected(core::Error::Invalid(
          "the policy does not pass the check; nothing changed:\n" +
          PolicyProblems(checked.error())));
    }
    if (auto written = ReplacePolicyFile(file, text); !written) {
      return std::unexpected(written.error());
    }
    log.Write("info", "policy file replaced through the API", {{"file", file.string()}});
    return reload();
  };
  api::Api api({context, tickets, accounts, scheduler, metrics, test_clock, reload,
                [&ready] { return ready.load(); }, options.secure_cookies, &*feedback_links,
                &mail_intake, &notification_admin, [&outbox] { outbox.Wake(); },
                options.policy_file, install_policy, &channel_intake});
  std::optional<http::StaticFiles> web;
  if (auto root = WebRoot(options)) {
    web.emplace(*root);
  } else if (!options.web_root.empty()) {
    std::fprintf(stderr, "--web-root %s: no index.html there (build the web app: make build)\n",
                 options.web_root.c_str());
    return 2;
  }
  http::ServerOptions server_options;
  server_options.host = host;
  server_options.port = port;
  server_options.io_threads = options.io_threads;
  server_options.worker_threads = options.workers;
  server_options.body_limit_for = [fallback = server_options.max_body_bytes](
                                      std::string_view method, std::string_view target) {
    return api::BodyLimitFor(method, target, fallback);
  };
  std::unique_ptr<http::Server> server;
  try {
    server = std::make_unique<http::Server>(
        server_options,
        [&api, &web](const http::Request& r) {
          if (web) {
            if (auto file = web->Serve(r)) return std::move(*file);
          }
          return api.Handle(r);
        },
        [&](const http::RequestLog& r) {
          const double seconds = static_cast<double>(r.duration.count()) / 1e6;
          metrics.Add("escalator_http_requests_total", {r.method, std::to_string(r.status)});
          metrics.Observe("escalator_http_request_duration_seconds", {}, seconds);
          if (options.access_log) {
            log.Write("info", "request",
                      {{"method", r.method},
                       {"path", r.path},
                       {"status", r.status},
                       {"duration_ms", seconds * 1000},
                       {"remote", r.remote}});
          }
        });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cannot listen on %s: %s\n", options.listen.c_str(), e.what());
    return 2;
  }

  if (options.public_url.empty()) {
    feedback_links->SetPublicUrl(fmt::format("http://{}:{}", host, server->port()));
  }
  if (!test_clock) scheduler.Start();
  std::mutex poll_mutex;
  std::condition_variable poll_wake;
  bool poll_stop = false;
  std::thread poll_thread([&] {
    std::unique_lock lock(poll_mutex);
    while (!poll_wake.wait_for(lock, std::chrono::milliseconds(options.external_poll_ms),
                               [&] { return poll_stop; })) {
      lock.unlock();
      if (auto polled = external.Poll(); !polled) {
        log.Write("warn", "wake-up signals", {{"error", polled.error().ToString()}});
      }
      lock.lock();
    }
  });
  if (options.public_url.empty()) {
    outbox.set_public_url(fmt::format("http://{}:{}", host, server->port()));
  }
  outbox.Start();
  if (imap_poller) imap_poller->Start();
  std::printf("escalator listening on http://%s:%u\n", host.c_str(), server->port());
  if (!demo.empty()) {
    std::printf("demo logins (password \"%s\"):\n", options.demo_password.c_str());
    for (const auto& login : demo) {
      std::printf("  %-10s %-18s %s\n", login.username.c_str(), login.role.c_str(),
                  login.team.c_str());
    }
  }
  std::fflush(stdout);
  log.Write("info", "started",
            {{"port", server->port()},
             {"policy_version", policies.Current()->version},
             {"scheduled", *scheduled},
             {"testing", test_clock != nullptr},
             {"web_root", web ? nlohmann::json(web->root().string()) : nlohmann::json()}});
  ready = true;

  std::thread signal_thread([&] {
    for (;;) {
      int signal = 0;
      if (sigwait(&signals, &signal) != 0) continue;
      if (signal == SIGHUP) {
        (void)reload();
        continue;
      }
      log.Write("info", "stopping", {{"signal", signal}});
      ready = false;
      server->Stop();
      return;
    }
  });
  server->Run();
  {
    std::lock_guard lock(poll_mutex);
    poll_stop = true;
  }
  poll_wake.notify_all();
  poll_thread.join();
  if (imap_poller) imap_poller->Stop();
  scheduler.Stop();
  outbox.Stop();
  // Run() returned because of Stop() from the signal thread; it has returned too.
  signal_thread.join();
  log.Write("info", "stopped", nlohmann::json::object());
  return 0;
}

}  // namespace esc::cli
