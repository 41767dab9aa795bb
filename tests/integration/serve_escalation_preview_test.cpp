// Black-box tests of GET /api/v1/tickets/{id}/escalation-preview on the demo server: the
// escalate dialog learns, before anyone confirms, where the case would go, who is there
// to receive it, whether the actor's authority allows the move (and why not), and what
// the limits would do; looking changes nothing.
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::ApiSession;
using test_support::BodyJson;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::Json;
using test_support::TicketPath;

class ServeEscalationPreview : public test_support::DemoServerTest {
 protected:
  void SetUp() override {
    DemoServerTest::SetUp();
    const HttpResult t = server_->As("alice").Post(
        "/api/v1/tickets", Json{{"subject", "Sync stalls"}, {"category", "technical"},
                                {"impact", "medium"}, {"urgency", "medium"}});
    ASSERT_EQ(t.status, 201) << t.body;
    ticket_ = server_->As("admin").GetJson(TicketPath(BodyJson(t)["id"].get<std::int64_t>()));
    ASSERT_EQ(ticket_["team"], "frontline") << ticket_.dump();
  }
  Json Preview(const std::string& who, const std::string& to) {
    return server_->As(who).GetJson(
        TicketPath(ticket_["id"].get<std::int64_t>(), "/escalation-preview?to=" + to));
  }

  Json ticket_;
};

TEST_F(ServeEscalationPreview, NextLevelShowsTheReceivingTeamAndItsPeople) {
  const Json p = Preview("ben", "next_level");
  EXPECT_EQ(p["allowed"], true) << p.dump();
  EXPECT_TRUE(p["refusal"].is_null());
  EXPECT_EQ(p["acting_level"], "L1");
  EXPECT_EQ(p["type"], "hierarchical");
  EXPECT_EQ(p["from"], (Json{{"team", "frontline"}, {"level", "L1"}}));
  EXPECT_EQ(p["to"], (Json{{"team", "product-specialists"}, {"level", "L2"}}));
  EXPECT_EQ(p["receivers"]["members"], (Json{"hiro", "ines", "jonas"}));
  EXPECT_EQ(p["receivers"]["lead"], "hiro");
  EXPECT_EQ(p["receivers"]["manager"], "maria");
  EXPECT_TRUE(p["limit"].is_null());  // product-specialists: 40 open escalations allowed

  // To a team by name; the team that holds the case already is refused, with the reason.
  const Json billing = Preview("ben", "billing-specialists");
  EXPECT_EQ(billing["allowed"], true) << billing.dump();
  EXPECT_EQ(billing["to"]["team"], "billing-specialists");
  EXPECT_EQ(billing["receivers"]["members"], (Json{"fatima", "george"}));
  const Json same = Preview("ben", "frontline");
  EXPECT_EQ(same["allowed"], false) << same.dump();
  ASSERT_TRUE(same["refusal"].is_object()) << same.dump();
  EXPECT_EQ(same["refusal"]["field"], "to");
}

TEST_F(ServeEscalationPreview, AuthorityDecidesWhoMaySkipALevelAndLookingChangesNothing) {
  const Json agent = Preview("ben", "L3");
  EXPECT_EQ(agent["allowed"], false) << agent.dump();
  EXPECT_EQ(agent["refusal"]["code"], "forbidden");
  EXPECT_FALSE(agent["refusal"]["message"].get<std::string>().empty());
  const Json manager = Preview("otto", "L3");
  EXPECT_EQ(manager["allowed"], true) << manager.dump();
  EXPECT_EQ(manager["to"]["level"], "L3");

  const auto id = ticket_["id"].get<std::int64_t>();
  const Json after = server_->As("admin").GetJson(TicketPath(id));
  EXPECT_EQ(after["version"], ticket_["version"]);
  EXPECT_EQ(after["team"], "frontline");
  EXPECT_TRUE(server_->As("admin").GetJson(TicketPath(id, "/escalations")).value("items", Json::array()).empty());

  // The escalation itself agrees with the preview.
  const HttpResult moved = server_->As("ben").Post(
      TicketPath(id, "/escalate"), Json{{"to", "next_level"}, {"reason", "needs a specialist"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(BodyJson(moved)["team"], "product-specialists");
  EXPECT_EQ(BodyJson(moved)["level"], "L2");
}

TEST_F(ServeEscalationPreview, BadInputAndCustomers) {
  const std::string path =
      TicketPath(ticket_["id"].get<std::int64_t>(), "/escalation-preview");
  ApiSession& ben = server_->As("ben");
  EXPECT_TRUE(IsApiError(ben.Get(path), 400, "invalid", "to"));
  EXPECT_TRUE(IsApiError(ben.Get(path + "?to=plumbers"), 400, "invalid", "to"));
  EXPECT_TRUE(IsApiError(ben.Get(path + "?to=L2&reason=x"), 400, "invalid"));
  EXPECT_TRUE(IsApiError(server_->As("alice").Get(path + "?to=next_level"), 403, "forbidden"));
  EXPECT_TRUE(IsApiError(ben.Get("/api/v1/tickets/999999/escalation-preview?to=L2"), 404,
                         "not_found"));
}

}  // namespace
}  // namespace esc
