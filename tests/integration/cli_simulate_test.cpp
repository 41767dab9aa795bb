// Black-box tests of `escalator sample-history`, `escalator simulate` and `escalator
// policy explain`, run as a child process on the SaaS example policy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "support/escalator_process.h"
#include "support/scratch_dir.h"

namespace esc {
namespace {

using test_support::Outcome;
using test_support::ReadFile;
using test_support::RunEscalator;
using test_support::ScratchDir;
using test_support::SplitLines;
using test_support::WriteFile;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const std::string kSaas = ESCALATOR_SOURCE_DIR "/examples/saas-support.yaml";

// Writes a 500-ticket history of the SaaS policy (seed 3) to `dir`/history.jsonl.
std::string SampleHistory(const ScratchDir& dir) {
  const Outcome r = RunEscalator(
      {"sample-history", "--policy", kSaas, "--tickets", "500", "--seed", "3"}, "", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, IsEmpty());
  const std::string path = (dir / "history.jsonl").string();
  WriteFile(path, r.out);
  return path;
}

// The whole number right after `key` (e.g. "\"tickets\": "), -1 when absent.
std::int64_t NumberAfter(const std::string& text, const std::string& key, std::size_t from = 0) {
  const std::size_t at = text.find(key, from);
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + key.size()));
}

// The sum of the numbers of the flat JSON object that follows `key` ("\"by_type\": ").
std::int64_t SumOfObject(const std::string& text, const std::string& key) {
  const std::size_t start = text.find(key);
  if (start == std::string::npos) return -1;
  const std::size_t open = start + key.size();
  const std::size_t close = text.find('}', open);
  const std::string object = text.substr(open, close - open + 1);
  static const std::regex number(R"(": (\d+))");
  std::int64_t sum = 0;
  for (std::sregex_iterator it(object.begin(), object.end(), number), end; it != end; ++it) {
    sum += std::stoll((*it)[1]);
  }
  return sum;
}

// Whether braces and brackets outside strings balance and the text is one object.
bool BalancedObject(const std::string& text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (depth == 0 && i + 1 < text.size()) return false;
    if (depth < 0) return false;
  }
  return !text.empty() && text.front() == '{' && depth == 0 && !in_string;
}

TEST(CliSampleHistory, SameSeedSameHistoryOneTicketPerLine) {
  const ScratchDir dir;
  const std::string a = ReadFile(SampleHistory(dir));
  const Outcome again = RunEscalator(
      {"sample-history", "--policy", kSaas, "--tickets", "500", "--seed", "3"}, "", dir);
  EXPECT_EQ(again.status, 0);
  EXPECT_EQ(again.out, a);
  const auto lines = SplitLines(a);
  ASSERT_EQ(lines.size(), 500u);
  EXPECT_THAT(lines[0], StartsWith("{\"id\": \"T0000001\", \"created\": \""));
  EXPECT_THAT(lines[499], StartsWith("{\"id\": \"T0000500\", \"created\": \""));
}

TEST(CliSimulate, PrintsTheReportAsText) {
  const ScratchDir dir;
  const std::string history = SampleHistory(dir);
  const Outcome r = RunEscalator({"simulate", "--policy", kSaas, "--history", history}, "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(r.out, StartsWith("Policy " + kSaas + " (version "));
  EXPECT_THAT(r.out, HasSubstr("\nTickets: 500 created "));
  EXPECT_THAT(r.out, HasSubstr("; 0 still open at the end\n"));
  for (const char* heading :
       {"\nEscalations: ", "\nTime to first escalation: ", "\nTime to resolve: ",
        "\nSign-off required: ", "\nSLA attainment ", "\nBy priority ",
        "\nTickets that missed a target: ", "\nConcurrent escalations ",
        "\nNotifications: ", "\nDecisions by trigger ("}) {
    EXPECT_THAT(r.out, HasSubstr(heading));
  }
  EXPECT_THAT(r.out, ::testing::ContainsRegex("\n  level L3 +[0-9]+ +[-0-9T:+]+ +15 "));
  EXPECT_THAT(r.out,
              ::testing::ContainsRegex("\n  team product-specialists +[0-9]+ +[-0-9T:+]+ +40 "));

  // The text agrees with the JSON report of the same run.
  const Outcome json =
      RunEscalator({"simulate", "--policy", kSaas, "--history", history, "--json"}, "", dir);
  ASSERT_EQ(json.status, 0) << json.err;
  const std::int64_t total = NumberAfter(json.out, "\"escalations\": {\"total\": ");
  const std::int64_t tickets = NumberAfter(json.out, "\"tickets\": ", json.out.find("\"total\""));
  EXPECT_THAT(r.out, HasSubstr("\nEscalations: " + std::to_string(total) + " in " +
                               std::to_string(tickets) + " tickets ("));
  const std::int64_t decisions = NumberAfter(json.out, "\"decisions\": ");
  EXPECT_THAT(r.out,
              HasSubstr("\nDecisions by trigger (" + std::to_string(decisions) + " in all):\n"));
}

TEST(CliSimulate, PrintsTheReportAsJson) {
  const ScratchDir dir;
  const std::string history = SampleHistory(dir);
  const Outcome r =
      RunEscalator({"simulate", "--policy", kSaas, "--history", history, "--json"}, "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  const std::string& j = lines[0];
  EXPECT_TRUE(BalancedObject(j)) << j;
  EXPECT_THAT(j, StartsWith("{\"policy\": \"" + kSaas + "\", \"policy_version\": \""));
  EXPECT_EQ(NumberAfter(j, "\"tickets\": "), 500);
  EXPECT_EQ(NumberAfter(j, "\"unresolved\": "), 0);

  // escalations.by_type and by_level both add up to the total.
  const std::int64_t total = NumberAfter(j, "\"escalations\": {\"total\": ");
  EXPECT_GT(total, 0);
  EXPECT_EQ(SumOfObject(j, "\"by_type\": "), total);
  EXPECT_EQ(SumOfObject(j, "\"by_level\": "), total);
  EXPECT_EQ(SumOfObject(j, "\"decisions_by_trigger\": "), NumberAfter(j, "\"decisions\": "));

  // sla.first_response: every ticket counted once, attainment = met / (met + breached).
  static const std::regex first(
      R"re("sla": \{"first_response": \{"met": (\d+), "breached": (\d+), "open": (\d+), "attainment": ([0-9.]+)\})re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(j, m, first)) << j;
  const std::int64_t met = std::stoll(m[1]), breached = std::stoll(m[2]), open = std::stoll(m[3]);
  EXPECT_EQ(met + breached + open, 500);
  char expected[16];
  std::snprintf(expected, sizeof expected, "%.4f",
                static_cast<double>(met) / static_cast<double>(met + breached));
  EXPECT_EQ(m[4].str(), expected);

  for (const char* priority : {"critical", "high", "medium", "low"}) {
    EXPECT_THAT(j, HasSubstr(std::string("\"") + priority + "\": {\"first_response\": {\"met\": "))
        << priority;
  }
  EXPECT_THAT(j, HasSubstr("\"sla_by_priority\": {\"critical\": {"));
  EXPECT_GE(NumberAfter(j, "\"breaches\": {\"tickets\": "), 0);
  EXPECT_GE(NumberAfter(j, "\"cycles\": "), NumberAfter(j, "\"breaches\": {\"tickets\": "));

  // time_to_escalate counts the escalated tickets; time_to_resolve every resolved one.
  const std::size_t escalate = j.find("\"time_to_escalate\": ");
  ASSERT_NE(escalate, std::string::npos);
  EXPECT_EQ(NumberAfter(j, "\"count\": ", escalate),
            NumberAfter(j, "\"tickets\": ", j.find("\"escalations\": {")));
  const std::int64_t median = NumberAfter(j, "\"median_seconds\": ", escalate);
  EXPECT_GT(median, 0);
  EXPECT_LE(median, NumberAfter(j, "\"p90_seconds\": ", escalate));
  const std::size_t resolve = j.find("\"time_to_resolve\": ");
  ASSERT_NE(resolve, std::string::npos);
  EXPECT_EQ(NumberAfter(j, "\"count\": ", resolve), 500);
  EXPECT_LE(NumberAfter(j, "\"median_seconds\": ", resolve),
            NumberAfter(j, "\"p90_seconds\": ", resolve));

  // concurrent_escalations: levels in rank order, then the limited team, with limits.
  static const std::regex load(
      R"re(\{"scope": "(level|team)", "id": "([a-z0-9-]+|L\d)", "peak": \d+, "peak_at": (null|"[^"]+"), "limit": (null|\d+), "queued": \d+, "over_limit": \d+\})re");
  const std::size_t concurrent = j.find("\"concurrent_escalations\": [");
  ASSERT_NE(concurrent, std::string::npos);
  const std::string list = j.substr(concurrent, j.find(']', concurrent) - concurrent);
  std::vector<std::string> entries;
  for (std::sregex_iterator it(list.begin(), list.end(), load), end; it != end; ++it) {
    entries.push_back((*it)[1].str() + " " + (*it)[2].str() + " " + (*it)[4].str());
  }
  EXPECT_THAT(entries, ::testing::ElementsAre("level L1 null", "level L2 null", "level L3 15",
                                              "team product-specialists 40"));
  EXPECT_THAT(j, HasSubstr("\"notifications\": {\"planned\": "));
}

TEST(CliSimulate, ComparingAPolicyWithItselfGivesEqualColumns) {
  const ScratchDir dir;
  const std::string history = SampleHistory(dir);
  const Outcome r = RunEscalator(
      {"simulate", "--policy", kSaas, "--history", history, "--compare", kSaas}, "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("Baseline:  " + kSaas + " (version "));
  EXPECT_THAT(r.out, HasSubstr("\nCandidate: " + kSaas + " (version "));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("\n  tickets +500 +500\n"));
  // Each row: "  label  <14 right-aligned>  <14 right-aligned>".
  int rows = 0;
  for (const std::string& line : SplitLines(r.out)) {
    if (!line.starts_with("  ") || line.size() < 2 + 2 + 14 + 2 + 14) continue;
    const std::string a = line.substr(line.size() - 30, 14), b = line.substr(line.size() - 14);
    if (a.find("baseline") != std::string::npos) {
      EXPECT_THAT(b, HasSubstr("candidate"));
      continue;
    }
    ++rows;
    EXPECT_EQ(a, b) << line;
  }
  EXPECT_GT(rows, 30);  // counts, spans, attainments per priority, peaks, notifications

  const Outcome json = RunEscalator(
      {"simulate", "--policy", kSaas, "--history", history, "--compare", kSaas, "--json"}, "", dir);
  ASSERT_EQ(json.status, 0) << json.err;
  const std::string& j = json.out;
  ASSERT_THAT(j, StartsWith("{\"baseline\": {\"policy\": "));
  const std::size_t candidate = j.find(", \"candidate\": ");
  ASSERT_NE(candidate, std::string::npos);
  const std::string baseline_report = j.substr(13, candidate - 13);
  const std::string candidate_report = j.substr(candidate + 15, j.size() - candidate - 15 - 2);
  EXPECT_EQ(baseline_report, candidate_report);
  EXPECT_EQ(j.substr(j.size() - 2), "}\n");
}

TEST(CliSimulate, EventsFileHasOneExplainedDecisionPerLine) {
  const ScratchDir dir;
  const std::string history = SampleHistory(dir);
  const std::string events = (dir / "events.jsonl").string();
  const Outcome r = RunEscalator(
      {"simulate", "--policy", kSaas, "--history", history, "--json", "--events", events}, "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::int64_t decisions = NumberAfter(r.out, "\"decisions\": ");
  const auto lines = SplitLines(ReadFile(events));
  // Every decision, plus a "limit-queue" line for each queued escalation that went ahead.
  const auto dequeued = std::count_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find("\"trigger\": \"limit-queue\"") != std::string::npos;
  });
  EXPECT_EQ(static_cast<std::int64_t>(lines.size()) - dequeued, decisions);
  static const std::regex shape(
      R"re(^\{"ticket": "T\d{7}", "at": "[-0-9T:+]+", "trigger": "[a-z0-9-]+", "occurrence": "[^"]+", "repeat": \d+, "due_at": "[-0-9T:+]+", "explanation": "trigger \\"[a-z0-9-]+\\" at .*\}$)re");
  int escalations = 0;
  for (const std::string& line : lines) {
    ASSERT_TRUE(std::regex_match(line, shape)) << line;
    ASSERT_TRUE(BalancedObject(line)) << line;
    if (line.find("\"escalation\": {\"type\": ") != std::string::npos) ++escalations;
  }
  EXPECT_GT(escalations, 0);
  // Without --events the report is the same.
  const Outcome plain =
      RunEscalator({"simulate", "--policy", kSaas, "--history", history, "--json"}, "", dir);
  EXPECT_EQ(plain.out, r.out);
}

TEST(CliSimulate, HistoryFromStandardInput) {
  const ScratchDir dir;
  const std::string history = SampleHistory(dir);
  const Outcome from_file =
      RunEscalator({"simulate", "--policy", kSaas, "--history", history, "--json"}, "", dir);
  const Outcome from_stdin = RunEscalator(
      {"simulate", "--policy", kSaas, "--history", "-", "--json"}, ReadFile(history), dir);
  ASSERT_EQ(from_stdin.status, 0) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, from_file.out);
}

// docs/cli.md: "1 when the history has problems (each printed as FILE:LINE: message, at
// most 20, and no report)".
TEST(CliSimulate, BadHistoryLinesArePrintedAsFileColonLineAndExitOne) {
  const ScratchDir dir;
  const auto lines = SplitLines(ReadFile(SampleHistory(dir)));
  const std::string path = (dir / "bad.jsonl").string();
  std::string priority = lines[3];
  priority.replace(priority.find("\"priority\": \""), 13, "\"priority\": \"x");
  WriteFile(path, lines[0] + "\n" + lines[1] + "\n" + "{\"id\": \"T9\"}\n" + priority + "\n" +
                      lines[4] + "\n");
  const Outcome r = RunEscalator({"simulate", "--policy", kSaas, "--history", path}, "", dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, IsEmpty());
  const auto err = SplitLines(r.err);
  ASSERT_EQ(err.size(), 3u) << r.err;
  EXPECT_EQ(err[0], path + ":3: \"created\" is required");
  EXPECT_THAT(err[1], StartsWith(path + ":4: priority \"x"));
  EXPECT_EQ(err[2], "no report: the history has problems");
}

TEST(CliSimulate, AtMostTwentyProblemsArePrintedThenHowManyMore) {
  const ScratchDir dir;
  const std::string path = (dir / "bad.jsonl").string();
  std::string text;
  for (int i = 0; i < 25; ++i) text += "{\"id\": \"T\"}\n";
  WriteFile(path, text);
  const Outcome r = RunEscalator({"simulate", "--policy", kSaas, "--history", path}, "", dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, IsEmpty());
  const auto err = SplitLines(r.err);
  ASSERT_EQ(err.size(), 22u) << r.err;
  for (int i = 0; i < 20; ++i) {
    EXPECT_THAT(err[i], StartsWith(path + ":")) << i;
    EXPECT_THAT(err[i], ::testing::EndsWith(std::to_string(i + 1) + ": \"created\" is required"));
  }
  EXPECT_EQ(err[20], "... and 5 more problems");
  EXPECT_EQ(err[21], "no report: the history has problems");
}

TEST(CliSimulate, AFileThatCannotBeReadExitsTwo) {
  const ScratchDir dir;
  const std::string history = SampleHistory(dir);
  const std::string missing = (dir / "missing.yaml").string();
  const Outcome policy =
      RunEscalator({"simulate", "--policy", missing, "--history", history}, "", dir);
  EXPECT_EQ(policy.status, 2);
  EXPECT_THAT(policy.out, IsEmpty());
  EXPECT_THAT(policy.err, HasSubstr(missing));
  const Outcome compare = RunEscalator(
      {"simulate", "--policy", kSaas, "--history", history, "--compare", missing}, "", dir);
  EXPECT_EQ(compare.status, 2);
  EXPECT_THAT(compare.out, IsEmpty());
  const std::string no_history = (dir / "none.jsonl").string();
  const Outcome h = RunEscalator({"simulate", "--policy", kSaas, "--history", no_history}, "", dir);
  EXPECT_EQ(h.status, 2);
  EXPECT_EQ(h.err, no_history + ": cannot read the history file\n");
  const Outcome events = RunEscalator({"simulate", "--policy", kSaas, "--history", history,
                                       "--events", (dir / "no-dir" / "e.jsonl").string()},
                                      "", dir);
  EXPECT_EQ(events.status, 2);
  EXPECT_THAT(events.err, HasSubstr("cannot write the events file"));
}

// A gold, high-priority technical ticket (SLA gold-urgent: always-on, first response
// 30m, next update 2h, resolution 8h) created 15:00 UTC, explained at 15:20 UTC (given as
// 10:20 New York time). The agent reply at 15:25 has not happened yet.
// - first response due 15:30 (20 of 30 minutes used: 66.7%), next update not started,
//   resolution due 23:00 (20 of 480 minutes: 4.2%);
// - if nobody acts: first-response-at-risk at 75% (15:22:30), first-response-breached at
//   15:30 (to the next level on the technical path: product-specialists, L2), then
//   resolution-breached at 23:00 (next level: engineering, L3) -- before
//   product-specialists' 8h on the path (support-ny, 10:30 EST + 8h = 23:30 UTC).
TEST(CliPolicyExplain, ShowsSlaDueInstantsAndWhatHappensIfNobodyActs) {
  const ScratchDir dir;
  const std::string ticket = (dir / "ticket.json").string();
  WriteFile(ticket, R"({"id": "T-42", "created": "2026-01-05T15:00:00Z", "tier": "gold",
 "priority": "high", "category": "technical", "channel": "email", "events": [
  {"at": "2026-01-05T15:10:00Z", "type": "customer_reply", "sentiment": -0.2},
  {"at": "2026-01-05T15:25:00Z", "type": "agent_reply"}]}
)");
  const Outcome r = RunEscalator(
      {"policy", "explain", kSaas, "--ticket", ticket, "--at", "2026-01-05T10:20:00-05:00"}, "",
      dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(r.out, StartsWith("Ticket T-42: tier gold, priority high, category technical, "
                                "channel email\nCreated 2026-01-05T15:00:00+00:00; explained at "
                                "2026-01-05T15:20:00+00:00\n\n"));
  EXPECT_THAT(r.out, HasSubstr("SLA policy \"gold-urgent\" (the first that matches tier gold, "
                               "priority high, category technical, channel email)\n"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("\n  first_response +30m +always-on +running +"
                                              "2026-01-05T15:30:00\\+00:00 +66.7%\n"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("\n  next_update +2h +always-on +not started\n"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("\n  resolution +8h +always-on +running +"
                                              "2026-01-05T23:00:00\\+00:00 +4.2%\n"));
  EXPECT_THAT(r.out, HasSubstr("\nHeld by team frontline (L1) at 2026-01-05T15:20:00+00:00.\n"));
  EXPECT_THAT(r.out, HasSubstr("\nDecided by then:\n  nothing\n"));
  EXPECT_THAT(r.out, HasSubstr("\nIf nobody acts from then on:\n"
                               "  2026-01-05T15:22:30+00:00  trigger \"first-response-at-risk\""));
  EXPECT_THAT(r.out,
              HasSubstr("\n  2026-01-05T15:30:00+00:00  trigger \"first-response-breached\""));
  EXPECT_THAT(r.out, HasSubstr("\n      -> escalate (hierarchical) from frontline (L1) to "
                               "product-specialists (L2), assigned to hiro\n"));
  EXPECT_THAT(r.out, HasSubstr("\nPath: frontline (L1) -> product-specialists (L2, "
                               "2026-01-05T15:30:00+00:00, if nobody acts) -> engineering (L3, "
                               "2026-01-05T23:00:00+00:00, if nobody acts)"));
}

TEST(CliPolicyExplain, ABadTicketOrAnInstantBeforeItIsRefused) {
  const ScratchDir dir;
  const std::string ticket = (dir / "ticket.json").string();
  WriteFile(ticket, R"({"id": "T-1", "created": "2026-01-05T15:00:00Z", "tier": "gold",
 "priority": "high", "category": "technical", "channel": "email", "events": []})");
  const Outcome before = RunEscalator(
      {"policy", "explain", kSaas, "--ticket", ticket, "--at", "2026-01-05T14:00:00Z"}, "", dir);
  EXPECT_EQ(before.status, 1);
  EXPECT_THAT(before.out, IsEmpty());
  EXPECT_THAT(before.err, HasSubstr("before the ticket was created"));
  const Outcome no_offset = RunEscalator(
      {"policy", "explain", kSaas, "--ticket", ticket, "--at", "2026-01-05T16:00:00"}, "", dir);
  EXPECT_EQ(no_offset.status, 2);
  const std::string bad = (dir / "bad.json").string();
  WriteFile(bad, R"({"id": "T-1", "tier": "gold"})");
  const Outcome missing = RunEscalator(
      {"policy", "explain", kSaas, "--ticket", bad, "--at", "2026-01-05T16:00:00Z"}, "", dir);
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.err, bad + ": \"created\" is required\n");
}

}  // namespace
}  // namespace esc
