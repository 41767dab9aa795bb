// The work behind `escalator due`: one JSON Lines request in, one JSON line out.
// {"start": T, "minutes": N} or {"start": T, "seconds": N} -> {"due": T'} (in the
// calendar's local offset); {"start": T1, "end": T2} -> {"elapsed_seconds": N};
// anything unreadable -> {"error": "line K: ..."}. Other keys are ignored.
// A processor owns reusable parse buffers, so one instance serves a whole stream
// without allocating per line; it is not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/calendar/calendar.h"

namespace esc::app {

class DueLineProcessor {
 public:
  explicit DueLineProcessor(const core::Calendar& calendar) : calendar_(calendar) {}

  // Appends one answer line (ending in '\n') for request `line`, numbered `number`
  // from 1. Returns false when the answer is an error line.
  bool Process(std::string_view line, std::uint64_t number, std::string& out);

 private:
  struct Request;
  core::Result<void> Answer(std::string_view line, std::string& out);
  core::Result<Request> Parse(std::string_view line);
  core::Seconds OffsetAt(core::Instant t);

  const core::Calendar& calendar_;
  simdjson::ondemand::parser parser_;
  std::vector<char> padded_;
  // The UTC offset valid in [offset_begin_, offset_end_), cached across lines.
  std::int64_t offset_begin_ = 1;
  std::int64_t offset_end_ = 0;
  core::Seconds offset_{0};
};


}  // namespace esc::app
