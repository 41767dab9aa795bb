#include "policy/calendar_loader.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/calendar/calendar.h"
#include "core/rfc3339.h"
#include "policy/ical_parser.h"

namespace esc::policy {
namespace {

constexpr std::string_view kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// A list of "HH:MM-HH:MM" strings.
std::optional<core::DayHours> ReadIntervals(const YAML::Node& node, YamlContext& ctx) {
  if (!node.IsSequence()) {
    ctx.Report(node, fmt::format("expected a list of intervals such as [\"09:00-17:00\"], got {}",
                                 Describe(node)));
    return std::nullopt;
  }
  core::DayHours hours;
  bool ok = true;
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      ctx.Report(item, fmt::format("expected an interval \"HH:MM-HH:MM\", got {}", Describe(item)));
      ok = false;
      continue;
    }
    auto interval = core::ParseLocalInterval(item.Scalar());
    if (!interval) {
      ctx.Report(item, interval.error().message);
      ok = false;
      continue;
    }
    hours.push_back(*interval);
  }
  if (!ok) return std::nullopt;
  return hours;
}

// A holiday's date: "YYYY-MM-DD" (that date) or "MM-DD" (the same date every year).
struct HolidayDate {
  std::optional<date::sys_days> once;
  std::optional<date::month_day> yearly;
  std::string text;
};

std::optional<HolidayDate> ReadHolidayDate(const YAML::Node& node, YamlContext& ctx) {
  constexpr std::string_view kExpected = "expected a date YYYY-MM-DD, or MM-DD for every year";
  if (!node.IsScalar()) {
    ctx.Report(node, fmt::format("{}, got {}", kExpected, Describe(node)));
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  if (text.size() == 5) {
    // Validate "MM-DD" against a leap year so that 02-29 is accepted.
    auto ymd = core::ParseDate("2000-" + text);
    if (!ymd) {
      ctx.Report(node, fmt::format("{}, got \"{}\"", kExpected, text));
      return std::nullopt;
    }
    return HolidayDate{std::nullopt, ymd->month() / ymd->day(), text};
  }
  auto ymd = core::ParseDate(text);
  if (!ymd) {
    ctx.Report(node, fmt::format("{}, got \"{}\"", kExpected, text));
    return std::nullopt;
  }
  return HolidayDate{date::sys_days{*ymd}, std::nullopt, text};
}

void ReadWeeklyHours(const YAML::Node& node, YamlContext& ctx, core::CalendarSpec& spec) {
  if (node.IsScalar()) {
    if (node.Scalar() != "24/7") {
      ctx.Report(node, fmt::format("hours must be 24/7 or a map of weekdays (mon..sun) to "
                                   "intervals, got \"{}\"",
                                   node.Scalar()));
      return;
    }
    for (auto& day : spec.weekly) day = {core::LocalInterval{0, 86400}};
    return;
  }
  ctx.ForEachEntry(node, "hours", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
                   [&](const YAML::Node& key, const YAML::Node& value) {
                     for (unsigned i = 0; i < 7; ++i) {
                       if (key.Scalar() != kWeekdays[i]) continue;
                       if (auto hours = ReadIntervals(value, ctx)) spec.weekly[i] = *hours;
                     }
                   });
}

void ReadHolidays(const YAML::Node& node, YamlContext& ctx, core::CalendarSpec& spec) {
  if (!node.IsSequence()) {
    ctx.Report(node, fmt::format("holidays must be a list of dates or {{date, hours}} maps, got {}",
                                 Describe(node)));
    return;
  }
  std::map<std::string, int> first_line;
  for (const auto& item : node) {
    std::optional<HolidayDate> day;
    core::DayHours hours;  // empty: closed all day
    if (item.IsMap()) {
      std::optional<YAML::Node> date_node;  // yaml-cpp nodes rebind only once: keep optional
      bool hours_ok = true;
      ctx.ForEachEntry(item, "a holiday", {"date", "hours", "name"},
                       [&](const YAML::Node& key, const YAML::Node& value) {
                         if (key.Scalar() == "date") {
                           date_node.emplace(value);
                           day = ReadHolidayDate(value, ctx);
                         } else if (key.Scalar() == "hours") {
                           auto h = ReadIntervals(value, ctx);
                           hours_ok = h.has_value();
                           if (h) hours = *h;
                         } else if (!value.IsScalar()) {
                           ctx.Report(value, fmt::format("name must be text, got {}", Describe(value)));
                         }
                       });
      if (!date_node) {
        ctx.Report(item, "a holiday needs a date: expected {date: YYYY-MM-DD or MM-DD, hours: [...]}");
        continue;
      }
      if (!hours_ok) continue;
    } else {
      day = ReadHolidayDate(item, ctx);
    }
    if (!day) continue;
    const int line = item.Mark().line + 1;
    if (auto [it, inserted] = first_line.emplace(day->text, line); !inserted) {
      ctx.Report(item, fmt::format("duplicate holiday {} (first at line {})", day->text,
                                   it->second));
      continue;
    }
    if (day->once) {
      spec.date_hours[*day->once] = std::move(hours);
    } else {
      spec.yearly_hours[*day->yearly] = std::move(hours);
    }
  }
}

void ReadHolidayFiles(const YAML::Node& node, YamlContext& ctx, core::CalendarSpec& spec) {
  if (!node.IsSequence()) {
    ctx.Report(node, fmt::format("holiday_files must be a list of .ics paths, got {}", Describe(node)));
    return;
  }
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      ctx.Report(item, fmt::format("expected a path to an .ics file, got {}", Describe(item)));
      continue;
    }
    const std::filesystem::path path = ctx.base_dir() / item.Scalar();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      ctx.Report(item, fmt::format("cannot read holiday file \"{}\" (looked at {})", item.Scalar(),
                                   path.string()));
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    ICalImport imported = ParseICalendar(text.str());
    for (const auto& problem : imported.problems) {
      ctx.ReportAt(Place{path.string(), problem.line, 1}, problem.message);
    }
    if (!imported.problems.empty()) {
      ctx.Report(item, fmt::format("holiday file \"{}\" has {} problem(s)", item.Scalar(),
                                   imported.problems.size()));
      continue;
    }
    for (auto& rule : imported.holidays) spec.holiday_rules.push_back(std::move(rule));
  }
}

void LoadCalendar(const YAML::Node& key, const YAML::Node& node, YamlContext& ctx,
                  core::Policy& policy) {
  const std::size_t problems_before = ctx.problem_count();
  if (!ctx.Define("calendar", key.Scalar(), key)) return;
  core::CalendarSpec spec;
  spec.id = key.Scalar();
  std::optional<YAML::Node> timezone_node, hours_node;
  const std::string what = fmt::format("calendar \"{}\"", spec.id);
  const bool is_map = ctx.ForEachEntry(
      node, what, {"timezone", "hours", "holidays", "holiday_files", "description"},
      [&](const YAML::Node& k, const YAML::Node& value) {
        const std::string& name = k.Scalar();
        if (name == "timezone") {
          timezone_node.emplace(value);
          if (value.IsScalar()) {
            spec.timezone = value.Scalar();
            if (!core::TimeZone::Locate(spec.timezone)) {
              ctx.Report(value, fmt::format("{}: unknown time zone \"{}\": expected an IANA name "
                                            "such as America/New_York",
                                            what, spec.timezone));
            }
          } else {
            ctx.Report(value, fmt::format("timezone must be an IANA name such as "
                                          "America/New_York, got {}",
                                          Describe(value)));
          }
        } else if (name == "hours") {
          hours_node.emplace(value);
          ReadWeeklyHours(value, ctx, spec);
        } else if (name == "holidays") {
          ReadHolidays(value, ctx, spec);
        } else if (name == "holiday_files") {
          ReadHolidayFiles(value, ctx, spec);
        } else if (!value.IsScalar()) {
          ctx.Report(value, fmt::format("description must be text, got {}", Describe(value)));
        }
      });
  if (!is_map) return;
  if (!hours_node) {
    ctx.Report(key, fmt::format("{} has no hours: expected hours: 24/7 or a map of weekdays",
                                what));
    return;
  }
  if (ctx.problem_count() != problems_before) return;
  auto calendar = core::Calendar::Create(std::move(spec));
  if (!calendar) {
    const auto& err = calendar.error();
    const YAML::Node& at = err.where == "timezone" && timezone_node ? *timezone_node : *hours_node;
    ctx.Report(at, fmt::format("{}: {}", what, err.message));
    return;
  }
  policy.calendars.emplace(key.Scalar(), std::move(*calendar));
}

}  // namespace

void LoadCalendars(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  ctx.ForEachEntry(section, "calendars", {},
                   [&](const YAML::Node& key, const YAML::Node& value) {
                     LoadCalendar(key, value, ctx, policy);
                   });
}

}  // namespace esc::policy
