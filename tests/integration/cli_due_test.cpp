// Black-box tests of `escalator due`: JSON Lines in, one answer line per request out, in
// order and as the input arrives, with the documented exit status; run as a child process
// on the example policy and on policies written for the test.
#include <date/date.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/calendar/calendar.h"
#include "core/rfc3339.h"
#include "support/escalator_process.h"
#include "support/scratch_dir.h"

namespace esc {
namespace {

namespace fs = std::filesystem;
using test_support::Outcome;
using test_support::RunEscalator;
using test_support::ScratchDir;
using test_support::SplitLines;
using test_support::WriteFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const std::string kExample = ESCALATOR_SOURCE_DIR "/examples/policy.yaml";

Outcome Due(std::string_view input, const fs::path& dir, const std::string& calendar = "support-ny",
            const std::string& policy = kExample) {
  return RunEscalator({"due", "--policy", policy, "--calendar", calendar}, input, dir);
}

TEST(CliDue, AnswersTheDocumentedExampleInTheCalendarsLocalOffset) {
  const Outcome r = Due(R"({"start": "2026-03-06T16:30:00-05:00", "minutes": 120}
{"start": "2026-03-06T16:30:00-05:00", "seconds": 7200}
{"start": "2026-03-06T16:30:00-05:00", "end": "2026-03-09T10:00:00-04:00"}
{"start": "2026-03-09T10:00:00-04:00", "end": "2026-03-06T16:30:00-05:00"}
{"start": "2026-03-09T10:00:00-04:00", "minutes": -60}
{"start": "2026-03-06T16:30:00", "minutes": 30}
{"start": "2026-03-06T16:30:00-05:00", "minutes": 120, "ticket": {"id": [1, 2]}, "note": "x"}
)",
                        ScratchDir());
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(
      SplitLines(r.out),
      ElementsAre(R"({"due": "2026-03-08T23:30:00-04:00"})",
                  R"({"due": "2026-03-08T23:30:00-04:00"})", R"({"elapsed_seconds": 34200})",
                  R"({"elapsed_seconds": -34200})", R"({"due": "2026-03-09T09:00:00-04:00"})",
                  R"({"due": "2026-03-06T17:00:00-05:00"})",
                  R"({"due": "2026-03-08T23:30:00-04:00"})"));
}

TEST(CliDue, UtcCalendarAnswersWithPlusZeroOffset) {
  const Outcome r = Due(R"({"start": "2026-03-06T16:30:00-05:00", "minutes": 90})"
                        "\n",
                        ScratchDir(), "always-on");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(SplitLines(r.out), ElementsAre(R"({"due": "2026-03-06T23:00:00+00:00"})"));
}

TEST(CliDue, ErrorLinesNameTheirLineAndProcessingGoesOn) {
  const Outcome r = Due(R"({"start": "2026-03-06T16:30:00-05:00", "minutes": 120}
garbage
{"start": "2026-03-06T16:30:00-05:00", "minutes": 1, "minutes": 2}
{"start": "2026-03-06T16:30:00-05:00", "minutes": 1, "end": "2026-03-09T10:00:00-04:00"}
{"start": "2026-03-06T16:30:00-05:00", "minutes": 1.5}
{"start": "2026-02-30T16:30:00-05:00", "minutes": 1}
{"minutes": 120}
{"start": "2026-03-06T16:30:00-05:00", "minutes": "120"}
{"start": "1800-01-01T00:00:00Z", "minutes": 1}
{"start": "2026-03-06T16:30:00-05:00", "seconds": 7200}
)",
                        ScratchDir());
  EXPECT_EQ(r.status, 1);
  const auto lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 10u) << r.out;
  EXPECT_EQ(lines[0], R"({"due": "2026-03-08T23:30:00-04:00"})");
  EXPECT_THAT(lines[1], StartsWith(R"({"error": "line 2: expected a JSON object)"));
  EXPECT_EQ(lines[2], R"({"error": "line 3: \"minutes\" appears twice"})");
  EXPECT_THAT(lines[3], StartsWith(R"({"error": "line 4: expected exactly one of \"minutes\")"));
  EXPECT_EQ(lines[4], R"({"error": "line 5: \"minutes\" must be a whole number, got 1.5"})");
  EXPECT_THAT(lines[5], StartsWith(R"({"error": "line 6: \"start\": expected an RFC 3339)"));
  EXPECT_THAT(lines[5], HasSubstr("is not a date in the calendar"));
  EXPECT_EQ(lines[6], R"({"error": "line 7: \"start\" is missing"})");
  EXPECT_EQ(lines[7], R"({"error": "line 8: \"minutes\" must be a number"})");
  EXPECT_THAT(lines[8], StartsWith(R"({"error": "line 9: 1800-01-01T00:00:00+00:00 is outside)"));
  EXPECT_EQ(lines[9], R"({"due": "2026-03-08T23:30:00-04:00"})");
}

TEST(CliDue, CrlfLineEndingsAndAMissingFinalNewlineAreAccepted) {
  const Outcome r =
      Due("{\"start\": \"2026-03-06T16:30:00-05:00\", \"minutes\": 120}\r\n"
          "{\"start\": \"2026-03-06T16:30:00-05:00\", \"end\": \"2026-03-09T10:00:00-04:00\"}\r\n"
          "{\"start\": \"2026-03-06T16:30:00-05:00\", \"seconds\": 1800}",
          ScratchDir());
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(SplitLines(r.out), ElementsAre(R"({"due": "2026-03-08T23:30:00-04:00"})",
                                             R"({"elapsed_seconds": 34200})",
                                             R"({"due": "2026-03-06T17:00:00-05:00"})"));
}

TEST(CliDue, BlankLinesAreErrorLines) {
  const Outcome r =
      Due("{\"start\": \"2026-03-06T16:30:00-05:00\", \"minutes\": 120}\n\n  \r\n"
          "{\"start\": \"2026-03-06T16:30:00-05:00\", \"minutes\": 120}\n",
          ScratchDir());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(SplitLines(r.out),
              ElementsAre(R"({"due": "2026-03-08T23:30:00-04:00"})",
                          R"({"error": "line 2: empty line: expected a JSON object"})",
                          R"({"error": "line 3: empty line: expected a JSON object"})",
                          R"({"due": "2026-03-08T23:30:00-04:00"})"));
}

TEST(CliDue, EmptyInputGivesNoOutputAndExitStatusZero) {
  const Outcome r = Due("", ScratchDir());
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, IsEmpty());
}

// Unknown keys are ignored, but the line must still be JSON: `nul` and `[1 2]` are not.
TEST(CliDue, InvalidJsonInsideAnIgnoredValueIsAnError) {
  const Outcome r = Due(R"({"start": "2026-03-06T16:30:00-05:00", "minutes": 120, "note": nul}
{"start": "2026-03-06T16:30:00-05:00", "minutes": 120, "tags": [1 2]}
)",
                        ScratchDir());
  EXPECT_EQ(r.status, 1);
  const auto lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], StartsWith(R"({"error": "line 1: not valid JSON)"));
  EXPECT_THAT(lines[1], StartsWith(R"({"error": "line 2: not valid JSON)"));
}

TEST(CliDue, UnloadablePolicyExitsTwoWithItsProblemsOnStderr) {
  const ScratchDir dir;
  WriteFile(dir / "bad.yaml", "calendars:\n  c:\n    timezone: Nowhere/Land\n    hours: 24/7\n");
  const Outcome bad = Due("{}\n", dir, "c", (dir / "bad.yaml").string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.out, IsEmpty());
  EXPECT_THAT(bad.err, HasSubstr((dir / "bad.yaml").string() +
                                 ":3:15: calendar \"c\": unknown time zone \"Nowhere/Land\""));
  const Outcome missing = Due("{}\n", dir, "c", (dir / "missing.yaml").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_THAT(missing.err, HasSubstr("missing.yaml: cannot read the policy file"));
}

TEST(CliDue, UnknownCalendarExitsTwoListingTheKnownOnes) {
  const Outcome r = Due("{}\n", ScratchDir(), "support-paris");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("no calendar \"support-paris\""));
  EXPECT_THAT(r.err, HasSubstr("always-on, support-berlin, support-ny"));
}

// A desk in Berlin, written both as YAML for the binary and as a CalendarSpec for the
// in-process expectation.
constexpr const char* kDeskYaml = R"(calendars:
  desk:
    timezone: Europe/Berlin
    hours:
      mon: ["08:00-12:00", "13:00-17:00"]
      tue: ["08:00-12:00", "13:00-17:00"]
      wed: ["08:00-12:00", "13:00-17:00"]
      thu: ["08:00-12:00", "13:00-17:00"]
      fri: ["08:00-12:00", "13:00-17:00"]
      sat: ["10:00-14:00"]
    holidays:
      - 2026-12-24
      - date: 2026-12-31
        hours: ["08:00-12:00"]
)";

core::Calendar DeskCalendar() {
  core::CalendarSpec spec;
  spec.id = "desk";
  spec.timezone = "Europe/Berlin";
  const core::DayHours weekday = {{8 * 3600, 12 * 3600}, {13 * 3600, 17 * 3600}};
  for (unsigned d = 1; d <= 5; ++d) spec.weekly[d] = weekday;
  spec.weekly[6] = {{10 * 3600, 14 * 3600}};
  using namespace date::literals;
  spec.date_hours[date::sys_days{2026_y / 12 / 24}] = {};
  spec.date_hours[date::sys_days{2026_y / 12 / 31}] = {{8 * 3600, 12 * 3600}};
  return core::Calendar::Create(std::move(spec)).value();
}

TEST(CliDue, TwoHundredThousandLinesAreAnsweredInOrderAsTheCoreComputesThem) {
  const ScratchDir dir;
  WriteFile(dir / "desk.yaml", kDeskYaml);
  const core::Calendar desk = DeskCalendar();
  constexpr int kLines = 200'000;
  std::string input, expected;
  std::uint64_t seed = 42;
  auto next = [&seed](std::uint64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::int64_t>((seed >> 33) % bound);
  };
  const core::Instant base = core::FromEpochSeconds(1767225600);  // 2026-01-01T00:00:00Z
  for (int i = 0; i < kLines; ++i) {
    const core::Instant start = base + core::Seconds{next(2 * 366 * 86400)};
    const core::Seconds offset{(next(25) - 12) * 1800};
    if (i % 40'000 == 39'999) {
      input += "{\"start\": oops}\n";
      expected += fmt::format("line {}: \n", i + 1);
      continue;
    }
    switch (i % 4) {
      case 0: {
        const std::int64_t minutes = next(6000) - 600;
        input += fmt::format("{{\"start\": \"{}\", \"minutes\": {}}}\n",
                             core::FormatRfc3339(start, offset), minutes);
        const core::Instant due = desk.Add(start, core::Seconds{minutes * 60}).value();
        expected +=
            fmt::format("{{\"due\": \"{}\"}}\n", core::FormatRfc3339(due, desk.UtcOffsetAt(due)));
        break;
      }
      case 1: {
        const std::int64_t seconds = next(400'000);
        input += fmt::format("{{\"seconds\": {}, \"start\": \"{}\"}}\n", seconds,
                             core::FormatRfc3339(start, offset));
        const core::Instant due = desk.Add(start, core::Seconds{seconds}).value();
        expected +=
            fmt::format("{{\"due\": \"{}\"}}\n", core::FormatRfc3339(due, desk.UtcOffsetAt(due)));
        break;
      }
      case 2: {
        const core::Instant end = start + core::Seconds{next(10 * 86400) - 2 * 86400};
        input += fmt::format("{{\"start\": \"{}\", \"end\": \"{}\"}}\r\n",
                             core::FormatRfc3339(start, offset),
                             core::FormatRfc3339(end, core::Seconds{0}));
        expected +=
            fmt::format("{{\"elapsed_seconds\": {}}}\n", desk.Elapsed(start, end).value().count());
        break;
      }
      default: {  // wall-clock time in the calendar's zone
        const date::local_seconds local{(start + offset).time_since_epoch()};
        input +=
            fmt::format("{{\"start\": \"{}\", \"minutes\": 45}}\n", date::format("%FT%T", local));
        const core::Instant due =
            desk.Add(desk.LocalToInstant(local), core::Seconds{45 * 60}).value();
        expected +=
            fmt::format("{{\"due\": \"{}\"}}\n", core::FormatRfc3339(due, desk.UtcOffsetAt(due)));
      }
    }
  }
  const Outcome r = Due(input, dir, "desk", (dir / "desk.yaml").string());
  EXPECT_EQ(r.status, 1);  // five error lines
  EXPECT_THAT(r.err, IsEmpty());
  const auto got = SplitLines(r.out);
  const auto want = SplitLines(expected);
  ASSERT_EQ(got.size(), static_cast<std::size_t>(kLines));
  int mismatches = 0;
  for (std::size_t i = 0; i < got.size() && mismatches < 5; ++i) {
    const bool error = want[i].starts_with("line ");
    const bool same = error ? got[i].starts_with("{\"error\": \"" + want[i]) : got[i] == want[i];
    if (!same) {
      ++mismatches;
      ADD_FAILURE() << "line " << i + 1 << ": got " << got[i] << ", want " << want[i];
    }
  }
  EXPECT_EQ(mismatches, 0);
}

// Answers come out as requests go in: the first answer is readable while stdin is
// still open. A poll timeout (not a sleep) turns a stuck binary into a failure.
TEST(CliDue, AnswersArriveBeforeTheInputEnds) {
  int to_child[2], from_child[2];
  ASSERT_EQ(::pipe2(to_child, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(from_child, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  std::vector<std::string> args = {"due", "--policy", kExample, "--calendar", "support-ny"};
  auto argv = test_support::EscalatorArgv(args);
  pid_t pid = 0;
  ASSERT_EQ(::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(to_child[0]);
  ::close(from_child[1]);

  auto read_line = [&](std::string& buffer) {
    while (buffer.find('\n') == std::string::npos) {
      pollfd p{from_child[0], POLLIN, 0};
      if (::poll(&p, 1, 20'000) <= 0) return false;
      char chunk[256];
      const ssize_t n = ::read(from_child[0], chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    return true;
  };
  const std::string first = "{\"start\": \"2026-03-06T16:30:00-05:00\", \"minutes\": 120}\n";
  ASSERT_EQ(::write(to_child[1], first.data(), first.size()), static_cast<ssize_t>(first.size()));
  std::string answers;
  const bool got_first = read_line(answers);
  const std::string second = "{\"start\": \"2026-03-06T16:30:00-05:00\", \"minutes\": 30}\n";
  EXPECT_EQ(::write(to_child[1], second.data(), second.size()),
            static_cast<ssize_t>(second.size()));
  ::close(to_child[1]);
  std::string rest;
  char chunk[256];
  for (ssize_t n; (n = ::read(from_child[0], chunk, sizeof chunk)) > 0;) {
    rest.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(from_child[0]);
  EXPECT_EQ(test_support::WaitForExit(pid), 0);
  ASSERT_TRUE(got_first) << "no answer while stdin was still open";
  EXPECT_EQ(answers, "{\"due\": \"2026-03-08T23:30:00-04:00\"}\n");
  EXPECT_EQ(rest, "{\"due\": \"2026-03-06T17:00:00-05:00\"}\n");
}

}  // namespace
}  // namespace esc
