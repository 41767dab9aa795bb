#include "policy/ical_parser.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include <fmt/format.h>

namespace esc::policy {
namespace {

using core::HolidayRule;
using core::WeekdayOrdinal;
using core::YearlyRecurrence;

struct ContentLine {
  int line = 0;
  std::string name;    // upper-cased
  std::string params;  // raw ";A=B;C=D" text, upper-cased
  bool has_value = true;  // false for a line without NAME:VALUE
  std::string value;
};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Unfolds RFC 5545 lines (CRLF or LF, continuation lines start with space or tab).
std::vector<ContentLine> Unfold(std::string_view text) {
  std::vector<ContentLine> lines;
  std::string current;
  int current_line = 0;
  int physical = 0;
  auto flush = [&] {
    if (current.empty()) return;
    ContentLine cl;
    cl.line = current_line;
    // The name ends at the first ';' or ':'; the value after the first ':' outside quotes.
    std::size_t name_end = current.find_first_of(";:");
    bool quoted = false;
    std::size_t colon = std::string::npos;
    for (std::size_t i = 0; i < current.size(); ++i) {
      if (current[i] == '"') quoted = !quoted;
      if (current[i] == ':' && !quoted) {
        colon = i;
        break;
      }
    }
    if (name_end == std::string::npos || colon == std::string::npos) {
      cl.name = Upper(current);
      cl.has_value = false;
    } else {
      cl.name = Upper(std::string_view(current).substr(0, name_end));
      cl.params = Upper(std::string_view(current).substr(name_end, colon - name_end));
      cl.value = current.substr(colon + 1);
    }
    lines.push_back(std::move(cl));
    current.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    ++physical;
    if (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) {
      current.append(raw.substr(1));
    } else {
      flush();
      current.assign(raw);
      current_line = physical;
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  flush();
  return lines;
}

std::optional<int> ToInt(std::string_view s) {
  int v = 0;
  if (s.empty()) return std::nullopt;
  const char* first = s.data();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<date::sys_days> ParseIcalDate(std::string_view s, bool allow_time) {
  if (s.size() > 8) {
    if (!allow_time || s[8] != 'T') return std::nullopt;
    s = s.substr(0, 8);
  }
  if (s.size() != 8) return std::nullopt;
  auto y = ToInt(s.substr(0, 4)), m = ToInt(s.substr(4, 2)), d = ToInt(s.substr(6, 2));
  if (!y || !m || !d || *m < 1 || *d < 1) return std::nullopt;
  const date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*m)},
                                 date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd};
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = s.find(sep, pos);
    out.push_back(s.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

std::optional<date::weekday> ParseWeekday(std::string_view s) {
  static constexpr std::string_view kNames[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  for (unsigned i = 0; i < 7; ++i) {
    if (s == kNames[i]) return date::weekday{i};
  }
  return std::nullopt;
}

// Reads an RFC 5545 duration ("P1D", "P2W", "P1DT0H0M0S") that is a whole number of
// days, at least one.
std::optional<int> ParseDayDuration(std::string_view s) {
  if (s.size() < 3 || s[0] != 'P') return std::nullopt;
  long long days = 0, seconds = 0;
  bool in_time = false, any = false;
  std::size_t pos = 1;
  while (pos < s.size()) {
    if (s[pos] == 'T' && !in_time) {
      in_time = true;
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start || pos == s.size() || pos - start > 6) return std::nullopt;
    const auto n = ToInt(s.substr(start, pos - start));
    if (!n) return std::nullopt;
    const char unit = s[pos++];
    any = true;
    if (!in_time && unit == 'W') days += 7LL * *n;
    else if (!in_time && unit == 'D') days += *n;
    else if (in_time && unit == 'H') seconds += 3600LL * *n;
    else if (in_time && unit == 'M') seconds += 60LL * *n;
    else if (in_time && unit == 'S') seconds += *n;
    else return std::nullopt;
  }
  if (!any || seconds % 86400 != 0) return std::nullopt;
  days += seconds / 86400;
  if (days < 1 || days > 3660) return std::nullopt;
  return static_cast<int>(days);
}

class Parser {
 public:
  ICalImport Run(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
    const auto lines = Unfold(text);
    bool in_calendar = false;
    bool saw_calendar = false;
    int depth_other = 0;  // nesting inside components we skip (VTIMEZONE, VALARM, ...)
    std::optional<Event> event;
    for (const auto& cl : lines) {
      if (!cl.has_value) {
        Problem(cl.line, fmt::format("expected NAME:VALUE, got \"{}\"", cl.name));
        continue;
      }
      if (cl.name == "BEGIN") {
        const std::string what = Upper(cl.value);
        if (!in_calendar) {
          if (what != "VCALENDAR") Problem(cl.line, "expected BEGIN:VCALENDAR first");
          in_calendar = true;
          saw_calendar = true;
        } else if (what == "VEVENT" && !event && depth_other == 0) {
          event.emplace();
          event->line = cl.line;
        } else {
          ++depth_other;
        }
        continue;
      }
      if (cl.name == "END") {
        const std::string what = Upper(cl.value);
        if (depth_other > 0) {
          --depth_other;
        } else if (what == "VEVENT" && event) {
          Finish(*event);
          event.reset();
        } else if (what == "VCALENDAR") {
          in_calendar = false;
        } else {
          Problem(cl.line, fmt::format("END:{} without a matching BEGIN", cl.value));
        }
        continue;
      }
      if (event && depth_other == 0) Property(*event, cl);
    }
    if (event) Problem(event->line, "VEVENT is not closed by END:VEVENT");
    if (!saw_calendar) Problem(1, "not an iCalendar file: expected BEGIN:VCALENDAR");
    ApplyOverrides();
    return std::move(result_);
  }

 private:
  struct Event {
    int line = 0;
    HolidayRule rule;
    bool has_start = false;
    bool cancelled = false;
    std::optional<date::sys_days> end;
    std::optional<int> duration_days;
    std::string uid;
    std::optional<date::sys_days> recurrence_id;
  };

  void Problem(int line, std::string message) {
    result_.problems.push_back({line, std::move(message)});
  }

  void Property(Event& ev, const ContentLine& cl) {
    const bool is_date_param = cl.params.find("VALUE=DATE") != std::string::npos &&
                               cl.params.find("VALUE=DATE-TIME") == std::string::npos;
    if (cl.name == "DTSTART" || cl.name == "DTEND" || cl.name == "RECURRENCE-ID") {
      auto d = ParseIcalDate(cl.value, false);
      if (!d) {
        Problem(cl.line, fmt::format("{} \"{}\": only all-day events are supported, expected a "
                                     "date YYYYMMDD{}",
                                     cl.name, cl.value, is_date_param ? "" : " (VALUE=DATE)"));
        return;
      }
      if (cl.name == "DTSTART") {
        ev.rule.first = *d;
        ev.has_start = true;
      } else if (cl.name == "DTEND") {
        ev.end = *d;
      } else {
        ev.recurrence_id = *d;
      }
    } else if (cl.name == "DURATION") {
      ev.duration_days = ParseDayDuration(cl.value);
      if (!ev.duration_days) {
        Problem(cl.line, fmt::format("DURATION \"{}\": expected whole days such as P1D", cl.value));
      }
    } else if (cl.name == "SUMMARY") {
      ev.rule.name = cl.value;
    } else if (cl.name == "UID") {
      ev.uid = cl.value;
    } else if (cl.name == "STATUS") {
      ev.cancelled = Upper(cl.value) == "CANCELLED";
    } else if (cl.name == "RRULE") {
      ev.rule.yearly = ParseRule(cl);
    } else if (cl.name == "EXDATE" || cl.name == "RDATE") {
      for (auto part : Split(cl.value, ',')) {
        auto d = ParseIcalDate(part, true);
        if (!d) {
          Problem(cl.line, fmt::format("{} \"{}\": expected dates YYYYMMDD", cl.name, part));
          continue;
        }
        (cl.name == "EXDATE" ? ev.rule.excluded : ev.rule.extra_dates).push_back(*d);
      }
    }
  }

  std::optional<YearlyRecurrence> ParseRule(const ContentLine& cl) {
    YearlyRecurrence r;
    bool yearly = false;
    bool ok = true;
    auto bad = [&](std::string_view part, std::string_view expected) {
      Problem(cl.line, fmt::format("RRULE part \"{}\": {}", part, expected));
      ok = false;
    };
    const std::string text = Upper(cl.value);
    for (auto part : Split(text, ';')) {
      const auto eq = part.find('=');
      if (eq == std::string_view::npos) {
        bad(part, "expected NAME=VALUE");
        continue;
      }
      const auto key = part.substr(0, eq);
      const auto val = part.substr(eq + 1);
      if (key == "FREQ") {
        yearly = val == "YEARLY";
        if (!yearly) bad(part, "only FREQ=YEARLY is supported for holidays");
      } else if (key == "INTERVAL") {
        auto n = ToInt(val);
        if (!n || *n < 1) bad(part, "expected a positive whole number");
        else r.interval = *n;
      } else if (key == "COUNT") {
        auto n = ToInt(val);
        if (!n || *n < 1) bad(part, "expected a positive whole number");
        else r.count = *n;
      } else if (key == "UNTIL") {
        auto d = ParseIcalDate(val, true);
        if (!d) bad(part, "expected a date YYYYMMDD or date-time YYYYMMDDTHHMMSSZ");
        else r.until = *d;
      } else if (key == "BYMONTH") {
        for (auto m : Split(val, ',')) {
          auto n = ToInt(m);
          if (!n || *n < 1 || *n > 12) bad(part, "expected months 1-12");
          else r.by_month.push_back(static_cast<unsigned>(*n));
        }
      } else if (key == "BYMONTHDAY") {
        for (auto m : Split(val, ',')) {
          auto n = ToInt(m);
          if (!n || *n == 0 || *n < -31 || *n > 31) bad(part, "expected days 1-31 or -31 to -1");
          else r.by_month_day.push_back(*n);
        }
      } else if (key == "BYDAY") {
        for (auto d : Split(val, ',')) {
          auto wd = d.size() >= 2 ? ParseWeekday(d.substr(d.size() - 2)) : std::nullopt;
          auto ord = d.size() > 2 ? ToInt(d.substr(0, d.size() - 2)) : std::optional<int>{0};
          if (!wd || !ord || *ord < -53 || *ord > 53) {
            bad(part, "expected weekdays such as MO, 4TH or -1MO");
          } else {
            r.by_day.push_back(WeekdayOrdinal{*ord, *wd});
          }
        }
      } else if (key == "WKST") {
        // Week start only matters for weekly rules and BYWEEKNO.
      } else {
        bad(part, "not supported for holidays (supported: FREQ=YEARLY, INTERVAL, COUNT, "
                  "UNTIL, BYMONTH, BYMONTHDAY, BYDAY)");
      }
    }
    if (!ok || !yearly) {
      if (ok) Problem(cl.line, "RRULE needs FREQ=YEARLY");
      return std::nullopt;
    }
    if (r.count && r.until) {
      Problem(cl.line, "RRULE may not have both COUNT and UNTIL");
      return std::nullopt;
    }
    return r;
  }

  void Finish(Event& ev) {
    if (!ev.has_start) {
      Problem(ev.line, "VEVENT has no DTSTART");
      return;
    }
    if (ev.cancelled) {
      // A cancelled occurrence of a recurring holiday: that date is not a holiday.
      if (ev.recurrence_id) overrides_.push_back({ev.uid, *ev.recurrence_id});
      return;
    }
    if (ev.end) {
      if (*ev.end <= ev.rule.first) {
        Problem(ev.line, "VEVENT ends before it starts (DTEND must be after DTSTART)");
        return;
      }
      ev.rule.length_days = static_cast<int>((*ev.end - ev.rule.first).count());
    } else if (ev.duration_days) {
      ev.rule.length_days = *ev.duration_days;
    }
    if (ev.recurrence_id) {
      overrides_.push_back({ev.uid, *ev.recurrence_id});
      ev.rule.yearly.reset();
    } else if (!ev.uid.empty()) {
      masters_[ev.uid] = result_.holidays.size();
    }
    result_.holidays.push_back(std::move(ev.rule));
  }

  // A RECURRENCE-ID event moves one occurrence of its master: drop the original date.
  void ApplyOverrides() {
    for (const auto& [uid, original] : overrides_) {
      if (auto it = masters_.find(uid); it != masters_.end()) {
        result_.holidays[it->second].excluded.push_back(original);
      }
    }
  }

  ICalImport result_;
  std::map<std::string, std::size_t> masters_;
  std::vector<std::pair<std::string, date::sys_days>> overrides_;
};

}  // namespace

ICalImport ParseICalendar(std::string_view text) { return Parser().Run(text); }

}  // namespace esc::policy
