#include "core/calendar/timeline.h"

#include <algorithm>
#include <utility>

namespace esc::core {
namespace {

using date::days;
using date::sys_days;

struct UtcInterval {
  std::int64_t start;
  std::int64_t end;
};

// Opening hours of each local date in a range, with holidays and dated exceptions applied.
class DayRules {
 public:
  DayRules(const CalendarSpec& spec, sys_days from, sys_days to) : spec_(spec) {
    for (const auto& rule : spec.holiday_rules) AppendClosedDates(rule, from, to, rule_closed_);
    std::sort(rule_closed_.begin(), rule_closed_.end());
  }

  // Whether the whole date is governed by an exception (its own hours or closed).
  bool HasException(sys_days d) const { return Exception(d) != nullptr; }

  const DayHours& HoursOf(sys_days d) const {
    if (const DayHours* hours = Exception(d)) return *hours;
    return spec_.weekly[date::weekday{d}.c_encoding()];
  }

 private:
  // A dated exception's hours in order of precedence, or nullptr for an ordinary day.
  const DayHours* Exception(sys_days d) const {
    if (auto it = spec_.date_hours.find(d); it != spec_.date_hours.end()) return &it->second;
    if (!spec_.yearly_hours.empty()) {
      const date::year_month_day ymd{d};
      const auto it = spec_.yearly_hours.find(ymd.month() / ymd.day());
      if (it != spec_.yearly_hours.end()) return &it->second;
    }
    if (std::binary_search(rule_closed_.begin(), rule_closed_.end(), d)) return &closed_;
    return nullptr;
  }

  const CalendarSpec& spec_;
  std::vector<sys_days> rule_closed_;
  const DayHours closed_;
};

// A local boundary in UTC: an opening takes the first occurrence of a repeated wall-clock
// time and a closing the last, so a period spanning the fall-back hour is an hour longer;
// a wall-clock time inside the spring-forward gap maps to the transition instant.
std::int64_t ToUtc(const TimeZone& zone, date::local_seconds local, bool opening) {
  return ToEpochSeconds(zone.ToUtc(local, opening));
}

}  // namespace

std::int64_t TimelineBlock::CumulativeAt(std::int64_t t) const {
  const std::size_t i = FirstEndingAfter(t);
  if (i == starts.size()) return total;
  const std::int64_t before = cum_end[i] - (ends[i] - starts[i]);
  return t > starts[i] ? before + (t - starts[i]) : before;
}

std::int64_t TimelineBlock::EarliestWithCumulative(std::int64_t target) const {
  const auto it = std::lower_bound(cum_end.begin(), cum_end.end(), target);
  const std::size_t i = static_cast<std::size_t>(it - cum_end.begin());
  return ends[i] - (cum_end[i] - target);
}

std::int64_t TimelineBlock::LatestWithCumulative(std::int64_t target) const {
  // The first interval whose cumulative end exceeds target starts at or before it.
  const auto it = std::upper_bound(cum_end.begin(), cum_end.end(), target);
  const std::size_t i = static_cast<std::size_t>(it - cum_end.begin());
  const std::int64_t before = cum_end[i] - (ends[i] - starts[i]);
  return starts[i] + (target - before);
}

std::size_t TimelineBlock::FirstEndingAfter(std::int64_t t) const {
  return static_cast<std::size_t>(std::upper_bound(ends.begin(), ends.end(), t) - ends.begin());
}

Timeline::Timeline(CalendarSpec spec, TimeZone zone)
    : spec_(std::move(spec)),
      zone_(zone),
      blocks_(std::make_unique<std::atomic<const TimelineBlock*>[]>(kBlockCount)) {}

Timeline::~Timeline() {
  for (int i = 0; i < kBlockCount; ++i) delete blocks_[i].load(std::memory_order_acquire);
}

const TimelineBlock& Timeline::Block(int index) const {
  auto& slot = blocks_[index];
  if (const TimelineBlock* b = slot.load(std::memory_order_acquire)) return *b;
  const TimelineBlock* built = Build(index);
  const TimelineBlock* expected = nullptr;
  if (slot.compare_exchange_strong(expected, built, std::memory_order_acq_rel,
                                   std::memory_order_acquire)) {
    return *built;
  }
  delete built;  // another thread published the same block first
  return *expected;
}

const TimelineBlock* Timeline::Build(int index) const {
  auto block = std::make_unique<TimelineBlock>();
  block->begin = kTimelineOrigin + index * kBlockSeconds;
  block->end = block->begin + kBlockSeconds;
  // UTC offsets stay within a day, and a local date's hours within two days of it.
  const sys_days first = date::floor<days>(date::sys_seconds{std::chrono::seconds{block->begin}}) - days{3};
  const sys_days last = date::floor<days>(date::sys_seconds{std::chrono::seconds{block->end}}) + days{2};
  const DayRules rules(spec_, first, last + days{1});

  std::vector<UtcInterval> intervals;
  for (sys_days d = first; d <= last; d += days{1}) {
    const bool next_has_exception = rules.HasException(d + days{1});
    const date::local_seconds midnight{date::local_days{d.time_since_epoch()}};
    for (const LocalInterval& iv : rules.HoursOf(d)) {
      std::int32_t end = iv.end;
      if (end > 86400 && next_has_exception) end = 86400;
      if (end <= iv.begin) continue;
      std::int64_t s = ToUtc(zone_, midnight + std::chrono::seconds{iv.begin}, true);
      std::int64_t e = ToUtc(zone_, midnight + std::chrono::seconds{end}, false);
      s = std::max(s, block->begin);
      e = std::min(e, block->end);
      if (s < e) intervals.push_back({s, e});
    }
  }
  std::sort(intervals.begin(), intervals.end(),
            [](const UtcInterval& a, const UtcInterval& b) { return a.start < b.start; });
  for (const auto& iv : intervals) {
    if (!block->ends.empty() && iv.start <= block->ends.back()) {
      const std::int64_t grown = std::max(block->ends.back(), iv.end);
      block->total += grown - block->ends.back();
      block->ends.back() = grown;
      block->cum_end.back() = block->total;
      continue;
    }
    block->starts.push_back(iv.start);
    block->ends.push_back(iv.end);
    block->total += iv.end - iv.start;
    block->cum_end.push_back(block->total);
  }
  return block.release();
}

}  // namespace esc::core
