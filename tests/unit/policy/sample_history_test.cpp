// Tests of the synthetic history generator on the SaaS example policy.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include <simdjson.h>

#include "app/history_json.h"
#include "core/simulation/sample_history.h"
#include "policy/policy_loader.h"

namespace esc::core {
namespace {

class SampleHistoryTest : public ::testing::Test {
 protected:
  SampleHistoryTest() {
    auto loaded = policy::LoadPolicyFile(std::filesystem::path(ESCALATOR_SOURCE_DIR) / "examples" /
                                         "saas-support.yaml");
    EXPECT_TRUE(loaded.has_value());
    policy_ = std::move(*loaded);
    options_.start = Instant{date::sys_days{date::year{2026} / 1 / 5}};  // a Monday
  }
  std::vector<HistoryTicket> Sample(int n, std::uint64_t seed) {
    options_.seed = seed;
    HistorySampler sampler(policy_, options_);
    std::vector<HistoryTicket> out;
    for (int i = 0; i < n; ++i) out.push_back(sampler.Next());
    return out;
  }
  std::string Json(const std::vector<HistoryTicket>& tickets) {
    std::string out;
    for (const auto& t : tickets) app::AppendHistoryJson(out, t);
    return out;
  }
  Policy policy_;
  SampleOptions options_;
};

TEST_F(SampleHistoryTest, SameSeedSameHistoryOtherSeedOtherHistory) {
  EXPECT_EQ(Json(Sample(200, 7)), Json(Sample(200, 7)));
  EXPECT_NE(Json(Sample(200, 7)), Json(Sample(200, 8)));
}

TEST_F(SampleHistoryTest, TicketsAreOrderedAndEachIsResolved) {
  const auto tickets = Sample(2000, 3);
  Instant previous = options_.start;
  for (const auto& t : tickets) {
    EXPECT_GT(t.created, previous);
    previous = t.created;
    Instant last = t.created;
    bool resolved = false;
    ASSERT_FALSE(t.events.empty());
    EXPECT_EQ(t.events.front().event.kind, TicketEventKind::kAgentReplied) << t.id;
    for (const auto& e : t.events) {
      EXPECT_GT(e.event.at, last) << t.id;
      last = e.event.at;
      resolved = e.event.kind == TicketEventKind::kStatusChanged &&
                 e.event.status == TicketStatus::kResolved;
    }
    EXPECT_TRUE(resolved) << t.id << " must end resolved";
    EXPECT_NE(policy_.FindCategory(t.category), nullptr) << t.category;
    EXPECT_EQ(policy_.priorities.Derive(t.impact, t.urgency).value(), t.priority);
  }
}

TEST_F(SampleHistoryTest, ArrivalsFollowOfficeHoursAndWeekdays) {
  const auto tickets = Sample(5000, 11);
  int office = 0, weekend = 0;
  for (const auto& t : tickets) {
    const auto day = date::floor<date::days>(t.created);
    const auto hour = std::chrono::duration_cast<std::chrono::hours>(t.created - day).count();
    const date::weekday wd{day};
    if (wd == date::Saturday || wd == date::Sunday) {
      ++weekend;
    } else if (hour >= 8 && hour < 18) {
      ++office;
    }
  }
  // Expected shares: weekday office hours 10 / (5 * 11.9 + 2 * 2.38) = 78% of arrivals;
  // weekends 2 * 2.38 / 64.26 = 7.4%.
  EXPECT_GT(office, 5000 * 70 / 100);
  EXPECT_LT(weekend, 5000 * 12 / 100);
  EXPECT_GT(weekend, 5000 * 3 / 100);
}

TEST_F(SampleHistoryTest, SomeCustomersAreAngry) {
  const auto tickets = Sample(4000, 5);
  int angry = 0, asks = 0, reopened = 0;
  std::map<std::string, int> tiers;
  for (const auto& t : tickets) {
    ++tiers[t.tier];
    bool is_angry = false;
    for (const auto& e : t.events) {
      if (!e.words.empty()) is_angry = true;
      asks += e.asks_to_escalate ? 1 : 0;
      reopened += e.event.kind == TicketEventKind::kStatusChanged &&
                  e.event.status == TicketStatus::kReopened;
    }
    angry += is_angry;
  }
  EXPECT_GT(angry, 4000 * 3 / 100);
  EXPECT_LT(angry, 4000 * 10 / 100);
  EXPECT_GT(asks, 0);
  EXPECT_GT(reopened, 4000 * 2 / 100);
  EXPECT_LT(reopened, 4000 * 9 / 100);
  // gold, silver and the customers no tier names; gold the rarest.
  EXPECT_EQ(tiers.size(), 3u);
  EXPECT_LT(tiers["gold"], tiers["silver"]);
  EXPECT_LT(tiers["silver"], tiers["standard"]);
}

TEST_F(SampleHistoryTest, EveryLineIsValidJson) {
  simdjson::dom::parser parser;
  const std::string text = Json(Sample(300, 9));
  std::size_t lines = 0, start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(text.substr(start, end - start)).get(doc), simdjson::SUCCESS);
    std::string_view created;
    EXPECT_EQ(doc["created"].get(created), simdjson::SUCCESS);
    simdjson::dom::array events;
    EXPECT_EQ(doc["events"].get(events), simdjson::SUCCESS);
    ++lines;
    start = end + 1;
  }
  EXPECT_EQ(lines, 300u);
}

}  // namespace
}  // namespace esc::core
