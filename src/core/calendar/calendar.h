// A business calendar: when a support organisation is open, in its own time zone, with
// holidays and special days. It answers the questions every SLA clock asks, exactly to
// the second: what instant is `duration` of business time after `start`, how much
// business time lies between two instants, and when it next opens or closes.
//
// Calendar is a cheap-to-copy value sharing an immutable, thread-safe compiled time line
// (see timeline.h): every call costs a few binary searches, whatever the duration.
// Instants must lie in [1900-01-01T00:00:00Z, ~2431); outside, calls return an error.
#pragma once

#include <memory>
#include <string>

#include "core/calendar/calendar_spec.h"
#include "core/calendar/time_zone.h"
#include "core/error.h"
#include "core/time.h"

namespace esc::core {

class Timeline;

class Calendar {
 public:
  // Validates the spec: the time zone must exist and the weekly hours must open at least
  // once a week. An error's `where` names the offending key ("timezone" or "hours").
  static Result<Calendar> Create(CalendarSpec spec);

  const std::string& id() const;
  const CalendarSpec& spec() const;
  const TimeZone& time_zone() const;

  // The earliest instant at which the business time elapsed since `start` equals
  // `duration`. A start outside business hours counts from the next opening; a deadline
  // that falls exactly on a closing time is that closing time. A zero duration returns
  // `start`. A negative duration counts backwards: the latest instant t <= start with
  // Elapsed(t, start) == -duration.
  Result<Instant> Add(Instant start, Seconds duration) const;

  // Business seconds in [from, to); negative when to < from (-Elapsed(to, from)).
  Result<Seconds> Elapsed(Instant from, Instant to) const;

  // Open periods are half-open: open at the opening instant, closed at the closing one.
  Result<bool> IsOpen(Instant t) const;
  // t itself when open at t, else the next opening. NotFound if it never opens again.
  Result<Instant> NextOpen(Instant t) const;
  // The end of the open period holding t, or, when closed at t (a closing instant
  // included: periods are half-open), the end of the next one. Periods that touch count
  // as one. NotFound if it never closes again within the supported range (e.g. 24/7).
  Result<Instant> NextClose(Instant t) const;

  // The calendar's UTC offset at t, for showing instants in its local time.
  Seconds UtcOffsetAt(Instant t) const;
  // A wall-clock reading in the calendar's zone as UTC: the earlier of a repeated time,
  // the transition instant for a time inside a gap.
  Instant LocalToInstant(date::local_seconds local) const;

 private:
  explicit Calendar(std::shared_ptr<const Timeline> timeline) : timeline_(std::move(timeline)) {}

  std::shared_ptr<const Timeline> timeline_;
};

}  // namespace esc::core
