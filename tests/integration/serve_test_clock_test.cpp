// Black-box tests of `escalator serve`'s operational endpoints and of the test clock:
// without --testing there is no /_test/clock (404); /healthz and /readyz answer 200 and
// /metrics has the documented series; with --testing the clock reports the time, only
// moves forward, and takes exactly one of "set" and "advance_seconds".
#include <gtest/gtest.h>

#include <string>

#include "support/api_session.h"

namespace esc {
namespace {

using test_support::BodyJson;
using test_support::DemoServer;
using test_support::HttpClient;
using test_support::HttpResult;
using test_support::IsApiError;
using test_support::Json;
using test_support::ScratchDir;
using test_support::ServeOptions;
using test_support::ServerProcess;

TEST(ServeTestClock, WithoutTestingThereIsNoTestClockAndOperationsEndpointsWork) {
  ScratchDir dir;
  ServeOptions options = test_support::ServeOn(dir / "plain.db", dir);
  options.testing = false;
  ServerProcess server(std::move(options));
  ASSERT_TRUE(server.ok()) << server.error();
  HttpClient http(server.base_url());

  EXPECT_TRUE(IsApiError(http.Post("/_test/clock", Json{{"advance_seconds", 60}}.dump()), 404,
                         "not_found"));
  EXPECT_TRUE(IsApiError(http.Post("/_test/clock", Json{{"set", "2030-01-01T00:00:00Z"}}.dump()),
                         404, "not_found"));
  EXPECT_TRUE(IsApiError(http.Get("/_test/clock"), 404, "not_found"));

  const HttpResult health = http.Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(BodyJson(health), (Json{{"status", "ok"}}));
  const HttpResult ready = http.Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(BodyJson(ready), (Json{{"status", "ready"}}));

  const HttpResult metrics = http.Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_TRUE(metrics.Header("content-type").starts_with("text/plain"))
      << metrics.Header("content-type");
  EXPECT_NE(metrics.body.find("# TYPE escalator_open_tickets gauge"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("# TYPE escalator_http_requests_total counter"), std::string::npos);
  // The requests above were counted (each is logged once it has been answered).
  EXPECT_NE(metrics.body.find("escalator_http_requests_total{method=\"GET\",status=\"200\"} 2"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("escalator_http_requests_total{method=\"POST\",status=\"404\"} 2"),
            std::string::npos)
      << metrics.body;
  EXPECT_EQ(server.Terminate(), 0) << server.Stderr();
}

TEST(ServeTestClock, MetricsCountOpenTicketsByLevelAndPriority) {
  ScratchDir dir;
  DemoServer server(dir);
  ASSERT_TRUE(server.ok()) << server.error();
  HttpClient http(server.url());
  const Json open = server.As("admin").GetJson("/api/v1/tickets?open=true&limit=200");
  std::map<std::string, int> expected;
  for (const auto& t : open["items"]) {
    ++expected["escalator_open_tickets{level=\"" + t["level"].get<std::string>() +
               "\",priority=\"" + t["priority"].get<std::string>() + "\"} "];
  }
  ASSERT_FALSE(expected.empty());
  const HttpResult metrics = http.Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  for (const auto& [series, count] : expected) {
    EXPECT_NE(metrics.body.find(series + std::to_string(count) + "\n"), std::string::npos)
        << series << count << " in\n"
        << metrics.body;
  }
  EXPECT_EQ(server.Stop(), 0) << server.process().Stderr();
}

TEST(ServeTestClock, TestClockReportsMovesForwardAndFiresWhatIsDue) {
  ScratchDir dir;
  DemoServer server(dir);
  ASSERT_TRUE(server.ok()) << server.error();
  HttpClient http(server.url());
  const HttpResult now = http.Get("/_test/clock");
  ASSERT_EQ(now.status, 200);
  EXPECT_EQ(BodyJson(now), (Json{{"now", "2026-03-02T14:00:00+00:00"}}));

  EXPECT_TRUE(IsApiError(http.Post("/_test/clock", Json{{"advance_seconds", -1}}.dump()), 400,
                         "invalid", "advance_seconds"));
  EXPECT_TRUE(IsApiError(http.Post("/_test/clock", Json{{"set", "2026-03-02T13:59:59Z"}}.dump()),
                         400, "invalid", "set"));
  EXPECT_TRUE(IsApiError(http.Post("/_test/clock", Json{{"set", "tomorrow"}}.dump()), 400,
                         "invalid", "set"));
  EXPECT_TRUE(IsApiError(http.Post("/_test/clock", Json{{"set", "2026-03-02T15:00:00"}}.dump()),
                         400, "invalid", "set"));
  EXPECT_TRUE(IsApiError(http.Post("/_test/clock", Json::object().dump()), 400, "invalid"));
  EXPECT_TRUE(
      IsApiError(http.Post("/_test/clock",
                           Json{{"set", "2026-03-02T15:00:00Z"}, {"advance_seconds", 1}}.dump()),
                 400, "invalid"));
  EXPECT_EQ(BodyJson(http.Get("/_test/clock"))["now"], "2026-03-02T14:00:00+00:00");

  // The demo's new gold ticket (ESC-1) warns at 14:22:30: nothing is due a second before.
  Json moved = server.Advance(22 * 60 + 29);
  EXPECT_EQ(moved["now"], "2026-03-02T14:22:29+00:00");
  const Json before = server.As("ben").GetJson("/api/v1/tickets/1/events");
  moved = server.SetClock("2026-03-02T09:22:30-05:00");  // the same instant, in New York
  EXPECT_EQ(moved["now"], "2026-03-02T14:22:30+00:00");
  EXPECT_GE(moved["evaluated"].get<int>(), 1);
  const Json after = server.As("ben").GetJson("/api/v1/tickets/1/events");
  EXPECT_EQ(test_support::TriggerFired(before, "first-response-at-risk").size(), 0u);
  EXPECT_EQ(test_support::TriggerFired(after, "first-response-at-risk").size(), 1u);
  EXPECT_EQ(server.Stop(), 0) << server.process().Stderr();
}

}  // namespace
}  // namespace esc
