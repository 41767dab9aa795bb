// Tests of a ticket's SLA clocks rebuilt from its history (first response, next update,
// resolution; pauses; resolve and reopen).
#include <gtest/gtest.h>

#include <vector>

#include "core/rfc3339.h"
#include "core/sla/ticket_sla.h"

namespace esc::core {
namespace {

using namespace std::chrono_literals;
using K = TicketEventKind;

Instant At(std::string_view text) { return ToInstant(ParseDateTime(text).value()); }
std::string Z(Instant t) { return FormatRfc3339(t, Seconds{0}); }

class TicketSlaTest : public ::testing::Test {
 protected:
  TicketSlaTest() {
    CalendarSpec spec;  // Monday to Friday 09:00-17:00 UTC
    spec.id = "office";
    for (unsigned d = 1; d <= 5; ++d) spec.weekly[d] = {LocalInterval{9 * 3600, 17 * 3600}};
    policy_.calendars.emplace("office", Calendar::Create(spec).value());
    sla_.name = "standard";
    sla_.targets[0] = SlaTargetSpec{1h, "office"};  // first response
    sla_.targets[1] = SlaTargetSpec{2h, "office"};  // next update
    sla_.targets[2] = SlaTargetSpec{8h, "office"};  // resolution
    sla_.pause_on = {TicketStatus::kWaitingOnCustomer};
  }

  void Created(std::string_view at) { events_.push_back({At(at), K::kCreated}); }
  void Agent(std::string_view at) { events_.push_back({At(at), K::kAgentReplied}); }
  void Customer(std::string_view at) { events_.push_back({At(at), K::kCustomerReplied}); }
  void Status(std::string_view at, TicketStatus s) {
    events_.push_back({At(at), K::kStatusChanged, s});
  }
  SlaStatus Clock(SlaTargetKind kind, std::string_view now) {
    auto sla = ReplaySla(sla_, policy_, events_);
    EXPECT_TRUE(sla.has_value()) << sla.error().message;
    const auto& clock = sla->Clock(kind);
    EXPECT_TRUE(clock.has_value());
    return clock->StatusAt(At(now)).value();
  }

  Policy policy_;
  SlaPolicy sla_;
  std::vector<TicketEvent> events_;
};

TEST_F(TicketSlaTest, FirstAgentReplyMeetsFirstResponseAndStartsNextUpdate) {
  Created("2026-03-02T09:00:00Z");  // a Monday
  Agent("2026-03-02T09:30:00Z");
  const SlaStatus first = Clock(SlaTargetKind::kFirstResponse, "2026-03-02T12:00:00Z");
  EXPECT_EQ(first.state, SlaState::kMet);
  EXPECT_EQ(first.elapsed, 30min);
  const SlaStatus next = Clock(SlaTargetKind::kNextUpdate, "2026-03-02T10:00:00Z");
  EXPECT_EQ(next.state, SlaState::kRunning);
  EXPECT_EQ(Z(next.due), "2026-03-02T11:30:00+00:00");
}

TEST_F(TicketSlaTest, CustomerReplyRestartsNextUpdate) {
  Created("2026-03-02T09:00:00Z");
  Agent("2026-03-02T09:30:00Z");
  Customer("2026-03-02T10:00:00Z");
  EXPECT_EQ(Z(Clock(SlaTargetKind::kNextUpdate, "2026-03-02T10:00:00Z").due),
            "2026-03-02T12:00:00+00:00");
}

TEST_F(TicketSlaTest, NoUpdateIsOwedBeforeTheFirstResponse) {
  Created("2026-03-02T09:00:00Z");
  Customer("2026-03-02T09:10:00Z");
  auto sla = ReplaySla(sla_, policy_, events_);
  ASSERT_TRUE(sla.has_value());
  EXPECT_FALSE(sla->Clock(SlaTargetKind::kNextUpdate).has_value());
  EXPECT_EQ(Clock(SlaTargetKind::kFirstResponse, "2026-03-02T10:30:00Z").state,
            SlaState::kBreached);
}

TEST_F(TicketSlaTest, WaitingOnCustomerShiftsTheDeadlineByPausedBusinessTimeOnly) {
  Created("2026-03-02T16:00:00Z");
  Status("2026-03-02T16:30:00Z", TicketStatus::kWaitingOnCustomer);
  Status("2026-03-03T10:00:00Z", TicketStatus::kOpen);
  // Without the pause: Tue 16:00. Paused business time: 16:30-17:00 and 09:00-10:00.
  const SlaStatus resolution = Clock(SlaTargetKind::kResolution, "2026-03-03T10:00:00Z");
  EXPECT_EQ(resolution.state, SlaState::kRunning);
  EXPECT_EQ(resolution.elapsed, 30min);
  EXPECT_EQ(Z(resolution.due), "2026-03-04T09:30:00+00:00");
  // The clocks reflect the whole history: asking about an instant before its last event
  // is refused rather than answered wrongly.
  auto sla = ReplaySla(sla_, policy_, events_);
  ASSERT_TRUE(sla.has_value());
  auto earlier = sla->Clock(SlaTargetKind::kResolution)->StatusAt(At("2026-03-03T09:30:00Z"));
  ASSERT_FALSE(earlier.has_value());
  EXPECT_EQ(earlier.error().code, ErrorCode::kConflict);
}

TEST_F(TicketSlaTest, ResolvingStopsEveryClockAndReopeningResumesResolution) {
  Created("2026-03-02T09:00:00Z");
  Agent("2026-03-02T09:10:00Z");
  Status("2026-03-02T11:00:00Z", TicketStatus::kResolved);
  const SlaStatus met = Clock(SlaTargetKind::kResolution, "2026-03-02T12:00:00Z");
  EXPECT_EQ(met.state, SlaState::kMet);
  EXPECT_EQ(met.elapsed, 2h);
  EXPECT_TRUE(Clock(SlaTargetKind::kNextUpdate, "2026-03-02T12:00:00Z").stopped);

  Status("2026-03-03T09:00:00Z", TicketStatus::kReopened);
  const SlaStatus again = Clock(SlaTargetKind::kResolution, "2026-03-03T09:00:00Z");
  EXPECT_EQ(again.state, SlaState::kRunning);
  EXPECT_EQ(again.remaining, 6h);
  EXPECT_EQ(Z(again.due), "2026-03-03T15:00:00+00:00");
  EXPECT_EQ(Z(Clock(SlaTargetKind::kNextUpdate, "2026-03-03T09:00:00Z").due),
            "2026-03-03T11:00:00+00:00");
}

TEST_F(TicketSlaTest, ABreachSurvivesResolveAndReopen) {
  Created("2026-03-02T09:00:00Z");
  Status("2026-03-03T10:00:00Z", TicketStatus::kResolved);  // due was Mon 17:00
  EXPECT_EQ(Clock(SlaTargetKind::kResolution, "2026-03-03T10:00:00Z").state,
            SlaState::kBreached);
  Status("2026-03-04T09:00:00Z", TicketStatus::kReopened);
  const SlaStatus reopened = Clock(SlaTargetKind::kResolution, "2026-03-04T09:00:00Z");
  EXPECT_EQ(reopened.state, SlaState::kBreached);
  EXPECT_EQ(Z(reopened.due), "2026-03-02T17:00:00+00:00");
}

TEST_F(TicketSlaTest, NextUpdateRestartedDuringAPauseStartsPaused) {
  Created("2026-03-02T09:00:00Z");
  Agent("2026-03-02T09:10:00Z");
  Status("2026-03-02T09:20:00Z", TicketStatus::kWaitingOnCustomer);
  Customer("2026-03-02T10:00:00Z");
  const SlaStatus next = Clock(SlaTargetKind::kNextUpdate, "2026-03-02T15:00:00Z");
  EXPECT_EQ(next.state, SlaState::kPaused);
  EXPECT_EQ(next.elapsed, 0s);
}

TEST_F(TicketSlaTest, BadHistoriesAreRefused) {
  Agent("2026-03-02T09:10:00Z");
  EXPECT_FALSE(ReplaySla(sla_, policy_, events_).has_value());
  events_.clear();
  Created("2026-03-02T09:00:00Z");
  Agent("2026-03-02T08:00:00Z");
  auto out_of_order = ReplaySla(sla_, policy_, events_);
  ASSERT_FALSE(out_of_order.has_value());
  EXPECT_NE(out_of_order.error().message.find("time order"), std::string::npos);
  events_.pop_back();
  sla_.targets[2]->calendar = "nowhere";
  auto unknown = ReplaySla(sla_, policy_, events_);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_F(TicketSlaTest, TargetsThePolicyLeavesOutHaveNoClock) {
  sla_.targets[1].reset();
  Created("2026-03-02T09:00:00Z");
  Agent("2026-03-02T09:10:00Z");
  auto sla = ReplaySla(sla_, policy_, events_);
  ASSERT_TRUE(sla.has_value());
  EXPECT_FALSE(sla->Clock(SlaTargetKind::kNextUpdate).has_value());
  EXPECT_TRUE(sla->Clock(SlaTargetKind::kResolution).has_value());
}

}  // namespace
}  // namespace esc::core
