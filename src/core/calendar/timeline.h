// The compiled form of a calendar: its open periods as sorted, merged UTC intervals with
// running totals of business seconds, so that adding or measuring business time is two
// binary searches instead of a walk through days. The time line is cut into blocks of
// 2^25 seconds (about 388 days) built on first use from the calendar's rules; blocks are
// immutable once published and shared between threads without locks.
// Supported instants: 1900-01-01T00:00:00Z up to (not including) kTimelineEnd.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include <date/tz.h>

#include "core/calendar/calendar_spec.h"
#include "core/calendar/time_zone.h"

namespace esc::core {

inline constexpr std::int64_t kTimelineOrigin = -2208988800;  // 1900-01-01T00:00:00Z
inline constexpr int kBlockShift = 25;
inline constexpr std::int64_t kBlockSeconds = std::int64_t{1} << kBlockShift;
inline constexpr int kBlockCount = 500;
inline constexpr std::int64_t kTimelineEnd = kTimelineOrigin + kBlockCount * kBlockSeconds;

// One block: the open intervals intersecting [begin, end), clipped to it.
struct TimelineBlock {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::vector<std::int64_t> starts;   // interval starts, ascending
  std::vector<std::int64_t> ends;     // interval ends, ascending; ends[i] < starts[i + 1]
  std::vector<std::int64_t> cum_end;  // business seconds from `begin` to ends[i]
  std::int64_t total = 0;             // business seconds in the whole block

  // Business seconds from `begin` to t, for begin <= t <= end.
  std::int64_t CumulativeAt(std::int64_t t) const;
  // The earliest instant whose cumulative value is `target`, for 0 < target <= total.
  std::int64_t EarliestWithCumulative(std::int64_t target) const;
  // The latest instant whose cumulative value is `target`, for 0 <= target < total.
  std::int64_t LatestWithCumulative(std::int64_t target) const;
  // Index of the first interval ending after t, or starts.size() if none.
  std::size_t FirstEndingAfter(std::int64_t t) const;
};

class Timeline {
 public:
  Timeline(CalendarSpec spec, TimeZone zone);
  ~Timeline();
  Timeline(const Timeline&) = delete;
  Timeline& operator=(const Timeline&) = delete;

  // Block number holding t, or -1 outside the supported range.
  static int IndexOf(std::int64_t t) {
    if (t < kTimelineOrigin || t >= kTimelineEnd) return -1;
    return static_cast<int>((t - kTimelineOrigin) >> kBlockShift);
  }
  // REQUIRES: 0 <= index < kBlockCount.
  const TimelineBlock& Block(int index) const;

  const CalendarSpec& spec() const { return spec_; }
  const TimeZone& zone() const { return zone_; }

 private:
  const TimelineBlock* Build(int index) const;

  CalendarSpec spec_;
  TimeZone zone_;
  std::unique_ptr<std::atomic<const TimelineBlock*>[]> blocks_;
};

}  // namespace esc::core
