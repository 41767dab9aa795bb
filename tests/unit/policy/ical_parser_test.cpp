// Tests of the iCalendar holiday import: a realistic German public-holiday export (CRLF,
// folded lines, VTIMEZONE, VALARM, overrides, exceptions, multi-day events, COUNT and
// UNTIL) and the problems it must report at the .ics file's own line.
#include "policy/ical_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace esc::policy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string ReadGermanExport() {
  std::ifstream in(ESCALATOR_SOURCE_DIR "/tests/data/holidays/de-public-holidays.ics",
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// An .ics text with CRLF endings: the nth string is physical line n (1-based).
std::string Ics(std::initializer_list<std::string_view> lines) {
  std::string out;
  for (auto line : lines) {
    out.append(line);
    out += "\r\n";
  }
  return out;
}

// Every date closed by `rules` in `year`, as sorted "YYYY-MM-DD" strings.
std::vector<std::string> ClosedDates(const std::vector<core::HolidayRule>& rules, int year) {
  const date::sys_days from{date::year{year} / date::January / 1};
  const date::sys_days to{date::year{year} / date::December / 31};
  std::vector<date::sys_days> days;
  for (const auto& rule : rules) core::AppendClosedDates(rule, from, to, days);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::vector<std::string> out;
  for (auto d : days) out.push_back(date::format("%F", d));
  return out;
}

std::vector<std::string> Starts(const core::HolidayRule& rule, int year) {
  std::vector<std::string> out;
  for (auto d : core::OccurrenceStartsInYear(rule, date::year{year})) {
    out.push_back(date::format("%F", d));
  }
  return out;
}

const core::HolidayRule& Named(const ICalImport& imported, std::string_view name) {
  auto it = std::find_if(imported.holidays.begin(), imported.holidays.end(),
                         [&](const core::HolidayRule& r) { return r.name == name; });
  if (it == imported.holidays.end()) throw std::runtime_error("no holiday " + std::string(name));
  return *it;
}

std::vector<std::string> Problems(const ICalImport& imported) {
  std::vector<std::string> out;
  for (const auto& p : imported.problems) out.push_back(std::to_string(p.line) + ": " + p.message);
  return out;
}

TEST(ICalParser, GermanExportIsACrlfFileAndImportsWithoutProblems) {
  const std::string text = ReadGermanExport();
  ASSERT_THAT(text, HasSubstr("END:VCALENDAR\r\n")) << "the data file must keep CRLF endings";
  const ICalImport imported = ParseICalendar(text);
  // The VTIMEZONE's timed DTSTARTs and the VALARM would be problems inside a VEVENT.
  EXPECT_THAT(Problems(imported), IsEmpty());
  // 16 VEVENTs, one of them cancelled.
  EXPECT_EQ(imported.holidays.size(), 15u);
}

TEST(ICalParser, GermanExportClosesThe2026HolidaysAndCompanyClosures) {
  const ICalImport imported = ParseICalendar(ReadGermanExport());
  EXPECT_THAT(ClosedDates(imported.holidays, 2026),
              ElementsAre("2026-01-01",                // Neujahr (yearly)
                          "2026-04-03", "2026-04-06",  // Karfreitag, Ostermontag
                          "2026-05-01",                // Tag der Arbeit
                          "2026-05-14", "2026-05-25",  // Himmelfahrt, Pfingstmontag
                          "2026-06-26",                // Sommerfest moved from 06-19
                          "2026-10-03",                // Einheit (folded SUMMARY)
                          "2026-11-18",                // Buß- und Bettag (folded RRULE)
                          "2026-12-25", "2026-12-26",  // DURATION:P2D
                          "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"));  // DTEND
}

TEST(ICalParser, GermanExportUsesRdatesAndExdatesIn2027) {
  const ICalImport imported = ParseICalendar(ReadGermanExport());
  // The Sommerfest (third Friday in June, 06-18) is excluded; the Betriebsferien of
  // 2026 end on 2026-12-31 (DTEND is exclusive).
  EXPECT_THAT(ClosedDates(imported.holidays, 2027),
              ElementsAre("2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01", "2027-05-06",
                          "2027-05-17", "2027-10-03", "2027-11-17", "2027-12-25", "2027-12-26"));
}

TEST(ICalParser, RecurrenceIdOverrideMovesOnlyThatOccurrence) {
  const ICalImport imported = ParseICalendar(ReadGermanExport());
  const auto& master = Named(imported, "Betriebsruhe: Sommerfest");
  EXPECT_THAT(Starts(master, 2025), ElementsAre("2025-06-20"));
  EXPECT_THAT(Starts(master, 2026), IsEmpty());  // moved away by the override
  EXPECT_THAT(Starts(master, 2028), ElementsAre("2028-06-16"));
  const auto& moved = Named(imported, "Betriebsruhe: Sommerfest (verschoben)");
  EXPECT_FALSE(moved.yearly.has_value());
  EXPECT_THAT(Starts(moved, 2026), ElementsAre("2026-06-26"));
}

TEST(ICalParser, UntilEndsTheFederalRuleAndTheSaxonRuleStartsAtItsDtstart) {
  const ICalImport imported = ParseICalendar(ReadGermanExport());
  const auto& federal = Named(imported, "Buß- und Bettag (bundesweit bis 1994)");
  EXPECT_THAT(Starts(federal, 1990), ElementsAre("1990-11-21"));
  EXPECT_THAT(Starts(federal, 1994), ElementsAre("1994-11-16"));
  EXPECT_THAT(Starts(federal, 1995), IsEmpty());
  const auto& saxony = Named(imported, "Buß- und Bettag (Sachsen)");
  ASSERT_TRUE(saxony.yearly.has_value());
  EXPECT_THAT(saxony.yearly->by_month, ElementsAre(11u));  // "BYMO" + "NTH=11" unfolded
  EXPECT_THAT(Starts(saxony, 1994), IsEmpty());
  EXPECT_THAT(Starts(saxony, 1995), ElementsAre("1995-11-22"));
  EXPECT_THAT(Starts(saxony, 2025), ElementsAre("2025-11-19"));
}

TEST(ICalParser, CountWithIntervalStopsAfterTheGivenNumberOfOccurrences) {
  const ICalImport imported = ParseICalendar(ReadGermanExport());
  // Found by its start: its SUMMARY has a TEXT escape ("Berlin\, 75.").
  const auto berlin_it = std::find_if(imported.holidays.begin(), imported.holidays.end(),
                                      [](const core::HolidayRule& r) {
                                        return r.first == date::sys_days{date::year{2020} / 5 / 8};
                                      });
  ASSERT_NE(berlin_it, imported.holidays.end());
  const core::HolidayRule& berlin = *berlin_it;
  EXPECT_THAT(Starts(berlin, 2020), ElementsAre("2020-05-08"));
  EXPECT_THAT(Starts(berlin, 2021), IsEmpty());
  EXPECT_THAT(Starts(berlin, 2025), ElementsAre("2025-05-08"));
  EXPECT_THAT(Starts(berlin, 2030), IsEmpty());
}

TEST(ICalParser, FoldedLinesAreJoinedAndParametersDoNotLeakIntoValues) {
  const ICalImport imported = ParseICalendar(ReadGermanExport());
  EXPECT_EQ(Named(imported, "Tag der Deutschen Einheit").first,
            date::sys_days{date::year{1990} / 10 / 3});
  EXPECT_EQ(Named(imported, "Neujahr").length_days, 1);  // SUMMARY;LANGUAGE=de:Neujahr
  EXPECT_EQ(Named(imported, "1. und 2. Weihnachtsfeiertag").length_days, 2);
  EXPECT_EQ(Named(imported, "Betriebsferien zwischen den Jahren").length_days, 4);
}

TEST(ICalParser, LfLineEndingsGiveTheSameHolidays) {
  std::string text = ReadGermanExport();
  std::erase(text, '\r');
  const ICalImport imported = ParseICalendar(text);
  EXPECT_THAT(Problems(imported), IsEmpty());
  EXPECT_EQ(ClosedDates(imported.holidays, 2026),
            ClosedDates(ParseICalendar(ReadGermanExport()).holidays, 2026));
}

TEST(ICalParser, CancelledEventIsIgnored) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "UID:a",
      "DTSTART;VALUE=DATE:20260911",
      "STATUS:CANCELLED",
      "END:VEVENT",
      "END:VCALENDAR",
  }));
  EXPECT_THAT(Problems(imported), IsEmpty());
  EXPECT_THAT(imported.holidays, IsEmpty());
}

// RFC 5545 3.8.1.11: an overridden instance with STATUS:CANCELLED cancels that one
// occurrence of the series; the rest of the series stays.
TEST(ICalParser, CancelledOccurrenceOverrideDropsThatOccurrence) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "UID:fest",
      "DTSTART;VALUE=DATE:20240621",
      "RRULE:FREQ=YEARLY;BYMONTH=6;BYDAY=3FR",
      "SUMMARY:Sommerfest",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:fest",
      "RECURRENCE-ID;VALUE=DATE:20260619",
      "DTSTART;VALUE=DATE:20260619",
      "STATUS:CANCELLED",
      "END:VEVENT",
      "END:VCALENDAR",
  }));
  ASSERT_THAT(Problems(imported), IsEmpty());
  EXPECT_THAT(ClosedDates(imported.holidays, 2025), ElementsAre("2025-06-20"));
  EXPECT_THAT(ClosedDates(imported.holidays, 2026), IsEmpty());
}

// ParseDayDuration's own contract reads "P1DT0H0M0S"-style whole-day durations, as some
// calendar programs write them.
TEST(ICalParser, DurationWithAZeroTimePartIsWholeDays) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DTSTART;VALUE=DATE:20261224",
      "DURATION:P3DT0H0M0S",
      "END:VEVENT",
      "END:VCALENDAR",
  }));
  ASSERT_THAT(Problems(imported), IsEmpty());
  ASSERT_EQ(imported.holidays.size(), 1u);
  EXPECT_EQ(imported.holidays[0].length_days, 3);
}

// Windows editors save UTF-8 with a byte-order mark; the file is still a VCALENDAR
// (policy YAML with a BOM already loads).
TEST(ICalParser, ByteOrderMarkBeforeBeginVcalendarIsAccepted) {
  const ICalImport imported = ParseICalendar("\xEF\xBB\xBF" + Ics({
                                                                  "BEGIN:VCALENDAR",
                                                                  "BEGIN:VEVENT",
                                                                  "DTSTART;VALUE=DATE:20261225",
                                                                  "END:VEVENT",
                                                                  "END:VCALENDAR",
                                                              }));
  EXPECT_THAT(Problems(imported), IsEmpty());
  EXPECT_THAT(ClosedDates(imported.holidays, 2026), ElementsAre("2026-12-25"));
}

TEST(ICalParser, TimedDtstartIsRejectedAtItsLine) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "SUMMARY:Team meeting",
      "DTSTART;TZID=Europe/Berlin:20261224T090000",
      "END:VEVENT",
      "END:VCALENDAR",
  }));
  ASSERT_GE(imported.problems.size(), 1u);
  EXPECT_EQ(imported.problems[0].line, 4);
  EXPECT_THAT(imported.problems[0].message, HasSubstr("only all-day events are supported"));
  EXPECT_THAT(imported.problems[0].message, HasSubstr("YYYYMMDD"));
}

TEST(ICalParser, WeeklyFrequencyIsRejectedAtItsLine) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DTSTART;VALUE=DATE:20260105",
      "RRULE:FREQ=WEEKLY;BYDAY=MO",
      "END:VEVENT",
      "END:VCALENDAR",
  }));
  ASSERT_EQ(imported.problems.size(), 1u) << Problems(imported).front();
  EXPECT_EQ(imported.problems[0].line, 4);
  EXPECT_THAT(imported.problems[0].message, HasSubstr("FREQ=WEEKLY"));
  EXPECT_THAT(imported.problems[0].message, HasSubstr("only FREQ=YEARLY is supported"));
}

TEST(ICalParser, ByWeekNoIsRejectedAtTheFirstPhysicalLineOfAFoldedRule) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DTSTART;VALUE=DATE:20260105",
      "RRULE:FREQ=YEARLY;BYWEEKNO=1;",
      " BYDAY=MO",
      "SUMMARY:First Monday of week 1",
      "END:VEVENT",
      "END:VCALENDAR",
  }));
  ASSERT_EQ(imported.problems.size(), 1u) << Problems(imported).front();
  EXPECT_EQ(imported.problems[0].line, 4);
  EXPECT_THAT(imported.problems[0].message, HasSubstr("BYWEEKNO=1"));
  EXPECT_THAT(imported.problems[0].message, HasSubstr("not supported for holidays"));
}

TEST(ICalParser, MissingDtstartIsReportedAtTheEventsBeginLine) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "BEGIN:VEVENT",
      "SUMMARY:No date",
      "DTEND;VALUE=DATE:20261226",
      "END:VEVENT",
      "END:VCALENDAR",
  }));
  EXPECT_THAT(Problems(imported), ElementsAre("3: VEVENT has no DTSTART"));
}

TEST(ICalParser, UnclosedEventIsReportedAtItsBeginLine) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DTSTART;VALUE=DATE:20261225",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "DTSTART;VALUE=DATE:20261226",
      "END:VCALENDAR",
  }));
  EXPECT_THAT(Problems(imported), ElementsAre("5: VEVENT is not closed by END:VEVENT"));
}

TEST(ICalParser, AVCardIsNotACalendar) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCARD",
      "VERSION:4.0",
      "FN:Holiday Office",
      "END:VCARD",
  }));
  ASSERT_FALSE(imported.problems.empty());
  EXPECT_EQ(imported.problems[0].line, 1);
  EXPECT_THAT(imported.problems[0].message, HasSubstr("expected BEGIN:VCALENDAR"));
  EXPECT_THAT(imported.holidays, IsEmpty());
}

TEST(ICalParser, AnHtmlPageIsNotACalendar) {
  const ICalImport imported = ParseICalendar("<!DOCTYPE html>\n<html><body>Not found</body>\n");
  ASSERT_EQ(imported.problems.size(), 3u);
  EXPECT_EQ(imported.problems[0].line, 1);
  EXPECT_THAT(imported.problems[0].message, HasSubstr("expected NAME:VALUE"));
  EXPECT_EQ(imported.problems[1].line, 2);
  EXPECT_THAT(imported.problems[1].message, HasSubstr("expected NAME:VALUE"));
  EXPECT_EQ(imported.problems[2].line, 1);
  EXPECT_EQ(imported.problems[2].message, "not an iCalendar file: expected BEGIN:VCALENDAR");
}

TEST(ICalParser, EveryProblemOfAFileIsReportedWithItsLine) {
  const ICalImport imported = ParseICalendar(Ics({
      "BEGIN:VCALENDAR",                           // 1
      "BEGIN:VEVENT",                              // 2
      "DTSTART;VALUE=DATE:20261225",               // 3
      "DTEND;VALUE=DATE:20261224",                 // 4: before DTSTART
      "END:VEVENT",                                // 5
      "BEGIN:VEVENT",                              // 6
      "DTSTART;VALUE=DATE:20260101",               // 7
      "DURATION:PT8H",                             // 8: not whole days
      "END:VEVENT",                                // 9
      "BEGIN:VEVENT",                              // 10
      "DTSTART;VALUE=DATE:20260101",               // 11
      "RRULE:FREQ=YEARLY;COUNT=3;UNTIL=20301231",  // 12
      "EXDATE;VALUE=DATE:2027-01-01",              // 13: not YYYYMMDD
      "END:VEVENT",                                // 14
      "BEGIN:VEVENT",                              // 15
      "DTSTART;VALUE=DATE:20260230",               // 16: no such date
      "RRULE:FREQ=YEARLY;BYMONTH=13;BYSETPOS=1",   // 17: two bad parts
      "END:VEVENT",                                // 18
      "END:VCALENDAR",                             // 19
  }));
  EXPECT_THAT(
      Problems(imported),
      ElementsAre("2: VEVENT ends before it starts (DTEND must be after DTSTART)",
                  "8: DURATION \"PT8H\": expected whole days such as P1D",
                  "12: RRULE may not have both COUNT and UNTIL",
                  "13: EXDATE \"2027-01-01\": expected dates YYYYMMDD",
                  "16: DTSTART \"20260230\": only all-day events are supported, expected a date "
                  "YYYYMMDD",
                  "17: RRULE part \"BYMONTH=13\": expected months 1-12",
                  "17: RRULE part \"BYSETPOS=1\": not supported for holidays (supported: "
                  "FREQ=YEARLY, INTERVAL, COUNT, UNTIL, BYMONTH, BYMONTHDAY, BYDAY)",
                  "15: VEVENT has no DTSTART"));
}

}  // namespace
}  // namespace esc::policy
