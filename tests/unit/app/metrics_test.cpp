#include "app/metrics/metrics.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace esc::app {
namespace {

TEST(MetricsRegistry, RendersCounterExactly) {
  MetricsRegistry registry;
  registry.DeclareCounter("esc_tickets_created_total", "Tickets created.", {"priority", "team"});
  registry.Add("esc_tickets_created_total", {"P2", "network"});
  registry.Add("esc_tickets_created_total", {"P1", "network"}, 2);
  registry.Add("esc_tickets_created_total", {"P1", "network"});
  registry.Add("esc_tickets_created_total", {"P1", "db"}, 0.5);
  EXPECT_EQ(registry.Render(),
            "# HELP esc_tickets_created_total Tickets created.\n"
            "# TYPE esc_tickets_created_total counter\n"
            "esc_tickets_created_total{priority=\"P1\",team=\"db\"} 0.5\n"
            "esc_tickets_created_total{priority=\"P1\",team=\"network\"} 3\n"
            "esc_tickets_created_total{priority=\"P2\",team=\"network\"} 1\n");
}

TEST(MetricsRegistry, RendersGaugeExactly) {
  MetricsRegistry registry;
  registry.DeclareGauge("esc_open_tickets", "Open tickets by level.", {"level"});
  registry.Set("esc_open_tickets", {"L2"}, 7);
  registry.Set("esc_open_tickets", {"L1"}, 12);
  registry.Add("esc_open_tickets", {"L1"}, -2);  // gauges may go down
  registry.Set("esc_open_tickets", {"L3"}, std::numeric_limits<double>::infinity());
  EXPECT_EQ(registry.Render(),
            "# HELP esc_open_tickets Open tickets by level.\n"
            "# TYPE esc_open_tickets gauge\n"
            "esc_open_tickets{level=\"L1\"} 10\n"
            "esc_open_tickets{level=\"L2\"} 7\n"
            "esc_open_tickets{level=\"L3\"} +Inf\n");
}

TEST(MetricsRegistry, RendersHistogramWithCumulativeBuckets) {
  MetricsRegistry registry;
  registry.DeclareHistogram("esc_request_seconds", "Request latency.", {"route"},
                            {0.25, 0.5, 1});
  // Binary fractions keep the sum exact; 0.25 lands in le="0.25": bounds are inclusive.
  for (double v : {0.125, 0.25, 0.375, 0.75, 2.5}) {
    registry.Observe("esc_request_seconds", {"/tickets"}, v);
  }
  EXPECT_EQ(registry.Render(),
            "# HELP esc_request_seconds Request latency.\n"
            "# TYPE esc_request_seconds histogram\n"
            "esc_request_seconds_bucket{route=\"/tickets\",le=\"0.25\"} 2\n"
            "esc_request_seconds_bucket{route=\"/tickets\",le=\"0.5\"} 3\n"
            "esc_request_seconds_bucket{route=\"/tickets\",le=\"1\"} 4\n"
            "esc_request_seconds_bucket{route=\"/tickets\",le=\"+Inf\"} 5\n"
            "esc_request_seconds_sum{route=\"/tickets\"} 4\n"
            "esc_request_seconds_count{route=\"/tickets\"} 5\n");
}

TEST(MetricsRegistry, RendersFamiliesSortedByNameAndUnlabelledStartAtZero) {
  MetricsRegistry registry;
  registry.DeclareGauge("esc_b_gauge", "B.", {});
  registry.DeclareHistogram("esc_c_seconds", "C.", {}, {1});
  registry.DeclareCounter("esc_a_total", "A.", {});
  registry.DeclareCounter("esc_d_total", "Labelled, not yet used.", {"kind"});
  EXPECT_EQ(registry.Render(),
            "# HELP esc_a_total A.\n"
            "# TYPE esc_a_total counter\n"
            "esc_a_total 0\n"
            "# HELP esc_b_gauge B.\n"
            "# TYPE esc_b_gauge gauge\n"
            "esc_b_gauge 0\n"
            "# HELP esc_c_seconds C.\n"
            "# TYPE esc_c_seconds histogram\n"
            "esc_c_seconds_bucket{le=\"1\"} 0\n"
            "esc_c_seconds_bucket{le=\"+Inf\"} 0\n"
            "esc_c_seconds_sum 0\n"
            "esc_c_seconds_count 0\n"
            "# HELP esc_d_total Labelled, not yet used.\n"
            "# TYPE esc_d_total counter\n");
}

TEST(MetricsRegistry, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  registry.DeclareCounter("esc_x_total", "Line one\nback\\slash \"quoted\"", {"v"});
  registry.Add("esc_x_total", {"a\\b\"c\nd"});
  EXPECT_EQ(registry.Render(),
            "# HELP esc_x_total Line one\\nback\\\\slash \"quoted\"\n"
            "# TYPE esc_x_total counter\n"
            "esc_x_total{v=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST(MetricsRegistry, ConcurrentAddsSumExactly) {
  MetricsRegistry registry;
  registry.DeclareCounter("esc_events_total", "Events.", {"kind"});
  registry.DeclareHistogram("esc_sizes", "Sizes.", {}, {10});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&registry, t] {
      for (int i = 0; i < 10'000; ++i) {
        registry.Add("esc_events_total", {"shared"});
        registry.Add("esc_events_total", {t % 2 == 0 ? "even" : "odd"});
        registry.Observe("esc_sizes", {}, 1);
      }
    });
  }
  std::thread scraper([&registry] {
    for (int i = 0; i < 20; ++i) {
      (void)registry.Render();  // rendering concurrently must not tear or deadlock
    }
  });
  for (auto& thread : threads) {
    thread.join();
  }
  scraper.join();
  const std::string text = registry.Render();
  EXPECT_NE(text.find("esc_events_total{kind=\"shared\"} 40000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("esc_events_total{kind=\"even\"} 20000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("esc_events_total{kind=\"odd\"} 20000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("esc_sizes_count 40000\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, OnScrapeRunsAtEveryRender) {
  MetricsRegistry registry;
  registry.DeclareGauge("esc_open_tickets", "Open tickets by level.", {"level"});
  int open = 3;
  int runs = 0;
  registry.OnScrape([&](MetricsRegistry& r) {
    ++runs;
    r.Set("esc_open_tickets", {"L1"}, open);
  });
  EXPECT_EQ(runs, 0);
  EXPECT_NE(registry.Render().find("esc_open_tickets{level=\"L1\"} 3\n"), std::string::npos);
  open = 5;
  EXPECT_NE(registry.Render().find("esc_open_tickets{level=\"L1\"} 5\n"), std::string::npos);
  EXPECT_EQ(runs, 2);
}

TEST(MetricsRegistry, RedeclaringIdenticallyIsAllowed) {
  MetricsRegistry registry;
  registry.DeclareCounter("esc_a_total", "A.", {"x"});
  registry.Add("esc_a_total", {"1"});
  EXPECT_NO_THROW(registry.DeclareCounter("esc_a_total", "A.", {"x"}));
  EXPECT_NE(registry.Render().find("esc_a_total{x=\"1\"} 1\n"), std::string::npos);
  EXPECT_THROW(registry.DeclareCounter("esc_a_total", "Other help.", {"x"}),
               std::invalid_argument);
  EXPECT_THROW(registry.DeclareGauge("esc_a_total", "A.", {"x"}), std::invalid_argument);
  EXPECT_THROW(registry.DeclareCounter("esc_a_total", "A.", {"y"}), std::invalid_argument);
}

TEST(MetricsRegistry, MisuseThrows) {
  MetricsRegistry registry;
  registry.DeclareCounter("esc_c_total", "C.", {"a"});
  registry.DeclareGauge("esc_g", "G.", {});
  registry.DeclareHistogram("esc_h", "H.", {}, {1, 2});

  EXPECT_THROW(registry.Add("esc_unknown", {}), std::invalid_argument);
  EXPECT_THROW(registry.Add("esc_c_total", {}), std::invalid_argument);          // too few
  EXPECT_THROW(registry.Add("esc_c_total", {"x", "y"}), std::invalid_argument);  // too many
  EXPECT_THROW(registry.Add("esc_c_total", {"x"}, -1), std::invalid_argument);   // goes down
  EXPECT_THROW(registry.Add("esc_c_total", {"x"}, std::numeric_limits<double>::quiet_NaN()),
               std::invalid_argument);
  EXPECT_THROW(registry.Set("esc_c_total", {"x"}, 1), std::invalid_argument);    // not a gauge
  EXPECT_THROW(registry.Observe("esc_g", {}, 1), std::invalid_argument);         // not a histogram
  EXPECT_THROW(registry.Add("esc_h", {}), std::invalid_argument);
  EXPECT_THROW(registry.Observe("esc_h", {}, std::numeric_limits<double>::quiet_NaN()),
               std::invalid_argument);

  EXPECT_THROW(registry.DeclareCounter("1bad", "", {}), std::invalid_argument);
  EXPECT_THROW(registry.DeclareCounter("bad-name", "", {}), std::invalid_argument);
  EXPECT_THROW(registry.DeclareCounter("esc_ok", "", {"bad:label"}), std::invalid_argument);
  EXPECT_THROW(registry.DeclareCounter("esc_ok", "", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(registry.DeclareCounter("esc_ok", "", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(registry.DeclareHistogram("esc_hh", "", {"le"}, {1}), std::invalid_argument);
  EXPECT_THROW(registry.DeclareHistogram("esc_hh", "", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(registry.DeclareHistogram("esc_hh", "", {}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(
      registry.DeclareHistogram("esc_hh", "", {}, {std::numeric_limits<double>::quiet_NaN()}),
      std::invalid_argument);

  // Nothing half-made by the failed calls.
  EXPECT_EQ(registry.Render().find("esc_ok"), std::string::npos);
  EXPECT_EQ(registry.Render().find("esc_hh"), std::string::npos);
  EXPECT_EQ(registry.Render().find("esc_c_total{"), std::string::npos);
}

TEST(MetricsRegistry, TrailingInfBoundIsImplicit) {
  MetricsRegistry registry;
  registry.DeclareHistogram("esc_h", "H.", {}, {1, std::numeric_limits<double>::infinity()});
  registry.Observe("esc_h", {}, 5);
  EXPECT_EQ(registry.Render(),
            "# HELP esc_h H.\n"
            "# TYPE esc_h histogram\n"
            "esc_h_bucket{le=\"1\"} 0\n"
            "esc_h_bucket{le=\"+Inf\"} 1\n"
            "esc_h_sum 5\n"
            "esc_h_count 1\n");
}

}  // namespace
}  // namespace esc::app
