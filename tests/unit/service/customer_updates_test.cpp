// PlanCustomerUpdates: which updates a change owes the customer. The cases here are the
// resolution that waits for management's sign-off (told on approval, not on resolving, and
// never on a rejection) and the signed links every update carries.
#include "app/service/customer_updates.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace esc::app {
namespace {

const Instant kNow{std::chrono::seconds(1'772'460'000)};

class CustomerUpdatesPlan : public ::testing::Test {
 protected:
  CustomerUpdatesPlan() {
    settings_.via = "desk-mail";
    ticket_.id = 7;
    ticket_.key = "ESC-7";
    ticket_.subject = "Exports fail";
    requester_.id = 3;
    requester_.username = "alice";
    requester_.role = Role::kCustomer;
  }

  std::vector<OutboxRecord> Plan(const std::vector<AuditEvent>& events) {
    const CustomerUpdateContext context{
        settings_, ticket_, requester_, kNow,
        [](Id ticket, Id user, Instant) {
          return "https://esc.example/feedback/" + std::to_string(ticket) + "." +
                 std::to_string(user);
        },
        [this](Id ticket, Id user, Instant expires) {
          portal_expiry_ = expires;
          return "https://esc.example/portal/link/" + std::to_string(ticket) + "." +
                 std::to_string(user);
        }};
    return PlanCustomerUpdates(context, events);
  }
  static AuditEvent Event(std::string kind, nlohmann::json data = nlohmann::json::object()) {
    return AuditEvent{0, 7, kNow, "system", std::move(kind), data.dump()};
  }
  static std::vector<std::string> Kinds(const std::vector<OutboxRecord>& rows) {
    std::vector<std::string> kinds;
    for (const auto& row : rows) kinds.push_back(row.event);
    return kinds;
  }

  core::CustomerUpdates settings_;
  TicketRecord ticket_;
  UserRecord requester_;
  Instant portal_expiry_;
};

TEST_F(CustomerUpdatesPlan, AResolutionWithoutSignOffIsToldAtOnceWithTheFeedbackLink) {
  const auto rows = Plan({Event("status_changed", {{"from", "open"}, {"to", "resolved"}})});
  ASSERT_EQ(Kinds(rows), (std::vector<std::string>{"customer_resolved"}));
  const auto payload = nlohmann::json::parse(rows[0].payload);
  EXPECT_EQ(payload["template"], "resolved_feedback");
  EXPECT_EQ(payload["feedback_url"], "https://esc.example/feedback/7.3");
  EXPECT_EQ(payload["portal_url"], "https://esc.example/portal/link/7.3");
  EXPECT_EQ(portal_expiry_, kNow + kPortalLinkValid);
}

TEST_F(CustomerUpdatesPlan, AResolutionAwaitingSignOffIsToldOnlyWhenApproved) {
  ticket_.signoff_required = true;
  ticket_.signoff_state = "pending";
  EXPECT_TRUE(Plan({Event("status_changed", {{"from", "open"}, {"to", "resolved"}}),
                    Event("resolved"), Event("signoff_requested")})
                  .empty());

  ticket_.signoff_state = "rejected";  // reopened: the work is not done
  ticket_.status = core::TicketStatus::kReopened;
  EXPECT_TRUE(Plan({Event("signoff_rejected", {{"comment", "not fixed"}}),
                    Event("status_changed", {{"from", "resolved"}, {"to", "reopened"}})})
                  .empty());

  ticket_.signoff_state = "approved";
  ticket_.status = core::TicketStatus::kResolved;
  const auto rows = Plan({Event("signoff_approved", {{"comment", ""}})});
  ASSERT_EQ(Kinds(rows), (std::vector<std::string>{"customer_resolved"}));
  EXPECT_EQ(nlohmann::json::parse(rows[0].payload)["template"], "resolved_feedback");
}

TEST_F(CustomerUpdatesPlan, EveryUpdateCarriesThePortalLink) {
  for (const auto& row : Plan({Event("created"), Event("escalated")})) {
    EXPECT_EQ(nlohmann::json::parse(row.payload)["portal_url"],
              "https://esc.example/portal/link/7.3")
        << row.event;
  }
}

}  // namespace
}  // namespace esc::app
