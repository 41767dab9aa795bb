// Tests of on-call rotations: hand-overs at local time across DST, daily and weekly,
// overrides, and instants before the rotation's start.
#include <gtest/gtest.h>

#include "core/policy/oncall.h"
#include "core/rfc3339.h"

namespace esc::core {
namespace {

using namespace std::chrono_literals;

Instant At(std::string_view text) { return ToInstant(ParseDateTime(text).value()); }

class OnCallTest : public ::testing::Test {
 protected:
  OnCallTest() : zone_(TimeZone::Locate("Europe/Berlin")) {
    rotation_.id = "l3";
    rotation_.team = "engineering";
    rotation_.handover = Handover::kWeekly;
    rotation_.handover_time = 9h;
    rotation_.start = date::sys_days{date::year{2026} / 3 / 2};  // a Monday
    rotation_.timezone = "Europe/Berlin";
    rotation_.members = {"karl", "lena", "mia"};
  }
  std::string Who(std::string_view at) { return OnCallAt(rotation_, zone_, At(at)); }

  Rotation rotation_;
  TimeZone zone_;
};

TEST_F(OnCallTest, WeeklyHandOverAtLocalTime) {
  EXPECT_EQ(Who("2026-03-02T09:00:00+01:00"), "karl");
  EXPECT_EQ(Who("2026-03-08T23:00:00+01:00"), "karl");
  EXPECT_EQ(Who("2026-03-09T08:59:59+01:00"), "karl");
  EXPECT_EQ(Who("2026-03-09T09:00:00+01:00"), "lena");
  EXPECT_EQ(Who("2026-03-16T09:00:00+01:00"), "mia");
  EXPECT_EQ(Who("2026-03-23T09:00:00+01:00"), "karl");  // wraps around
}

TEST_F(OnCallTest, ADstChangeDoesNotMoveTheHandOverByAnHour) {
  // Berlin springs forward on 2026-03-29; the hand-over on Monday 30 March is still 09:00
  // local, which is now 07:00 UTC instead of 08:00 UTC.
  EXPECT_EQ(Who("2026-03-30T06:59:59Z"), "karl");
  EXPECT_EQ(Who("2026-03-30T07:00:00Z"), "lena");
  // And back in October (2026-10-25): 09:00 local is 08:00 UTC again.
  EXPECT_EQ(Who("2026-10-26T07:59:59Z"), Who("2026-10-25T12:00:00Z"));
  EXPECT_NE(Who("2026-10-26T08:00:00Z"), Who("2026-10-26T07:59:59Z"));
}

TEST_F(OnCallTest, DailyHandOver) {
  rotation_.handover = Handover::kDaily;
  EXPECT_EQ(Who("2026-03-02T10:00:00+01:00"), "karl");
  EXPECT_EQ(Who("2026-03-03T08:00:00+01:00"), "karl");
  EXPECT_EQ(Who("2026-03-03T09:00:00+01:00"), "lena");
  EXPECT_EQ(Who("2026-03-04T09:00:00+01:00"), "mia");
}

TEST_F(OnCallTest, OverridesReplaceTheShiftsStartingOnTheirDates) {
  rotation_.overrides = {{date::sys_days{date::year{2026} / 3 / 9},
                          date::sys_days{date::year{2026} / 3 / 10}, "otto"}};
  EXPECT_EQ(Who("2026-03-09T08:00:00+01:00"), "karl");  // the shift of the 2nd is still on
  EXPECT_EQ(Who("2026-03-09T09:00:00+01:00"), "otto");
  EXPECT_EQ(Who("2026-03-11T08:00:00+01:00"), "otto");  // the shift that started on the 10th
  EXPECT_EQ(Who("2026-03-11T09:00:00+01:00"), "lena");
}

TEST_F(OnCallTest, BeforeTheStartTheRotationRunsBackwards) {
  EXPECT_EQ(Who("2026-03-01T12:00:00+01:00"), "mia");
  EXPECT_EQ(Who("2026-02-22T12:00:00+01:00"), "lena");
}

}  // namespace
}  // namespace esc::core
