#include "core/calendar/calendar.h"

#include <date/tz.h>
#include <fmt/format.h>


#include "core/calendar/timeline.h"
#include "core/rfc3339.h"

namespace esc::core {
namespace {

Error OutOfRange(Instant t) {
  return Error::Invalid(fmt::format(
      "{} is outside the supported range {} to {}", FormatRfc3339(t, Seconds{0}),
      FormatRfc3339(FromEpochSeconds(kTimelineOrigin), Seconds{0}),
      FormatRfc3339(FromEpochSeconds(kTimelineEnd - 1), Seconds{0})));
}

Error RanOffTheEnd(const std::string& what) {
  return Error::NotFound(fmt::format("{} not found before {}", what,
                                     FormatRfc3339(FromEpochSeconds(kTimelineEnd), Seconds{0})));
}

}  // namespace

Result<Calendar> Calendar::Create(CalendarSpec spec) {
  const date::time_zone* zone = TimeZone::Locate(spec.timezone);
  if (!zone) {
    return std::unexpected(Error::Invalid(
        fmt::format("unknown time zone \"{}\": expected an IANA name such as America/New_York",
                    spec.timezone),
        "timezone"));
  }
  bool opens = false;
  for (auto& day : spec.weekly) {
    day = NormalizeDayHours(std::move(day));
    opens = opens || !day.empty();
  }
  if (!opens) {
    return std::unexpected(
        Error::Invalid("the calendar is never open: its weekly hours have no interval", "hours"));
  }
  for (auto& [date, hours] : spec.date_hours) hours = NormalizeDayHours(std::move(hours));
  for (auto& [date, hours] : spec.yearly_hours) hours = NormalizeDayHours(std::move(hours));
  return Calendar(std::make_shared<const Timeline>(std::move(spec), TimeZone(zone)));
}

const std::string& Calendar::id() const { return timeline_->spec().id; }
const CalendarSpec& Calendar::spec() const { return timeline_->spec(); }
const TimeZone& Calendar::time_zone() const { return timeline_->zone(); }

Result<Instant> Calendar::Add(Instant start, Seconds duration) const {
  const std::int64_t t = ToEpochSeconds(start);
  int index = Timeline::IndexOf(t);
  if (index < 0) return std::unexpected(OutOfRange(start));
  if (duration == Seconds{0}) return start;
  const TimelineBlock* block = &timeline_->Block(index);
  std::int64_t target = block->CumulativeAt(t) + duration.count();
  if (duration > Seconds{0}) {
    while (target > block->total) {
      target -= block->total;
      if (++index == kBlockCount) return std::unexpected(RanOffTheEnd("the deadline"));
      block = &timeline_->Block(index);
    }
    return FromEpochSeconds(block->EarliestWithCumulative(target));
  }
  while (target < 0) {
    if (--index < 0) return std::unexpected(RanOffTheEnd("the start"));
    block = &timeline_->Block(index);
    target += block->total;
  }
  return FromEpochSeconds(block->LatestWithCumulative(target));
}

Result<Seconds> Calendar::Elapsed(Instant from, Instant to) const {
  if (to < from) {
    auto reverse = Elapsed(to, from);
    if (!reverse) return reverse;
    return -*reverse;
  }
  const std::int64_t a = ToEpochSeconds(from);
  const std::int64_t b = ToEpochSeconds(to);
  const int ia = Timeline::IndexOf(a);
  const int ib = Timeline::IndexOf(b);
  if (ia < 0) return std::unexpected(OutOfRange(from));
  if (ib < 0) return std::unexpected(OutOfRange(to));
  const TimelineBlock& first = timeline_->Block(ia);
  if (ia == ib) return Seconds{first.CumulativeAt(b) - first.CumulativeAt(a)};
  std::int64_t sum = first.total - first.CumulativeAt(a);
  for (int i = ia + 1; i < ib; ++i) sum += timeline_->Block(i).total;
  return Seconds{sum + timeline_->Block(ib).CumulativeAt(b)};
}

Result<bool> Calendar::IsOpen(Instant t) const {
  const std::int64_t s = ToEpochSeconds(t);
  const int index = Timeline::IndexOf(s);
  if (index < 0) return std::unexpected(OutOfRange(t));
  const TimelineBlock& block = timeline_->Block(index);
  const std::size_t i = block.FirstEndingAfter(s);
  return i < block.starts.size() && block.starts[i] <= s;
}

Result<Instant> Calendar::NextOpen(Instant t) const {
  const std::int64_t s = ToEpochSeconds(t);
  int index = Timeline::IndexOf(s);
  if (index < 0) return std::unexpected(OutOfRange(t));
  for (; index < kBlockCount; ++index) {
    const TimelineBlock& block = timeline_->Block(index);
    const std::size_t i = block.FirstEndingAfter(s);
    if (i < block.starts.size()) return FromEpochSeconds(std::max(block.starts[i], s));
  }
  return std::unexpected(RanOffTheEnd("an opening"));
}

Result<Instant> Calendar::NextClose(Instant t) const {
  const std::int64_t s = ToEpochSeconds(t);
  int index = Timeline::IndexOf(s);
  if (index < 0) return std::unexpected(OutOfRange(t));
  std::int64_t close = -1;  // end of the open period found so far
  for (; index < kBlockCount; ++index) {
    const TimelineBlock& block = timeline_->Block(index);
    if (close < 0) {
      const std::size_t i = block.FirstEndingAfter(s);
      if (i == block.starts.size()) continue;
      close = block.ends[i];
    } else if (block.starts.empty() || block.starts.front() != close) {
      break;  // the period found ended at the previous block's edge
    } else {
      close = block.ends.front();
    }
    if (close != block.end) return FromEpochSeconds(close);
  }
  if (close >= 0 && close != kTimelineEnd) return FromEpochSeconds(close);
  return std::unexpected(RanOffTheEnd("a closing"));
}

Seconds Calendar::UtcOffsetAt(Instant t) const { return time_zone().OffsetAt(t); }

Instant Calendar::LocalToInstant(date::local_seconds local) const {
  return time_zone().ToUtc(local, true);
}

}  // namespace esc::core
