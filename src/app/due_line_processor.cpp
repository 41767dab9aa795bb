#include "app/due_line_processor.h"

#include "app/json_text.h"

#include <cmath>
#include <cstring>
#include <optional>

#include <date/tz.h>
#include <fmt/format.h>

#include "core/rfc3339.h"

namespace esc::app {
namespace {

namespace od = simdjson::ondemand;
using core::Error;
using core::Instant;
using core::Seconds;

// Durations beyond this (about 31,700 years) cannot be answered in the supported range.
constexpr double kMaxDurationSeconds = 1e12;

core::Result<Instant> ReadInstant(std::string_view key, od::value value,
                                  const core::Calendar& calendar) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return std::unexpected(Error::Invalid(fmt::format(
        "\"{}\" must be a string such as \"2026-03-06T16:30:00-05:00\"", key)));
  }
  auto parsed = core::ParseDateTime(text);
  if (!parsed) {
    return std::unexpected(Error::Invalid(fmt::format("\"{}\": {}", key, parsed.error().message)));
  }
  if (parsed->utc_offset) return core::ToInstant(*parsed);
  return calendar.LocalToInstant(parsed->local);  // no offset: the calendar's wall clock
}

core::Result<Seconds> ReadDuration(std::string_view key, od::value value, int unit) {
  od::number number;
  if (value.get_number().get(number) != simdjson::SUCCESS) {
    return std::unexpected(Error::Invalid(fmt::format("\"{}\" must be a number", key)));
  }
  double as_double = 0;
  std::int64_t whole = 0;
  switch (number.get_number_type()) {
    case od::number_type::signed_integer:
      whole = number.get_int64();
      as_double = static_cast<double>(whole);
      break;
    case od::number_type::unsigned_integer:
      as_double = static_cast<double>(number.get_uint64());
      whole = as_double > kMaxDurationSeconds ? 0 : static_cast<std::int64_t>(number.get_uint64());
      break;
    default:
      as_double = number.get_double();
      if (as_double != std::floor(as_double)) {
        return std::unexpected(Error::Invalid(
            fmt::format("\"{}\" must be a whole number, got {}", key, as_double)));
      }
      whole = std::fabs(as_double) > kMaxDurationSeconds ? 0 : static_cast<std::int64_t>(as_double);
  }
  if (std::fabs(as_double) * unit > kMaxDurationSeconds) {
    return std::unexpected(Error::Invalid(fmt::format("\"{}\" is out of range", key)));
  }
  return Seconds{whole * unit};
}

}  // namespace

struct DueLineProcessor::Request {
  Instant start;
  std::optional<Seconds> duration;
  std::optional<Instant> end;
};

bool DueLineProcessor::Process(std::string_view line, std::uint64_t number, std::string& out) {
  const std::size_t mark = out.size();
  auto answered = Answer(line, out);
  if (answered) return true;
  out.resize(mark);
  out += "{\"error\": ";
  AppendJsonString(out, fmt::format("line {}: {}", number, answered.error().message));
  out += "}\n";
  return false;
}

core::Result<void> DueLineProcessor::Answer(std::string_view line, std::string& out) {
  auto request = Parse(line);
  if (!request) return std::unexpected(request.error());
  if (request->end) {
    auto elapsed = calendar_.Elapsed(request->start, *request->end);
    if (!elapsed) return std::unexpected(elapsed.error());
    fmt::format_to(std::back_inserter(out), "{{\"elapsed_seconds\": {}}}\n", elapsed->count());
    return {};
  }
  auto due = calendar_.Add(request->start, *request->duration);
  if (!due) return std::unexpected(due.error());
  out += "{\"due\": \"";
  core::AppendRfc3339(out, *due, OffsetAt(*due));
  out += "\"}\n";
  return {};
}

core::Result<DueLineProcessor::Request> DueLineProcessor::Parse(std::string_view line) {
  if (line.find_first_not_of(" \t") == std::string_view::npos) {
    return std::unexpected(Error::Invalid("empty line: expected a JSON object"));
  }
  padded_.resize(line.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded_.data(), line.data(), line.size());
  std::memset(padded_.data() + line.size(), 0, simdjson::SIMDJSON_PADDING);
  od::document doc;
  auto bad_json = [](simdjson::error_code code) {
    return std::unexpected(Error::Invalid(
        fmt::format("not valid JSON ({}): expected an object such as "
                    "{{\"start\": \"2026-03-06T16:30:00-05:00\", \"minutes\": 120}}",
                    simdjson::error_message(code))));
  };
  if (auto code = parser_.iterate(padded_.data(), line.size(), padded_.size()).get(doc)) {
    return bad_json(code);
  }
  od::object object;
  if (auto code = doc.get_object().get(object)) {
    if (code != simdjson::INCORRECT_TYPE) return bad_json(code);
    return std::unexpected(Error::Invalid(
        "expected a JSON object such as {\"start\": \"2026-03-06T16:30:00-05:00\", "
        "\"minutes\": 120}"));
  }
  std::optional<Instant> start, end;
  std::optional<Seconds> minutes, seconds;
  for (auto field : object) {
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return bad_json(code);
    auto take = [&](auto& slot, auto&& read) -> core::Result<void> {
      if (slot) return std::unexpected(Error::Invalid(fmt::format("\"{}\" appears twice", key)));
      auto value = read();
      if (!value) return std::unexpected(value.error());
      slot = *value;
      return {};
    };
    core::Result<void> ok;
    if (key == "start") {
      ok = take(start, [&] { return ReadInstant(key, field.value(), calendar_); });
    } else if (key == "end") {
      ok = take(end, [&] { return ReadInstant(key, field.value(), calendar_); });
    } else if (key == "minutes") {
      ok = take(minutes, [&] { return ReadDuration(key, field.value(), 60); });
    } else if (key == "seconds") {
      ok = take(seconds, [&] { return ReadDuration(key, field.value(), 1); });
    } else if (auto code = CheckJsonValue(field.value())) {
      return bad_json(code);  // other keys are ignored, but must still be valid JSON
    }
    if (!ok) return std::unexpected(ok.error());
  }
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return std::unexpected(Error::Invalid("unexpected text after the JSON object"));
  }
  if (!start) return std::unexpected(Error::Invalid("\"start\" is missing"));
  const int given = (minutes ? 1 : 0) + (seconds ? 1 : 0) + (end ? 1 : 0);
  if (given != 1) {
    return std::unexpected(Error::Invalid(
        "expected exactly one of \"minutes\", \"seconds\" (for a due instant) or \"end\" "
        "(for elapsed business seconds)"));
  }
  Request request{*start, minutes ? minutes : seconds, end};
  return request;
}

Seconds DueLineProcessor::OffsetAt(Instant t) {
  const std::int64_t s = core::ToEpochSeconds(t);
  if (s < offset_begin_ || s >= offset_end_) {
    const auto info = calendar_.time_zone().InfoAt(t);
    offset_begin_ = info.begin.time_since_epoch().count();
    offset_end_ = info.end.time_since_epoch().count();
    offset_ = info.offset;
  }
  return offset_;
}

}  // namespace esc::app
