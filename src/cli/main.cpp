// Entry point of the `escalator` binary: command-line parsing only.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Escalator: escalation management with exact SLA clocks", "escalator"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "escalator 0.1.0");

  esc::cli::DueOptions due;
  auto* due_cmd = app.add_subcommand(
      "due", "Answer business-time questions read as JSON Lines on stdin (see docs/cli.md)");
  due_cmd->add_option("--policy", due.policy_file, "Policy YAML file")->required();
  due_cmd->add_option("--calendar", due.calendar_id, "Calendar id from the policy")->required();

  auto* policy_cmd = app.add_subcommand("policy", "Work with policy files");
  policy_cmd->require_subcommand(1);
  std::string check_file;
  auto* check_cmd = policy_cmd->add_subcommand("check", "Validate a policy file");
  check_cmd->add_option("file", check_file, "Policy YAML file")->required();

  esc::cli::GraphOptions graph;
  auto* graph_cmd = policy_cmd->add_subcommand("graph", "Draw the escalation flowchart");
  graph_cmd->add_option("file", graph.policy_file, "Policy YAML file")->required();
  graph_cmd->add_option("--format", graph.format, "svg (Graphviz) or dot")
      ->check(CLI::IsMember({"svg", "dot"}));
  graph_cmd->add_option("--category", graph.category, "Only this category's path");

  esc::cli::ExplainOptions explain;
  auto* explain_cmd = policy_cmd->add_subcommand(
      "explain", "Explain what the policy does with one ticket (SLA, due instants, triggers, path)");
  explain_cmd->add_option("file", explain.policy_file, "Policy YAML file")->required();
  explain_cmd->add_option("--ticket", explain.ticket_file, "Ticket JSON (history format)")
      ->required();
  explain_cmd->add_option("--at", explain.at, "Instant to explain at (RFC 3339); default now");

  esc::cli::SimulateOptions simulate;
  auto* simulate_cmd = app.add_subcommand(
      "simulate", "Replay a ticket history through a policy and report what it would have done");
  simulate_cmd->add_option("--policy", simulate.policy_file, "Policy YAML file")->required();
  simulate_cmd->add_option("--history", simulate.history_file, "History JSON Lines file, - for stdin")
      ->required();
  simulate_cmd->add_option("--compare", simulate.compare_file, "A second policy, side by side");
  simulate_cmd->add_flag("--json", simulate.json, "Print the report as JSON");
  simulate_cmd->add_option("--events", simulate.events_file,
                           "Write every decision of --policy with its explanation (JSON Lines)");

  esc::cli::SampleHistoryOptions sample;
  auto* sample_cmd = app.add_subcommand(
      "sample-history", "Write a realistic synthetic ticket history (JSON Lines) for a policy");
  sample_cmd->add_option("--policy", sample.policy_file, "Policy YAML file")->required();
  sample_cmd->add_option("--tickets", sample.tickets, "Number of tickets")->check(CLI::Range(1ULL, 100000000ULL));
  sample_cmd->add_option("--seed", sample.seed, "Random seed (same seed, same history)");
  sample_cmd->add_option("--start", sample.start, "First possible arrival (RFC 3339)");
  sample_cmd->add_option("--per-weekday", sample.per_weekday, "Average arrivals per weekday")
      ->check(CLI::Range(1.0, 1000000.0));

  esc::cli::CalendarsOptions calendars;
  auto* calendars_cmd = app.add_subcommand(
      "calendars", "Show each calendar's state and due instants of typical SLA durations");
  calendars_cmd->add_option("--policy", calendars.policy_file, "Policy YAML file")->required();
  calendars_cmd->add_option("--at", calendars.at, "Instant to show (RFC 3339); default now");

  esc::cli::ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the escalation service (JSON API, scheduler)");
  serve_cmd->add_option("--policy", serve.policy_file, "Policy YAML file")->required();
  serve_cmd->add_option("--db", serve.db_path, "SQLite database file (created if missing)");
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (port 0: any free port)");
  serve_cmd->add_flag("--testing", serve.testing,
                      "Run on a manual clock moved by POST /_test/clock (tests only)");
  serve_cmd->add_option("--start", serve.start, "With --testing: the clock's first instant");
  serve_cmd->add_flag("--demo", serve.demo, "Seed demo users, customers and tickets into an empty database");
  serve_cmd->add_option("--demo-password", serve.demo_password, "Password of the demo users");
  serve_cmd->add_option("--sync", serve.sync, "full: commits survive power loss; normal: process crashes")
      ->check(CLI::IsMember({"full", "normal"}));
  serve_cmd->add_option("--workers", serve.workers, "Request handler threads")->check(CLI::Range(1, 1024));
  serve_cmd->add_option("--io-threads", serve.io_threads, "Network threads")->check(CLI::Range(1, 64));
  serve_cmd->add_option("--session-hours", serve.session_hours, "Login session lifetime")
      ->check(CLI::Range(1, 24 * 90));
  serve_cmd->add_flag("--secure-cookies", serve.secure_cookies, "Mark the session cookie Secure (behind TLS)");
  serve_cmd->add_flag("!--no-access-log", serve.access_log, "Do not log each request");
  serve_cmd->add_option("--public-url", serve.public_url,
                        "Where people reach the service, for links in mail (default: http://LISTEN)");
  serve_cmd->add_option("--external-poll-ms", serve.external_poll_ms,
                        "How often to look for tickets written by mail-ingest (milliseconds)")
      ->check(CLI::Range(50, 600000));

  esc::cli::MailIngestOptions mail_ingest;
  auto* mail_ingest_cmd = app.add_subcommand(
      "mail-ingest", "Take one RFC 5322 message from stdin into the database (an MTA pipe alias)");
  mail_ingest_cmd->add_option("--db", mail_ingest.db_path, "SQLite database file");
  mail_ingest_cmd
      ->add_option("--policy", mail_ingest.policy_file, "Policy YAML file (its intake: section)")
      ->required();
  mail_ingest_cmd->add_option(
      "--now", mail_ingest.now, "Take the mail in at this RFC 3339 instant (tests with --testing)");
  serve_cmd->add_option("--templates", serve.templates,
                        "Directory of the default notification templates");
  serve_cmd->add_option("--outbox-senders", serve.outbox_senders, "Notification sender threads")
      ->check(CLI::Range(1, 64));
  serve_cmd->add_option("--web-root", serve.web_root,
                        "Directory of the built web app (default: the source tree's web/dist, if built)");
  serve_cmd->add_flag("--no-web", serve.no_web, "Serve the API only, not the web app");

  auto* user_cmd = app.add_subcommand("user", "Manage users in the database");
  user_cmd->require_subcommand(1);
  esc::cli::UserAddOptions user_add;
  auto* user_add_cmd = user_cmd->add_subcommand(
      "add", "Add a user; the password is read from ESCALATOR_PASSWORD or stdin");
  user_add_cmd->add_option("--db", user_add.db_path, "SQLite database file");
  user_add_cmd->add_option("--username", user_add.username, "Login name")->required();
  user_add_cmd->add_option("--role", user_add.role,
                           "customer, agent, supervisor, escalation_manager, manager or admin")
      ->required();
  user_add_cmd->add_option("--display-name", user_add.display_name, "Name shown to others");
  user_add_cmd->add_option("--email", user_add.email, "Email address");
  user_add_cmd->add_option("--customer-id", user_add.customer_id, "For customers: their organisation");

  CLI11_PARSE(app, argc, argv);

  if (*due_cmd) return esc::cli::RunDue(due);
  if (*check_cmd) return esc::cli::RunPolicyCheck(check_file);
  if (*graph_cmd) return esc::cli::RunPolicyGraph(graph);
  if (*explain_cmd) return esc::cli::RunPolicyExplain(explain);
  if (*simulate_cmd) return esc::cli::RunSimulate(simulate);
  if (*sample_cmd) return esc::cli::RunSampleHistory(sample);
  if (*calendars_cmd) return esc::cli::RunCalendars(calendars);
  if (*serve_cmd) return esc::cli::RunServe(serve);
  if (*user_add_cmd) return esc::cli::RunUserAdd(user_add);
  if (*mail_ingest_cmd) return esc::cli::RunMailIngest(mail_ingest);
  return 2;
}
