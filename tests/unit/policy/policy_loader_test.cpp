// Tests of the policy loader's calendars: the example policy with its holiday file and
// special days, hours and holiday files that load, and a file whose problems are all
// reported at once and that loads once they are fixed. Each kind of problem on its own:
// calendar_diagnostics_test.cpp.
#include "policy/policy_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/scratch_dir.h"
#include "unit/policy/loader_test_support.h"

namespace esc::policy {
namespace {

using ::esc::test_support::ScratchDir;
using ::esc::test_support::WriteFile;
using test_support::At;
using test_support::Lines;
using test_support::Local;
using test_support::Problems;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class ExampleCalendars : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = LoadPolicyFile(ESCALATOR_SOURCE_DIR "/examples/policy.yaml");
    ASSERT_TRUE(loaded.has_value()) << Lines(loaded.error()).front();
    policy_.emplace(std::move(*loaded));
  }
  static void TearDownTestSuite() { policy_.reset(); }
  const core::Calendar& Ny() { return *policy_->FindCalendar("support-ny"); }
  bool OpenInNy(std::string_view t) { return Ny().IsOpen(At(t)).value(); }
  static inline std::optional<core::Policy> policy_;
};

TEST_F(ExampleCalendars, HasItsThreeCalendarsWithTheirTimeZones) {
  std::vector<std::string> ids;
  for (const auto& [id, calendar] : policy_->calendars) ids.push_back(id);
  EXPECT_THAT(ids, ElementsAre("always-on", "support-berlin", "support-ny"));
  EXPECT_EQ(Ny().spec().timezone, "America/New_York");
  EXPECT_EQ(policy_->FindCalendar("support-berlin")->spec().timezone, "Europe/Berlin");
  EXPECT_EQ(policy_->FindCalendar("always-on")->spec().timezone, "Etc/UTC");
  EXPECT_TRUE(policy_->FindCalendar("always-on")->IsOpen(At("2026-12-25T03:00:00Z")).value());
  // Sunday 22:00-06:00 crosses midnight and is stored as one interval of its start day.
  EXPECT_THAT(Ny().spec().weekly[0], ElementsAre(core::LocalInterval{22 * 3600, 30 * 3600}));
}

TEST_F(ExampleCalendars, ThanksgivingAndTheFollowingFridayAreClosed) {
  // From us-holidays.ics: fourth Thursday in November, DURATION:P2D.
  EXPECT_TRUE(OpenInNy("2026-11-25T16:59:59-05:00"));
  EXPECT_FALSE(OpenInNy("2026-11-26T10:00:00-05:00"));
  EXPECT_FALSE(OpenInNy("2026-11-27T10:00:00-05:00"));
  EXPECT_TRUE(OpenInNy("2026-11-29T22:00:00-05:00"));
  EXPECT_FALSE(OpenInNy("2027-11-25T10:00:00-05:00"));
  EXPECT_FALSE(OpenInNy("2027-11-26T10:00:00-05:00"));
  EXPECT_TRUE(OpenInNy("2027-11-24T10:00:00-05:00"));
  // One hour on Wednesday, the second on Sunday night.
  EXPECT_EQ(Local(Ny(), Ny().Add(At("2026-11-25T16:00:00-05:00"), std::chrono::hours{2}).value()),
            "2026-11-29T23:00:00-05:00");
}

TEST_F(ExampleCalendars, SundayNightHoursStopAtAHolidayMondaysMidnight) {
  // Memorial Day 2026 is Monday 05-25 (BYDAY=-1MO).
  EXPECT_TRUE(OpenInNy("2026-05-24T23:59:59-04:00"));
  EXPECT_FALSE(OpenInNy("2026-05-25T01:00:00-04:00"));
  EXPECT_TRUE(OpenInNy("2026-05-18T01:00:00-04:00"));  // an ordinary Monday
}

TEST_F(ExampleCalendars, ChristmasEveHasItsOwnHoursAndChristmasIsClosed) {
  EXPECT_FALSE(OpenInNy("2026-12-24T08:59:59-05:00"));
  EXPECT_TRUE(OpenInNy("2026-12-24T09:00:00-05:00"));
  EXPECT_TRUE(OpenInNy("2026-12-24T11:59:59-05:00"));
  EXPECT_FALSE(OpenInNy("2026-12-24T12:00:00-05:00"));
  EXPECT_FALSE(OpenInNy("2026-12-24T15:00:00-05:00"));  // an ordinary Thursday is open
  EXPECT_FALSE(OpenInNy("2026-12-25T10:00:00-05:00"));
  EXPECT_TRUE(OpenInNy("2026-12-31T14:59:59-05:00"));
  EXPECT_FALSE(OpenInNy("2026-12-31T15:00:00-05:00"));
  // 1h on the 24th (until 12:00), Christmas Friday and Saturday closed, 1h on Sunday night.
  EXPECT_EQ(Local(Ny(), Ny().Add(At("2026-12-24T11:00:00-05:00"), std::chrono::hours{2}).value()),
            "2026-12-27T23:00:00-05:00");
  const core::Calendar& berlin = *policy_->FindCalendar("support-berlin");
  EXPECT_FALSE(berlin.IsOpen(At("2026-12-24T10:00:00+01:00")).value());
  EXPECT_TRUE(berlin.IsOpen(At("2026-12-23T10:00:00+01:00")).value());
}

TEST(PolicyLoader, IntervalsMergeAndMayEndAt2400OrCrossMidnight) {
  auto policy = LoadPolicyText(R"(calendars:
  c:
    timezone: Europe/Berlin
    hours:
      mon: ["11:00-14:00", "09:00-12:00", "14:00-15:00"]
      tue: ["20:00-24:00"]
      fri: ["22:00-06:00"]
    holidays:
      - 02-29
      - {date: 12-24, name: Heiligabend, hours: []}
)",
                               "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << Lines(policy.error()).front();
  const core::CalendarSpec& spec = policy->FindCalendar("c")->spec();
  EXPECT_THAT(spec.weekly[1], ElementsAre(core::LocalInterval{9 * 3600, 15 * 3600}));
  EXPECT_THAT(spec.weekly[2], ElementsAre(core::LocalInterval{20 * 3600, 24 * 3600}));
  EXPECT_THAT(spec.weekly[5], ElementsAre(core::LocalInterval{22 * 3600, 30 * 3600}));
  EXPECT_THAT(spec.yearly_hours, SizeIs(2));
  EXPECT_THAT(spec.date_hours, IsEmpty());
}

TEST(PolicyLoader, MissingPolicyFileIsReportedWithoutAPosition) {
  auto loaded = LoadPolicyFile(ScratchDir() / "nope.yaml");
  ASSERT_FALSE(loaded.has_value());
  ASSERT_THAT(loaded.error(), SizeIs(1));
  EXPECT_EQ(loaded.error()[0].line, 0);
  EXPECT_THAT(loaded.error()[0].ToString(), HasSubstr("nope.yaml: cannot read the policy file"));
}

TEST(PolicyLoader, HolidayFilesAreReadRelativeToThePolicyFile) {
  const ScratchDir dir;
  std::filesystem::create_directories(dir / "ics");
  WriteFile(dir / "ics" / "closures.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260302\r\nDURATION:P2D\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n");
  WriteFile(dir / "policy.yaml",
            "calendars:\n  c:\n    hours: {mon: [\"09:00-17:00\"], tue: [\"09:00-17:00\"],"
            " wed: [\"09:00-17:00\"]}\n    holiday_files: [ics/closures.ics]\n");
  auto policy = LoadPolicyFile(dir / "policy.yaml");
  ASSERT_TRUE(policy.has_value()) << Lines(policy.error()).front();
  const core::Calendar& c = *policy->FindCalendar("c");
  EXPECT_FALSE(c.IsOpen(At("2026-03-02T10:00:00Z")).value());
  EXPECT_FALSE(c.IsOpen(At("2026-03-03T10:00:00Z")).value());
  EXPECT_TRUE(c.IsOpen(At("2026-03-04T10:00:00Z")).value());
}

TEST(PolicyLoader, GermanHolidayExportClosesItsDatesInABerlinCalendar) {
  auto policy = LoadPolicyText(R"(calendars:
  berlin:
    timezone: Europe/Berlin
    hours: {mon: ["08:00-18:00"], wed: ["08:00-18:00"], fri: ["08:00-16:00"]}
    holiday_files: [de-public-holidays.ics]
)",
                               "p.yaml", ESCALATOR_SOURCE_DIR "/tests/data/holidays");
  ASSERT_TRUE(policy.has_value()) << Lines(policy.error()).front();
  const core::Calendar& berlin = *policy->FindCalendar("berlin");
  EXPECT_FALSE(berlin.IsOpen(At("2026-11-18T10:00:00+01:00")).value());  // Buß- und Bettag
  EXPECT_TRUE(berlin.IsOpen(At("2026-11-11T10:00:00+01:00")).value());
  EXPECT_TRUE(berlin.IsOpen(At("2026-06-19T10:00:00+02:00")).value());   // Sommerfest moved...
  EXPECT_FALSE(berlin.IsOpen(At("2026-06-26T10:00:00+02:00")).value());  // ...to this Friday
  // Friday 2026-12-25 to Wednesday 12-30 closed; Betriebsferien end on the 31st.
  EXPECT_EQ(
      Local(berlin, berlin.Add(At("2026-12-23T17:00:00+01:00"), std::chrono::hours{2}).value()),
      "2027-01-04T09:00:00+01:00");
}

constexpr const char* kBroken = R"(calendars:
  ny:
    timezone: America/New_York
    hours:
      mon: ["09:00-17:00", "13:00-1700"]
      tue: ["09:00-17:00"]
    holidays:
      - 2026-12-25
      - 2026-12-25
      - {date: 2026-12-24, hours: ["09:00-12:00"], note: short day}
  berlin:
    timezone: Europe/Berlin
    hours: {mon: ["08:00-16:00"], fri: ["08:00-08:00"]}
  uk:
    timezone: Europe/London
)";

constexpr const char* kFixed = R"(calendars:
  ny:
    timezone: America/New_York
    hours:
      mon: ["09:00-17:00", "13:00-17:00"]
      tue: ["09:00-17:00"]
    holidays:
      - 2026-12-25
      - {date: 2026-12-24, hours: ["09:00-12:00"], name: short day}
  berlin:
    timezone: Europe/Berlin
    hours: {mon: ["08:00-16:00"], fri: ["08:00-12:00"]}
  uk:
    timezone: Europe/London
    hours: 24/7
)";

TEST(PolicyLoader, EveryProblemOfAFileIsReportedAtOnce) {
  EXPECT_THAT(Lines(Problems(kBroken)),
              ElementsAre(HasSubstr("p.yaml:5:28: malformed interval \"13:00-1700\""),
                          "p.yaml:9:9: duplicate holiday 2026-12-25 (first at line 8)",
                          HasSubstr("p.yaml:10:52: unknown key \"note\" in a holiday"),
                          HasSubstr("p.yaml:13:41: empty interval \"08:00-08:00\""),
                          HasSubstr("p.yaml:14:3: calendar \"uk\" has no hours")));
}

TEST(PolicyLoader, TheSameFileWithItsProblemsFixedLoads) {
  auto policy = LoadPolicyText(kFixed, "p.yaml", ".");
  ASSERT_TRUE(policy.has_value()) << ::testing::PrintToString(Lines(policy.error()));
  EXPECT_THAT(policy->calendars, SizeIs(3));
  const core::Calendar& ny = *policy->FindCalendar("ny");
  EXPECT_THAT(ny.spec().weekly[1], ElementsAre(core::LocalInterval{9 * 3600, 17 * 3600}));
  EXPECT_TRUE(ny.IsOpen(At("2026-12-24T11:00:00-05:00")).value());
  EXPECT_FALSE(ny.IsOpen(At("2026-12-24T13:00:00-05:00")).value());
}

// A calendar is checked as a whole: a bad time zone must not hide behind another problem
// of the same calendar, or the admin needs a second run to learn about it.
TEST(PolicyLoader, UnknownTimeZoneIsReportedTogetherWithOtherProblemsOfItsCalendar) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  ny:
    timezone: America/New_Yrok
    hours: {mon: ["09:00-17:00"]}
    holidays: [2026-13-01]
)")),
              ElementsAre(HasSubstr("p.yaml:3:15: calendar \"ny\": unknown time zone"),
                          HasSubstr("p.yaml:5:16: expected a date YYYY-MM-DD")));
}

// A calendar with a problem is reported once, where the problem is; references to it
// must not add a claim that it is undefined.
TEST(PolicyLoader, CalendarWithAProblemIsNotAlsoReportedAsUndefined) {
  EXPECT_THAT(Lines(Problems(R"(calendars:
  ny:
    hours: {mon: ["09:00-17:00"]}
    holidays: [2026-13-01]
sla:
  - name: standard
    calendar: ny
    targets: {first_response: 4h}
)")),
              ElementsAre(HasSubstr("p.yaml:4:16: expected a date YYYY-MM-DD")));
}

}  // namespace
}  // namespace esc::policy
