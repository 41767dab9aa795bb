// Black-box tests of `escalator policy check` and `escalator calendars --at`, run as a
// child process on the example policy and on policies written for the test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/escalator_process.h"
#include "support/scratch_dir.h"

namespace esc {
namespace {

using test_support::Outcome;
using test_support::RunEscalator;
using test_support::ScratchDir;
using test_support::SplitLines;
using test_support::WriteFile;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const std::string kExample = ESCALATOR_SOURCE_DIR "/examples/policy.yaml";

TEST(CliPolicyCheck, ExamplePolicyIsOk) {
  const Outcome r = RunEscalator({"policy", "check", kExample}, "", ScratchDir());
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "ok\n");
}

TEST(CliPolicyCheck, PrintsEveryProblemWithItsPositionAndExitsOne) {
  const ScratchDir dir;
  WriteFile(dir / "holidays.ics",
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nRRULE:FREQ=DAILY\n"
            "END:VEVENT\nEND:VCALENDAR\n");
  WriteFile(dir / "policy.yaml", R"(calendars:
  c:
    timezone: Europe/Berlin
    hours: {mon: ["09:00-1700"]}
    holiday_files: [holidays.ics]
  d:
    hours: 24/7
    colour: blue
)");
  const std::string policy = (dir / "policy.yaml").string();
  const Outcome r = RunEscalator({"policy", "check", policy}, "", dir);
  EXPECT_EQ(r.status, 1);
  const auto lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_THAT(lines[0], StartsWith(policy + ":4:19: malformed interval \"09:00-1700\""));
  EXPECT_EQ(lines[1], (dir / "holidays.ics").string() +
                          ":4:1: RRULE part \"FREQ=DAILY\": only FREQ=YEARLY is supported for "
                          "holidays");
  EXPECT_EQ(lines[2], policy + ":5:21: holiday file \"holidays.ics\" has 1 problem(s)");
  EXPECT_THAT(lines[3], StartsWith(policy + ":8:5: unknown key \"colour\" in calendar \"d\""));
}

TEST(CliCalendars, ShowsStateAndDueInstantsInEachCalendarsLocalTime) {
  const Outcome r = RunEscalator(
      {"calendars", "--policy", kExample, "--at", "2026-03-06T16:30:00-05:00"}, "", ScratchDir());
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("support-ny (America/New_York)\n"
                               "  now       Fri 2026-03-06 16:30 EST\n"
                               "  status    open, closes Fri 2026-03-06 17:00 EST\n"));
  EXPECT_THAT(r.out, HasSubstr("  +1h       Sun 2026-03-08 22:30 EDT\n"
                               "  +4h       Mon 2026-03-09 01:30 EDT\n"
                               "  +8h       Mon 2026-03-09 05:30 EDT\n"));
  EXPECT_THAT(r.out, HasSubstr("support-berlin (Europe/Berlin)\n"
                               "  now       Fri 2026-03-06 22:30 CET\n"
                               "  status    closed, opens Mon 2026-03-09 08:00 CET\n"));
  EXPECT_THAT(r.out, HasSubstr("always-on (Etc/UTC)\n"
                               "  now       Fri 2026-03-06 21:30 UTC\n"
                               "  status    open, never closes\n"));
}

TEST(CliCalendars, AtWithoutAnOffsetIsRefused) {
  const Outcome r = RunEscalator({"calendars", "--policy", kExample, "--at", "2026-03-06T16:30:00"},
                                 "", ScratchDir());
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("--at: give an offset"));
}

}  // namespace
}  // namespace esc
