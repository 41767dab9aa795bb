#include "core/rfc3339.h"

#include <fmt/format.h>

namespace esc::core {
namespace {

constexpr std::string_view kExpected =
    "expected an RFC 3339 date-time such as 2026-03-06T16:30:00-05:00";

bool ReadDigits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  value = v;
  return true;
}

Error Bad(std::string_view text, std::string_view why) {
  return Error::Invalid(fmt::format("{} ({}), got \"{}\"", kExpected, why, text));
}

}  // namespace

Result<date::year_month_day> ParseDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || !ReadDigits(text, 0, 4, y) || text[4] != '-' ||
      !ReadDigits(text, 5, 2, m) || text[7] != '-' || !ReadDigits(text, 8, 2, d)) {
    return std::unexpected(
        Error::Invalid(fmt::format("expected a date YYYY-MM-DD, got \"{}\"", text)));
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return std::unexpected(
        Error::Invalid(fmt::format("\"{}\" is not a date in the calendar", text)));
  }
  return ymd;
}

Result<ParsedDateTime> ParseDateTime(std::string_view text) {
  if (text.size() < 19) return std::unexpected(Bad(text, "too short"));
  auto ymd = ParseDate(text.substr(0, 10));
  if (!ymd) return std::unexpected(Bad(text, ymd.error().message));
  const char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ') {
    return std::unexpected(Bad(text, "the date and time must be separated by T"));
  }
  int hh = 0, mm = 0, ss = 0;
  if (!ReadDigits(text, 11, 2, hh) || text[13] != ':' || !ReadDigits(text, 14, 2, mm) ||
      text[16] != ':' || !ReadDigits(text, 17, 2, ss)) {
    return std::unexpected(Bad(text, "the time must be HH:MM:SS"));
  }
  if (hh > 23 || mm > 59 || ss > 59) {
    return std::unexpected(Bad(text, "hour, minute or second out of range"));
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t first = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (text[pos] != '0') {
        return std::unexpected(Bad(text, "fractions of a second are not supported"));
      }
      ++pos;
    }
    if (pos == first) return std::unexpected(Bad(text, "a digit must follow the dot"));
  }
  ParsedDateTime out;
  out.local = date::local_days{*ymd} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
              Seconds{ss};
  if (pos == text.size()) return out;
  const char z = text[pos];
  if ((z == 'Z' || z == 'z') && pos + 1 == text.size()) {
    out.utc_offset = Seconds{0};
    return out;
  }
  int oh = 0, om = 0;
  if ((z != '+' && z != '-') || pos + 6 != text.size() || !ReadDigits(text, pos + 1, 2, oh) ||
      text[pos + 3] != ':' || !ReadDigits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
    return std::unexpected(Bad(text, "the offset must be Z or +HH:MM / -HH:MM"));
  }
  const Seconds offset = std::chrono::hours{oh} + std::chrono::minutes{om};
  out.utc_offset = z == '-' ? -offset : offset;
  return out;
}

Instant ToInstant(const ParsedDateTime& parsed) {
  return Instant{parsed.local.time_since_epoch() - parsed.utc_offset.value_or(Seconds{0})};
}

void AppendRfc3339(std::string& out, Instant t, Seconds utc_offset) {
  // RFC 3339 offsets have no seconds: show historical offsets such as -00:44:30 in UTC,
  // which keeps the text exact.
  if (utc_offset.count() % 60 != 0) utc_offset = Seconds{0};
  const auto local = t + utc_offset;
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Seconds> tod{local - day};
  const auto off = utc_offset.count();
  const long long abs_off = off < 0 ? -off : off;
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                 static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                 static_cast<unsigned>(ymd.day()), tod.hours().count(), tod.minutes().count(),
                 tod.seconds().count(), off < 0 ? '-' : '+', abs_off / 3600, (abs_off % 3600) / 60);
}

std::string FormatRfc3339(Instant t, Seconds utc_offset) {
  std::string out;
  AppendRfc3339(out, t, utc_offset);
  return out;
}

}  // namespace esc::core
