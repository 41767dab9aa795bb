// Randomized properties of Calendar::Add and Calendar::Elapsed over 2000-2036, on calendars
// with holidays, DST changes, lunch breaks and overnight shifts, and a comparison against
// a naive reference model written here from the spec: it walks local dates one by one,
// converts each opening with date::choose::earliest and each closing with choose::latest,
// stops a previous date's overnight hours at the midnight of an exception date, merges
// the UTC intervals and walks them. It shares no code with the time line under test.
#include <date/tz.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "core/calendar/calendar.h"
#include "unit/core/calendar_test_util.h"

namespace esc::core {
namespace {

using date::sys_days;
using testing::Day;
using testing::Hours;
using testing::Spec;
using testing::Text;

constexpr std::uint64_t kSeed = 20250309;
constexpr std::int64_t kDay = 86400;

struct Model {
  std::string name;
  CalendarSpec spec;
  // The model's own view of spec.holiday_rules, computed with date.h directly.
  std::function<bool(sys_days)> rule_closed = [](sys_days) { return false; };
  std::int64_t business_day = 8 * 3600;  // durations go up to 60 of these
};

void PrintTo(const Model& model, std::ostream* os) { *os << model.name; }

struct Span {
  std::int64_t start;
  std::int64_t end;
};

sys_days Floor(std::int64_t t) { return date::floor<date::days>(FromEpochSeconds(t)); }
std::int64_t Epoch(sys_days d) { return ToEpochSeconds(Instant{d}); }

class Reference {
 public:
  explicit Reference(const Model& model)
      : model_(model), zone_(date::locate_zone(model.spec.timezone)) {}

  std::int64_t Elapsed(std::int64_t a, std::int64_t b) const {
    if (b < a) return -Elapsed(b, a);
    std::int64_t sum = 0;
    for (const Span& s : Open(Floor(a) - date::days{2}, Floor(b) + date::days{1})) {
      sum += std::max<std::int64_t>(0, std::min(s.end, b) - std::max(s.start, a));
    }
    return sum;
  }

  // Widens its window of dates until the answer lies clear of the window's edges.
  std::optional<std::int64_t> Add(std::int64_t start, std::int64_t d) const {
    if (d == 0) return start;
    for (int w = 16; w <= 8192; w *= 2) {
      const date::days width{w};
      std::int64_t left = d > 0 ? d : -d;
      if (d > 0) {
        const sys_days last = Floor(start) + width;
        for (const Span& s : Open(Floor(start) - date::days{2}, last)) {
          if (s.end <= start) continue;
          const std::int64_t from = std::max(s.start, start);
          if (left <= s.end - from) {
            if (from + left < Epoch(last - date::days{1})) return from + left;
            break;
          }
          left -= s.end - from;
        }
      } else {
        const sys_days first = Floor(start) - width;
        const auto spans = Open(first, Floor(start) + date::days{1});
        for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
          if (it->start >= start) continue;
          const std::int64_t to = std::min(it->end, start);
          if (left <= to - it->start) {
            if (to - left >= Epoch(first + date::days{3})) return to - left;
            break;
          }
          left -= to - it->start;
        }
      }
    }
    return std::nullopt;
  }

 private:
  bool Exception(sys_days d) const {
    return model_.spec.date_hours.contains(d) || model_.rule_closed(d);
  }
  DayHours HoursOf(sys_days d) const {
    if (auto it = model_.spec.date_hours.find(d); it != model_.spec.date_hours.end()) {
      return it->second;
    }
    if (model_.rule_closed(d)) return {};
    return model_.spec.weekly[date::weekday{d}.c_encoding()];
  }

  // Open UTC spans of the local dates [from, to], sorted and merged.
  std::vector<Span> Open(sys_days from, sys_days to) const {
    std::vector<Span> spans;
    for (sys_days d = from; d <= to; d += date::days{1}) {
      const date::local_seconds midnight{d.time_since_epoch()};
      for (const LocalInterval& iv : HoursOf(d)) {
        const std::int64_t end = iv.end > kDay && Exception(d + date::days{1}) ? kDay : iv.end;
        if (end <= iv.begin) continue;
        const auto s = zone_->to_sys(midnight + Seconds{iv.begin}, date::choose::earliest);
        const auto e = zone_->to_sys(midnight + Seconds{end}, date::choose::latest);
        if (s < e) spans.push_back({ToEpochSeconds(s), ToEpochSeconds(e)});
      }
    }
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.start < b.start; });
    std::vector<Span> merged;
    for (const Span& s : spans) {
      if (!merged.empty() && s.start <= merged.back().end) {
        merged.back().end = std::max(merged.back().end, s.end);
      } else {
        merged.push_back(s);
      }
    }
    return merged;
  }

  const Model& model_;
  const date::time_zone* zone_;
};

HolidayRule FixedYearly(std::string name, std::string_view first, int length_days = 1) {
  HolidayRule rule;
  rule.name = std::move(name);
  rule.first = Day(first);
  rule.length_days = length_days;
  rule.yearly = YearlyRecurrence{};
  return rule;
}

std::vector<Model> Models() {
  using namespace date;
  std::vector<Model> out;

  Model ny{.name = "support-ny", .spec = testing::SupportNySpec()};
  ny.spec.holiday_rules = {testing::NthWeekdayRule("MLK", "2000-01-17", 1, 3, Monday),
                           testing::NthWeekdayRule("Thanksgiving", "2000-11-23", 11, 4, Thursday),
                           FixedYearly("Christmas", "2000-12-25")};
  ny.spec.date_hours[Day("2025-12-24")] = Hours({"09:00-13:00"});
  ny.spec.date_hours[Day("2030-07-05")] = {};
  ny.spec.date_hours[Day("2026-03-08")] = Hours({"20:00-02:00"});  // spring-forward Sunday
  ny.spec.date_hours[Day("2027-01-04")] = Hours({"10:00-11:00"});  // a Monday: cuts Sunday
  ny.spec.date_hours[Day("2028-12-25")] = Hours({"09:00-12:00"});  // wins over Christmas
  ny.rule_closed = [](sys_days d) {
    const year_month_day ymd{d};
    const year y = ymd.year();
    return y >= year{2000} &&
           (d == sys_days{y / January / Monday[3]} || d == sys_days{y / November / Thursday[4]} ||
            (ymd.month() == December && ymd.day() == day{25}));
  };
  out.push_back(ny);

  Model berlin{
      .name = "berlin",
      .spec = Spec("Europe/Berlin", {{"mon-fri", {"09:00-17:00"}}, {"sat", {"10:00-14:00"}}})};
  berlin.spec.holiday_rules = {FixedYearly("Weihnachten", "2000-12-25", 2)};
  berlin.rule_closed = [](sys_days d) {
    const year_month_day ymd{d};
    return ymd.year() >= year{2000} && ymd.month() == December &&
           (ymd.day() == day{25} || ymd.day() == day{26});
  };
  out.push_back(berlin);

  out.push_back(Model{.name = "always-ny",
                      .spec = testing::AlwaysOpenSpec("America/New_York"),
                      .business_day = kDay});

  Model nights{.name = "nights-sydney",
               .spec = Spec("Australia/Sydney", {{"sun-sat", {"22:00-06:00"}}})};
  nights.spec.holiday_rules = {FixedYearly("New Year", "2000-01-01")};
  nights.spec.date_hours[Day("2025-12-25")] = {};
  nights.spec.date_hours[Day("2029-10-07")] = Hours({"23:30-01:00"});  // spring-forward night
  nights.rule_closed = [](sys_days d) {
    const year_month_day ymd{d};
    return ymd.year() >= year{2000} && ymd.month() == January && ymd.day() == day{1};
  };
  out.push_back(nights);

  out.push_back(Model{.name = "dst-edges-ny",
                      .spec = Spec("America/New_York", {{"mon-fri", {"09:00-17:00"}},
                                                        {"sat", {"23:30-01:30"}},
                                                        {"sun", {"01:45-02:40", "02:50-03:30"}}})});
  // Havana changes at midnight (local midnight itself is skipped or repeated); Lord Howe
  // shifts by half an hour.
  for (const char* zone : {"America/Havana", "Australia/Lord_Howe"}) {
    out.push_back(Model{.name = zone,
                        .spec = Spec(zone, {{"mon-fri", {"00:00-02:30", "23:00-01:00"}},
                                            {"sat", {"00:30-24:00"}},
                                            {"sun", {"01:00-03:00", "22:00-23:30"}}})});
  }
  return out;
}

class CalendarProperty : public ::testing::TestWithParam<Model> {
 protected:
  void SetUp() override {
    calendar_ = testing::Make(GetParam().spec);
    zone_ = date::locate_zone(GetParam().spec.timezone);
  }

  // Starts spread over 2000-2036, a quarter of them within days of a DST change or a
  // dated exception, half of them on a quarter hour so that they hit boundaries exactly.
  std::int64_t RandomStart() {
    static const std::int64_t lo = Epoch(Day("2000-01-01"));
    static const std::int64_t hi = Epoch(Day("2036-06-01"));
    std::int64_t t = std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
    if (Pick(4) == 0) {
      const auto& dated = GetParam().spec.date_hours;
      if (!dated.empty() && Pick(2) == 0) {
        auto it = dated.begin();
        std::advance(it, Pick(dated.size()));
        t = Epoch(it->first);
      } else {
        const date::year y{2000 + static_cast<int>(Pick(36))};
        const auto month = Pick(2) == 0 ? date::March : date::October;
        // The zone's next change, if it comes soon (some zones have stopped changing).
        const auto change = zone_->get_info(Instant{sys_days{y / month / 1}}).end;
        if (change < Instant{sys_days{y / month / 1} + date::days{366}}) t = ToEpochSeconds(change);
      }
      t += std::uniform_int_distribution<std::int64_t>(-3 * kDay, 3 * kDay)(rng_);
    }
    if (Pick(2) == 0) t -= t % 900;
    return t;
  }

  std::int64_t RandomDuration() {
    const std::int64_t max = 60 * GetParam().business_day;
    switch (Pick(4)) {
      case 0:
        return std::uniform_int_distribution<std::int64_t>(1, 3600)(rng_);
      case 1:
        return 900 * std::uniform_int_distribution<std::int64_t>(1, max / 900)(rng_);
      default:
        return std::uniform_int_distribution<std::int64_t>(1, max)(rng_);
    }
  }

  std::size_t Pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  std::int64_t Add(std::int64_t s, std::int64_t d) const {
    return ToEpochSeconds(calendar_.Add(FromEpochSeconds(s), Seconds{d}).value());
  }
  std::int64_t Elapsed(std::int64_t a, std::int64_t b) const {
    return calendar_.Elapsed(FromEpochSeconds(a), FromEpochSeconds(b)).value().count();
  }
  std::string Trace(int i, std::int64_t s, std::int64_t d) const {
    return GetParam().name + " seed=" + std::to_string(kSeed) + " case=" + std::to_string(i) +
           " start=" + Text(FromEpochSeconds(s)) + " duration=" + std::to_string(d) + "s";
  }

  std::mt19937_64 rng_{kSeed};
  Calendar calendar_ = testing::Make(testing::OfficeSpec("Etc/UTC"));
  const date::time_zone* zone_ = nullptr;
};

TEST_P(CalendarProperty, AddIsTheEarliestInstantWithThatMuchBusinessTime) {
  for (int i = 0; i < 2000 && !HasFailure(); ++i) {
    const std::int64_t s = RandomStart();
    const std::int64_t d = RandomDuration();
    SCOPED_TRACE(Trace(i, s, d));
    const std::int64_t t = Add(s, d);
    EXPECT_EQ(Elapsed(s, t), d);
    EXPECT_EQ(Elapsed(s, t - 1), d - 1);  // earliest: one second sooner is one second short
    const std::int64_t more = d + RandomDuration() / 8;
    EXPECT_LE(t, Add(s, more));
    EXPECT_LT(Add(s, d - 1), t);  // strictly monotonic in the duration
    EXPECT_EQ(Add(s, 0), s);
  }
}

TEST_P(CalendarProperty, NegativeAddIsTheLatestInstantWithThatMuchBusinessTime) {
  for (int i = 0; i < 2000 && !HasFailure(); ++i) {
    const std::int64_t s = RandomStart();
    const std::int64_t d = RandomDuration();
    SCOPED_TRACE(Trace(i, s, d));
    const std::int64_t u = Add(s, -d);
    EXPECT_LT(u, s);
    EXPECT_EQ(Elapsed(u, s), d);
    EXPECT_EQ(Elapsed(u + 1, s), d - 1);  // latest: one second later is one second short
    EXPECT_EQ(Elapsed(s, u), -d);
  }
}

TEST_P(CalendarProperty, ElapsedIsAntisymmetricAndAdditive) {
  for (int i = 0; i < 2000 && !HasFailure(); ++i) {
    std::int64_t a = RandomStart();
    std::int64_t b = a + std::uniform_int_distribution<std::int64_t>(-90 * kDay, 90 * kDay)(rng_);
    std::int64_t c = a + std::uniform_int_distribution<std::int64_t>(-90 * kDay, 90 * kDay)(rng_);
    SCOPED_TRACE(Trace(i, a, 0) + " b=" + Text(FromEpochSeconds(b)) +
                 " c=" + Text(FromEpochSeconds(c)));
    EXPECT_EQ(Elapsed(a, b), -Elapsed(b, a));
    std::int64_t v[3] = {a, b, c};
    std::sort(std::begin(v), std::end(v));
    EXPECT_EQ(Elapsed(v[0], v[2]), Elapsed(v[0], v[1]) + Elapsed(v[1], v[2]));
    EXPECT_GE(Elapsed(v[0], v[1]), 0);
    EXPECT_LE(Elapsed(v[0], v[1]), v[1] - v[0]);
  }
}

TEST_P(CalendarProperty, OpenAndCloseAgreeWithElapsed) {
  for (int i = 0; i < 2000 && !HasFailure(); ++i) {
    const std::int64_t s = RandomStart();
    SCOPED_TRACE(Trace(i, s, 0));
    const Instant t = FromEpochSeconds(s);
    EXPECT_EQ(calendar_.IsOpen(t).value(), Elapsed(s, s + 1) == 1);
    const std::int64_t open = ToEpochSeconds(calendar_.NextOpen(t).value());
    EXPECT_EQ(Elapsed(s, open), 0);
    EXPECT_TRUE(calendar_.IsOpen(FromEpochSeconds(open)).value());
    auto close = calendar_.NextClose(t);
    if (!close) {  // only a calendar that never closes: open for the next 400 days at least
      EXPECT_EQ(close.error().code, ErrorCode::kNotFound);
      EXPECT_EQ(Elapsed(open, open + 400 * kDay), 400 * kDay);
      continue;
    }
    const std::int64_t c = ToEpochSeconds(close.value());
    EXPECT_FALSE(calendar_.IsOpen(FromEpochSeconds(c)).value());
    EXPECT_EQ(Elapsed(open, c), c - open);  // open all the way from the next opening
  }
}

TEST_P(CalendarProperty, AgreesWithTheReferenceModel) {
  const Reference reference(GetParam());
  for (int i = 0; i < 1000 && !HasFailure(); ++i) {
    const std::int64_t s = RandomStart();
    const std::int64_t d = RandomDuration();
    SCOPED_TRACE(Trace(i, s, d));
    const auto forward = reference.Add(s, d);
    ASSERT_TRUE(forward.has_value());
    EXPECT_EQ(Text(FromEpochSeconds(Add(s, d))), Text(FromEpochSeconds(*forward)));
    const auto backward = reference.Add(s, -d);
    ASSERT_TRUE(backward.has_value());
    EXPECT_EQ(Text(FromEpochSeconds(Add(s, -d))), Text(FromEpochSeconds(*backward)));
    const std::int64_t b =
        s + std::uniform_int_distribution<std::int64_t>(-100 * kDay, 100 * kDay)(rng_);
    EXPECT_EQ(Elapsed(s, b), reference.Elapsed(s, b)) << "to " << Text(FromEpochSeconds(b));
  }
}

INSTANTIATE_TEST_SUITE_P(Calendars, CalendarProperty, ::testing::ValuesIn(Models()),
                         [](const ::testing::TestParamInfo<Model>& param) {
                           std::string name = param.param.name;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace esc::core
