#include "policy/operations_loader.h"

#include <fmt/format.h>

#include "core/calendar/local_hours.h"
#include "core/rfc3339.h"

namespace esc::policy {
namespace {

std::optional<date::sys_days> ReadDay(const YAML::Node& node, YamlContext& ctx) {
  auto text = ctx.Text(node, "a date");
  if (!text) return std::nullopt;
  auto ymd = core::ParseDate(*text);
  if (!ymd) {
    ctx.Report(node, ymd.error().message);
    return std::nullopt;
  }
  return date::sys_days{*ymd};
}

void ReadOverrides(const YAML::Node& node, YamlContext& ctx, core::Rotation& rotation,
                   const std::string& what) {
  if (!node.IsSequence()) {
    ctx.Report(node, fmt::format("overrides must be a list of {{from, to, member}}, got {}",
                                 Describe(node)));
    return;
  }
  for (const auto& item : node) {
    core::OnCallOverride o;
    int found = 0;
    const bool ok = ctx.ForEachEntry(item, what + " override", {"from", "to", "member"},
                                     [&](const YAML::Node& k, const YAML::Node& v) {
      if (k.Scalar() == "member") {
        if (auto m = ctx.Text(v, "member")) {
          o.member = *m;
          ++found;
          ctx.Refer("person", *m, v, what);
        }
      } else if (auto day = ReadDay(v, ctx)) {
        (k.Scalar() == "from" ? o.from : o.to) = *day;
        ++found;
      }
    });
    if (!ok) continue;
    if (found != 3) {
      ctx.Report(item, "an override needs from: and to: (dates) and member:");
    } else if (o.to < o.from) {
      ctx.Report(item, "an override ends (to:) before it starts (from:)");
    } else {
      rotation.overrides.push_back(o);
    }
  }
}

}  // namespace

void LoadOnCall(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  ctx.ForEachEntry(section, "oncall", {}, [&](const YAML::Node& key, const YAML::Node& value) {
    if (!ctx.Define("rotation", key.Scalar(), key)) return;
    core::Rotation rotation;
    rotation.id = key.Scalar();
    const std::string what = fmt::format("rotation \"{}\"", rotation.id);
    bool has_team = false, has_start = false, has_members = false;
    std::optional<std::string> weekday;
    std::optional<YAML::Node> start_node;
    const bool is_map = ctx.ForEachEntry(
        value, what, {"team", "handover", "at", "timezone", "start", "members", "overrides"},
        [&](const YAML::Node& k, const YAML::Node& v) {
          const std::string& name = k.Scalar();
          if (name == "team") {
            if (auto team = ctx.Text(v, "team")) {
              rotation.team = *team;
              has_team = true;
              ctx.Refer("team", *team, v, what);
            }
          } else if (name == "handover") {
            auto text = ctx.Text(v, "handover");
            if (text && *text == "daily") rotation.handover = core::Handover::kDaily;
            else if (text && *text == "weekly") rotation.handover = core::Handover::kWeekly;
            else if (text) ctx.Report(v, fmt::format("handover must be daily or weekly, got \"{}\"", *text));
          } else if (name == "at") {
            auto text = ctx.Text(v, "at");
            if (!text) return;
            auto time = core::ParseLocalTime(*text);
            if (!time) {
              ctx.Report(v, "at: " + time.error().message);
            } else {
              rotation.handover_time = core::Seconds{*time};
            }
          } else if (name == "timezone") {
            if (auto tz = ctx.Text(v, "timezone")) {
              rotation.timezone = *tz;
              if (!core::TimeZone::Locate(*tz)) {
                ctx.Report(v, fmt::format("{}: unknown time zone \"{}\": expected an IANA name such "
                                          "as Europe/Berlin",
                                          what, *tz));
              }
            }
          } else if (name == "start") {
            start_node.emplace(v);
            if (auto day = ReadDay(v, ctx)) {
              rotation.start = *day;
              has_start = true;
            }
          } else if (name == "members") {
            if (auto members = ctx.TextList(v, "members")) {
              rotation.members = *members;
              has_members = !members->empty();
              std::size_t i = 0;
              for (const auto& item : v) ctx.Refer("person", (*members)[i++], item, what);
            }
          } else {
            ReadOverrides(v, ctx, rotation, what);
          }
        });
    if (!is_map) return;
    if (!has_team || !has_start || !has_members) {
      ctx.Report(key, fmt::format("{} needs team:, start: (the date of the first hand-over) and "
                                  "members: (at least one)",
                                  what));
      return;
    }
    policy.rotations.push_back(std::move(rotation));
  });
}

void LoadRouting(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  ctx.ForEachEntry(section, "routing", {"order"}, [&](const YAML::Node&, const YAML::Node& v) {
    auto names = ctx.TextList(v, "routing.order");
    if (!names) return;
    core::Routing routing;
    routing.order.clear();
    std::size_t i = 0;
    for (const auto& item : v) {
      const std::string& name = (*names)[i++];
      if (name == "skills") routing.order.push_back(core::RoutingCriterion::kSkills);
      else if (name == "on_call") routing.order.push_back(core::RoutingCriterion::kOnCall);
      else if (name == "working_hours") routing.order.push_back(core::RoutingCriterion::kWorkingHours);
      else if (name == "load") routing.order.push_back(core::RoutingCriterion::kLoad);
      else ctx.Report(item, fmt::format("unknown routing criterion \"{}\": expected skills, "
                                        "on_call, working_hours or load",
                                        name));
    }
    policy.routing = routing;
  });
}

void LoadLimits(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  if (!section.IsSequence()) {
    ctx.Report(section, fmt::format("limits must be a list of {{level or team, "
                                    "max_open_escalations, beyond}}, got {}",
                                    Describe(section)));
    return;
  }
  for (const auto& item : section) {
    core::Limit limit;
    bool has_max = false;
    const bool ok = ctx.ForEachEntry(item, "a limit", {"level", "team", "max_open_escalations", "beyond"},
                                     [&](const YAML::Node& k, const YAML::Node& v) {
      const std::string& name = k.Scalar();
      if (name == "level" || name == "team") {
        if (auto id = ctx.Text(v, name)) {
          (name == "level" ? limit.level : limit.team) = *id;
          ctx.Refer(name, *id, v, "a limit");
        }
      } else if (name == "max_open_escalations") {
        auto n = ctx.Number(v, name);
        if (n && (*n < 1 || *n != static_cast<int>(*n))) {
          ctx.Report(v, "max_open_escalations must be a whole number of at least 1");
        } else if (n) {
          limit.max_open_escalations = static_cast<int>(*n);
          has_max = true;
        }
      } else {
        auto text = ctx.Text(v, name);
        if (text && *text == "queue") limit.beyond = core::OverloadAction::kQueue;
        else if (text && *text == "notify_manager") limit.beyond = core::OverloadAction::kNotifyManager;
        else if (text) ctx.Report(v, fmt::format("beyond must be queue or notify_manager, got \"{}\"", *text));
      }
    });
    if (!ok) continue;
    if (limit.level.has_value() == limit.team.has_value() || !has_max) {
      ctx.Report(item, "a limit needs exactly one of level: or team:, and max_open_escalations:");
      continue;
    }
    policy.limits.push_back(limit);
  }
}

void LoadQuietHours(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  core::QuietHours quiet;
  const bool ok = ctx.ForEachEntry(section, "quiet_hours", {"calendar", "except_priorities", "personal"},
                                   [&](const YAML::Node& k, const YAML::Node& v) {
    if (k.Scalar() == "personal") {
      if (auto flag = ctx.Flag(v, "quiet_hours personal")) quiet.personal = *flag;
    } else if (k.Scalar() == "calendar") {
      if (auto id = ctx.Text(v, "calendar")) {
        quiet.calendar = *id;
        ctx.Refer("calendar", *id, v, "quiet_hours");
      }
    } else if (auto list = ctx.TextList(v, "except_priorities")) {
      quiet.except_priorities = *list;
      std::size_t i = 0;
      for (const auto& item : v) ctx.Refer("priority", (*list)[i++], item, "quiet_hours");
    }
  });
  if (!ok) return;
  if (quiet.calendar.empty()) {
    ctx.Report(section, "quiet_hours needs calendar: (notifications go out while it is open)");
    return;
  }
  policy.quiet_hours = quiet;
}

}  // namespace esc::policy
