// Parsing and formatting of RFC 3339 date-times, the only textual form of an instant
// that Escalator reads or writes. Parsing is strict (a clear message on anything else)
// and allocation-free on success, because `escalator due` parses millions of lines.
// A date-time without an offset is returned as local wall-clock time; the caller decides
// which time zone it belongs to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

#include "core/error.h"
#include "core/time.h"

namespace esc::core {

struct ParsedDateTime {
  date::local_seconds local;           // the wall-clock reading as written
  std::optional<Seconds> utc_offset;   // absent when the text had no Z or +HH:MM
};

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)"; the offset may be left out.
// A fraction must be all zeros (Escalator is exact to the second, not finer).
Result<ParsedDateTime> ParseDateTime(std::string_view text);

// The UTC instant of a parsed value that carries an offset.
Instant ToInstant(const ParsedDateTime& parsed);

// Appends `t` as seen at `utc_offset`, e.g. "2026-03-08T23:30:00-04:00". An offset
// that is not a whole number of minutes (local mean time before ~1972) is written as
// +00:00 with the UTC reading, so the text always parses back to `t`.
void AppendRfc3339(std::string& out, Instant t, Seconds utc_offset);
std::string FormatRfc3339(Instant t, Seconds utc_offset);

// Parses "YYYY-MM-DD" (a valid Gregorian date).
Result<date::year_month_day> ParseDate(std::string_view text);

}  // namespace esc::core
