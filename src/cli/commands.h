// The subcommands of `escalator`, as plain functions taking plain option structs, so
// main.cpp alone carries the (heavy) command-line parser. Each returns the process exit
// status: 0 success, 1 the input had problems (reported), 2 the command could not run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace esc::cli {

struct DueOptions {
  std::string policy_file;
  std::string calendar_id;
};
// Streams JSON Lines requests from stdin to answers on stdout (docs/cli.md).
int RunDue(const DueOptions& options);

// Validates a policy file; prints "ok" or every problem as FILE:LINE:COL: message.
int RunPolicyCheck(const std::string& policy_file);

struct GraphOptions {
  std::string policy_file;
  std::string format = "svg";            // "svg" (needs Graphviz) or "dot"
  std::optional<std::string> category;   // one category's path; default: all
};
// Prints the escalation flowchart of a policy.
int RunPolicyGraph(const GraphOptions& options);

struct SampleHistoryOptions {
  std::string policy_file;
  std::uint64_t tickets = 1000;
  std::uint64_t seed = 1;
  std::string start = "2026-01-05T00:00:00Z";  // arrivals begin here
  double per_weekday = 200;                      // average arrivals on a weekday
};
// Writes a synthetic ticket history as JSON Lines.
int RunSampleHistory(const SampleHistoryOptions& options);

struct SimulateOptions {
  std::string policy_file;
  std::string history_file;                 // "-" for stdin
  std::optional<std::string> compare_file;  // a second policy, side by side
  bool json = false;
  std::optional<std::string> events_file;   // every decision of --policy as JSON Lines
};
// Replays a history through a policy and prints the report (docs/simulation.md).
int RunSimulate(const SimulateOptions& options);

struct ExplainOptions {
  std::string policy_file;
  std::string ticket_file;        // one ticket in the history format
  std::optional<std::string> at;  // RFC 3339; default: the system clock
};
// Explains what the policy does with one ticket: SLA, due instants, triggers, path.
int RunPolicyExplain(const ExplainOptions& options);

struct CalendarsOptions {
  std::string policy_file;
  std::optional<std::string> at;  // RFC 3339; default: the system clock
};
// Prints each calendar's state and the due instants of typical durations.
int RunCalendars(const CalendarsOptions& options);

struct ServeOptions {
  std::string policy_file;
  std::string db_path = "escalator.db";
  std::string listen = "127.0.0.1:8080";
  bool testing = false;         // manual clock and POST /_test/clock
  std::string start;            // --testing: the clock's first instant (default: now)
  bool demo = false;            // seed demo data into an empty database
  std::string demo_password = "escalator-demo";
  std::string sync = "full";    // SQLite synchronous: full (power-safe) or normal
  int workers = 64;             // request handler threads (they wait on the database)
  int io_threads = 1;
  int session_hours = 12;
  bool secure_cookies = false;  // add Secure to the session cookie (behind TLS)
  bool access_log = true;
  std::string public_url;        // where people reach the service (links in mail); default: listen
  int external_poll_ms = 2000;   // how often to look for tickets mail-ingest wrote
  std::string templates;         // default notification templates; default: the shipped ones
  int outbox_senders = 4;        // notification sender threads
  // The built web app served beside the API; empty: the source tree's web/dist when it
  // has been built (ESCALATOR_WEB_ROOT), else none.
  std::string web_root;
  bool no_web = false;           // serve the API only
};
// Runs the escalation service until SIGTERM / SIGINT; SIGHUP reloads the policy.
int RunServe(const ServeOptions& options);

struct UserAddOptions {
  std::string db_path = "escalator.db";
  std::string username;
  std::string role;
  std::string display_name;
  std::string email;
  std::optional<std::int64_t> customer_id;
};
// Adds a user to the database; the password is read from ESCALATOR_PASSWORD or stdin.
int RunUserAdd(const UserAddOptions& options);

struct MailIngestOptions {
  std::string db_path = "escalator.db";
  std::string policy_file;
  std::string now;  // RFC 3339: take the mail in at this instant (tests); empty: the clock
};
// Takes one RFC 5322 message from stdin into the database (docs/email.md). Exit status:
// 0 delivered or quarantined, 75 (EX_TEMPFAIL) try again later, 64 a bad --now.
int RunMailIngest(const MailIngestOptions& options);

}  // namespace esc::cli
