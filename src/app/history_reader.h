// Reads ticket histories in the JSON Lines format of docs/simulation.md (what
// `escalator sample-history` writes and `escalator simulate` replays): one ticket object
// per line, blank lines skipped, unknown keys ignored (exports may carry more), every
// known key checked for its type and value. Errors say which line and which field.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/error.h"
#include "core/simulation/history.h"

namespace esc::app {

class HistoryParser {
 public:
  // One ticket from one line of JSON (no trailing newline needed).
  core::Result<core::HistoryTicket> Parse(std::string_view json);

 private:
  simdjson::ondemand::parser parser_;
  std::vector<char> padded_;
};

class HistoryReader {
 public:
  explicit HistoryReader(std::istream& in) : in_(in) {}

  // The next ticket, nullopt at the end of the input. An error's message starts with
  // "line N: "; reading may go on after it with the next line.
  core::Result<std::optional<core::HistoryTicket>> Next();
  std::uint64_t line() const { return line_; }

 private:
  std::istream& in_;
  HistoryParser parser_;
  std::string text_;
  std::uint64_t line_ = 0;
};

}  // namespace esc::app
