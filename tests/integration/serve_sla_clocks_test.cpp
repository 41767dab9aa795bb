// Black-box test of each SLA target's clock on GET /api/v1/tickets/{id} (staff): a gold
// high-priority ticket (gold-urgent: first response 30 min, next update 2 h, resolution
// 8 h, around the clock) shows its targets running, the first response at risk after
// 75% of its time, met once an agent answers, and the resolution paused while waiting
// on the customer. Customers see no clocks.
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::BodyJson;
using test_support::HttpResult;
using test_support::Json;
using test_support::TicketPath;

class ServeSlaClocks : public test_support::DemoServerTest {
 protected:
  Json Target(const Json& ticket, const std::string& name) {
    for (const auto& t : ticket["sla"]["targets"]) {
      if (t["target"] == name) return t;
    }
    return Json();
  }
};

TEST_F(ServeSlaClocks, EachTargetsClockRunsIsAtRiskIsMetAndPauses) {
  const HttpResult opened = server_->As("alice").Post(
      "/api/v1/tickets", Json{{"subject", "Payments fail"}, {"category", "billing"},
                              {"impact", "high"}, {"urgency", "high"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const auto id = BodyJson(opened)["id"].get<std::int64_t>();
  auto& ben = server_->As("ben");

  Json t = ben.GetJson(TicketPath(id));
  ASSERT_TRUE(t["sla"]["targets"].is_array()) << t.dump();
  Json first = Target(t, "first_response"), resolution = Target(t, "resolution");
  EXPECT_EQ(first["state"], "ok") << t["sla"].dump();
  EXPECT_EQ(first["due"], "2026-03-02T14:30:00+00:00");
  EXPECT_EQ(first["stopped"], false);
  EXPECT_EQ(first["cycle"], 1);
  EXPECT_EQ(resolution["due"], "2026-03-02T22:00:00+00:00");
  EXPECT_EQ(t["sla"]["next_deadline"], first["due"]);

  server_->Advance(24 * 60);  // 14:24: 80% of the first response's 30 minutes
  t = ben.GetJson(TicketPath(id));
  EXPECT_EQ(Target(t, "first_response")["state"], "at_risk") << t["sla"].dump();
  EXPECT_NEAR(Target(t, "first_response")["percent_used"].get<double>(), 80.0, 0.01);

  ASSERT_EQ(ben.Post(TicketPath(id, "/messages"), Json{{"body", "Looking into it."}}).status, 201);
  server_->Advance(10 * 60);  // 14:34: past the first response's deadline, but it was met
  t = ben.GetJson(TicketPath(id));
  first = Target(t, "first_response");
  EXPECT_EQ(first["state"], "met") << t["sla"].dump();
  EXPECT_EQ(first["stopped"], true);
  EXPECT_EQ(first["breaches"], 0);
  EXPECT_EQ(Target(t, "resolution")["state"], "ok");

  const HttpResult waiting = ben.Post(TicketPath(id, "/status"),
                                      Json{{"status", "waiting_on_customer"}});
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  server_->Advance(60 * 60);
  t = ben.GetJson(TicketPath(id));
  resolution = Target(t, "resolution");
  EXPECT_EQ(resolution["state"], "paused") << t["sla"].dump();
  // Paused: the deadline if resumed now, an hour later than before the pause.
  EXPECT_EQ(resolution["due"], "2026-03-02T23:00:00+00:00");

  const Json customer_view = server_->As("alice").GetJson(TicketPath(id));
  EXPECT_FALSE(customer_view.contains("sla")) << customer_view.dump();
}

}  // namespace
}  // namespace esc
