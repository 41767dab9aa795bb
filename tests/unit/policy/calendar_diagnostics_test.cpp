// Tests of each kind of problem in a policy's calendars: reported at its FILE:LINE:COL
// (1-based) with what was expected, problems inside holiday files at the .ics line.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "policy/policy_loader.h"
#include "support/scratch_dir.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using ::esc::test_support::ScratchDir;
using ::esc::test_support::WriteFile;
using test_support::Lines;
using test_support::Problems;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(CalendarDiagnostics, CalendarThatNeverOpensIsAnError) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  closed:
    timezone: Europe/Berlin
    hours:
      mon: []
)")),
              ElementsAre("p.yaml:5:7: calendar \"closed\": the calendar is never open: its weekly "
                          "hours have no interval"));
}

TEST(CalendarDiagnostics, UnknownTimeZoneIsReportedAtItsValue) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  c:
    timezone: Europe/Berlim
    hours: 24/7
)")),
              ElementsAre("p.yaml:3:15: calendar \"c\": unknown time zone \"Europe/Berlim\": "
                          "expected an IANA name such as America/New_York"));
}

TEST(CalendarDiagnostics, MalformedIntervalsAreEachReportedAtTheirItem) {
  const Diagnostics problems = Problems(R"(calendars:
  c:
    hours:
      mon: ["09:00-17:00", "9-17", "09:00-24:30"]
      tue: "09:00-17:00"
)");
  ASSERT_THAT(problems, SizeIs(3)) << ::testing::PrintToString(Lines(problems));
  EXPECT_EQ(problems[0].line, 4);
  EXPECT_EQ(problems[0].column, 28);
  EXPECT_THAT(problems[0].message,
              HasSubstr("malformed interval \"9-17\": expected \"HH:MM-HH:MM\""));
  EXPECT_EQ(problems[1].line, 4);
  EXPECT_EQ(problems[1].column, 36);
  EXPECT_THAT(problems[1].message, HasSubstr("24:00 allowed as an end"));
  EXPECT_EQ(Lines({problems[2]})[0],
            "p.yaml:5:12: expected a list of intervals such as [\"09:00-17:00\"], got "
            "\"09:00-17:00\"");
}

TEST(CalendarDiagnostics, EmptyIntervalIsAnError) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  c:
    hours: {mon: ["09:00-17:00"], sat: ["10:00-10:00"]}
)")),
              ElementsAre("p.yaml:3:41: empty interval \"10:00-10:00\": start and end are equal "
                          "(use \"00:00-24:00\" for a whole day)"));
}

TEST(CalendarDiagnostics, MalformedHolidayDatesAreReportedAtTheirItem) {
  EXPECT_THAT(
      Lines(Problems(R"(calendars:
  c:
    hours: 24/7
    holidays:
      - 2026-02-29
      - 13-01
      - {date: 26.12.2026}
)")),
      ElementsAre(
          "p.yaml:5:9: expected a date YYYY-MM-DD, or MM-DD for every year, got \"2026-02-29\"",
          "p.yaml:6:9: expected a date YYYY-MM-DD, or MM-DD for every year, got \"13-01\"",
          "p.yaml:7:16: expected a date YYYY-MM-DD, or MM-DD for every year, got "
          "\"26.12.2026\""));
}

TEST(CalendarDiagnostics, UnknownKeysAreReportedAtEveryLevel) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  c:
    timezone: Etc/UTC
    time_zone: Europe/Berlin
    hours:
      mon: ["09:00-17:00"]
      monday: ["09:00-17:00"]
    holidays:
      - {date: 2026-12-24, hour: ["09:00-12:00"]}
calender: {}
)")),
              ElementsAre("p.yaml:4:5: unknown key \"time_zone\" in calendar \"c\": expected one "
                          "of timezone, hours, holidays, holiday_files, description",
                          "p.yaml:7:7: unknown key \"monday\" in hours: expected one of mon, tue, "
                          "wed, thu, fri, sat, sun",
                          "p.yaml:9:28: unknown key \"hour\" in a holiday: expected one of date, "
                          "hours, name",
                          "p.yaml:10:1: unknown key \"calender\" in the policy: expected one of "
                          "include, calendars, priorities, categories, levels, teams, sla, "
                          "escalation_paths, notifications, triggers, oncall, routing, limits, "
                          "quiet_hours, intake, customer_updates"));
}

TEST(CalendarDiagnostics, DuplicateKeysAreReportedWithTheFirstLine) {
  EXPECT_THAT(
      Lines(Problems(R"(calendars:
  c:
    hours: {mon: ["09:00-17:00"], mon: ["10:00-11:00"]}
    timezone: Etc/UTC
    timezone: Europe/Berlin
  c:
    hours: 24/7
)")),
      ElementsAre("p.yaml:3:35: duplicate key \"mon\" in hours (first at line 3)",
                  "p.yaml:5:5: duplicate key \"timezone\" in calendar \"c\" (first at line 4)",
                  "p.yaml:6:3: duplicate key \"c\" in calendars (first at line 2)"));
}

TEST(CalendarDiagnostics, DuplicateHolidayIsReportedWithTheFirstLine) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  c:
    hours: 24/7
    holidays:
      - 2026-12-25
      - 12-25
      - date: 2026-12-25
        hours: ["09:00-12:00"]
)")),
              ElementsAre("p.yaml:7:9: duplicate holiday 2026-12-25 (first at line 5)"));
}

TEST(CalendarDiagnostics, CalendarWithoutHoursIsReportedAtItsName) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  ok: {hours: 24/7}
  berlin:
    timezone: Europe/Berlin
    holidays: [2026-12-25]
)")),
              ElementsAre("p.yaml:3:3: calendar \"berlin\" has no hours: expected hours: 24/7 or "
                          "a map of weekdays"));
}

TEST(CalendarDiagnostics, YamlSyntaxErrorIsReportedWhereTheParserStopped) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  c:
    hours: {mon: ["09:00-17:00"]}}
)")),
              ElementsAre("p.yaml:3:34: YAML syntax: illegal flow end"));
}

TEST(CalendarDiagnostics, TopLevelMustBeAMapWithACalendarsSection) {
  EXPECT_THAT(Lines(Problems("- calendars\n- c\n")),
              ElementsAre("p.yaml:1:1: a policy must be a map with a calendars: section, got a "
                          "list"));
  EXPECT_THAT(Lines(Problems("")),
              ElementsAre("p.yaml:1:1: a policy must be a map with a calendars: section, got "
                          "nothing"));
  EXPECT_THAT(Lines(Problems("categories:\n  billing: {}\n")),
              ElementsAre("p.yaml:1:1: the policy has no calendars: section"));
  EXPECT_THAT(Lines(Problems("calendars: [c]\n")),
              ElementsAre("p.yaml:1:12: calendars must be a map, got a list"));
}

TEST(CalendarDiagnostics, UnreadableHolidayFileIsReportedAtItsEntry) {
  const ScratchDir dir;
  const Diagnostics problems =
      Problems("calendars:\n  c:\n    hours: 24/7\n    holiday_files: [missing.ics]\n", dir);
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_EQ(problems[0].file, "p.yaml");
  EXPECT_EQ(problems[0].line, 4);
  EXPECT_EQ(problems[0].column, 21);
  EXPECT_EQ(problems[0].message,
            fmt::format("cannot read holiday file \"missing.ics\" (looked at {})",
                        (dir / "missing.ics").string()));
}

TEST(CalendarDiagnostics, ProblemsInsideAHolidayFileAreReportedAtTheIcsLine) {
  const ScratchDir dir;
  WriteFile(dir / "bad.ics",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20261224T090000Z\r\n"
            "RRULE:FREQ=MONTHLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  const Diagnostics problems =
      Problems("calendars:\n  c:\n    hours: 24/7\n    holiday_files:\n      - bad.ics\n", dir);
  const std::string ics = (dir / "bad.ics").string();
  ASSERT_THAT(problems, SizeIs(4)) << ::testing::PrintToString(Lines(problems));
  EXPECT_EQ(problems[0].ToString(),
            ics +
                ":4:1: DTSTART \"20261224T090000Z\": only all-day events are supported, "
                "expected a date YYYYMMDD (VALUE=DATE)");
  EXPECT_EQ(problems[1].ToString(), ics +
                                        ":5:1: RRULE part \"FREQ=MONTHLY\": only FREQ=YEARLY "
                                        "is supported for holidays");
  EXPECT_EQ(problems[2].ToString(), ics + ":3:1: VEVENT has no DTSTART");
  EXPECT_EQ(problems[3].ToString(), "p.yaml:5:9: holiday file \"bad.ics\" has 3 problem(s)");
}

}  // namespace
}  // namespace esc::policy
