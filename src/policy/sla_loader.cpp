#include "policy/sla_loader.h"

#include <fmt/format.h>

#include "core/duration.h"

namespace esc::policy {
namespace {

using core::SlaPolicy;
using core::SlaTargetKind;

void ReadConditions(const YAML::Node& node, YamlContext& ctx, SlaPolicy& sla,
                    const std::string& what) {
  ctx.ForEachEntry(node, what + " when", {"tier", "priority", "category", "channel"},
                   [&](const YAML::Node& key, const YAML::Node& value) {
    const std::string& name = key.Scalar();
    auto values = ctx.TextList(value, name);
    if (!values) return;
    if (values->empty()) ctx.Report(value, fmt::format("{} needs at least one value", name));
    if (name == "priority" || name == "category") {
      std::size_t i = 0;
      for (const auto& item : value) ctx.Refer(name, (*values)[i++], item, what);
    }
    if (name == "tier") sla.tiers = *values;
    if (name == "priority") sla.priorities = *values;
    if (name == "category") sla.categories = *values;
    if (name == "channel") sla.channels = *values;
  });
}

std::optional<core::SlaTargetSpec> ReadTarget(const YAML::Node& node, YamlContext& ctx,
                                              const std::string& what) {
  core::SlaTargetSpec target;
  YAML::Node duration_node = node;
  if (node.IsMap()) {
    bool has_duration = false;
    ctx.ForEachEntry(node, what, {"duration", "calendar"},
                     [&](const YAML::Node& key, const YAML::Node& value) {
      if (key.Scalar() == "duration") {
        has_duration = true;
        duration_node.reset(value);
      } else if (auto id = ctx.Text(value, "calendar")) {
        target.calendar = *id;
        ctx.Refer("calendar", *id, value, what);
      }
    });
    if (!has_duration) {
      ctx.Report(node, fmt::format("{} needs a duration such as 4h", what));
      return std::nullopt;
    }
  }
  auto duration = ctx.PositiveDuration(duration_node, what);
  if (!duration) return std::nullopt;
  target.duration = *duration;
  return target;
}

void CheckTargetsCanBeMet(const SlaPolicy& sla, const YAML::Node& targets_node, YamlContext& ctx) {
  const auto& resolution = sla.Target(SlaTargetKind::kResolution);
  if (!resolution) return;
  for (SlaTargetKind kind : {SlaTargetKind::kFirstResponse, SlaTargetKind::kNextUpdate}) {
    const auto& target = sla.Target(kind);
    if (!target || target->calendar != resolution->calendar) continue;
    if (target->duration <= resolution->duration) continue;
    ctx.Report(targets_node[std::string(core::ToString(kind))],
               fmt::format("SLA \"{}\": {} ({}) is longer than resolution ({}) on the same "
                           "calendar, so it could never matter",
                           sla.name, core::ToString(kind), core::FormatDuration(target->duration),
                           core::FormatDuration(resolution->duration)));
  }
}

void LoadOne(const YAML::Node& node, YamlContext& ctx, core::Policy& policy,
             std::optional<std::string>& catch_all) {
  SlaPolicy sla;
  std::string default_calendar;
  std::optional<YAML::Node> targets_node;
  const bool is_map = ctx.ForEachEntry(
      node, "an SLA policy", {"name", "when", "calendar", "targets", "pause_on"},
      [&](const YAML::Node& key, const YAML::Node& value) {
        const std::string& k = key.Scalar();
        if (k == "name") {
          if (auto name = ctx.Text(value, "name")) {
            sla.name = *name;
            ctx.Define("SLA policy", *name, value);
          }
        } else if (k == "calendar") {
          if (auto id = ctx.Text(value, "calendar")) {
            default_calendar = *id;
            ctx.Refer("calendar", *id, value, "SLA policy");
          }
        } else if (k == "targets") {
          targets_node.emplace(value);
        } else if (k == "pause_on") {
          auto statuses = ctx.TextList(value, "pause_on");
          if (!statuses) return;
          std::size_t i = 0;
          for (const auto& item : value) {
            const std::string& name = (*statuses)[i++];
            auto status = core::ParseTicketStatus(name);
            if (!status || *status == core::TicketStatus::kResolved ||
                *status == core::TicketStatus::kClosed) {
              ctx.Report(item, fmt::format("pause_on: \"{}\" is not a status a clock can pause in "
                                           "(expected waiting_on_customer, waiting_on_third_party, "
                                           "new, open or reopened)",
                                           name));
              continue;
            }
            sla.pause_on.push_back(*status);
          }
        }
      });
  if (!is_map) return;
  if (sla.name.empty()) {
    ctx.Report(node, "an SLA policy needs a name");
    return;
  }
  const std::string what = fmt::format("SLA \"{}\"", sla.name);
  if (const YAML::Node when = node["when"]) ReadConditions(when, ctx, sla, what);
  if (!targets_node) {
    ctx.Report(node, fmt::format("{} needs targets: first_response, next_update and/or resolution",
                                 what));
    return;
  }
  ctx.ForEachEntry(*targets_node, what + " targets", {"first_response", "next_update", "resolution"},
                   [&](const YAML::Node& key, const YAML::Node& value) {
    for (SlaTargetKind kind : core::kAllSlaTargetKinds) {
      if (key.Scalar() != core::ToString(kind)) continue;
      auto target = ReadTarget(value, ctx, fmt::format("{} {}", what, key.Scalar()));
      if (!target) return;
      if (target->calendar.empty()) target->calendar = default_calendar;
      if (target->calendar.empty()) {
        ctx.Report(value, fmt::format("{} {} has no calendar: give the policy a calendar: or the "
                                      "target {{duration, calendar}}",
                                      what, key.Scalar()));
        return;
      }
      sla.targets[static_cast<std::size_t>(kind)] = *target;
    }
  });
  CheckTargetsCanBeMet(sla, *targets_node, ctx);
  if (catch_all) {
    ctx.Report(node, fmt::format("{} can never apply: \"{}\" above it has no conditions and "
                                 "matches every ticket",
                                 what, *catch_all));
  } else if (sla.tiers.empty() && sla.priorities.empty() && sla.categories.empty() &&
             sla.channels.empty()) {
    catch_all = sla.name;
  }
  policy.sla.push_back(std::move(sla));
}

}  // namespace

void LoadSlaPolicies(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  if (!section.IsSequence()) {
    ctx.Report(section, fmt::format("sla must be a list of SLA policies (the first that matches "
                                    "applies), got {}",
                                    Describe(section)));
    return;
  }
  std::optional<std::string> catch_all;
  for (const auto& existing : policy.sla) {  // SLA policies from files included before
    const bool any = !existing.tiers.empty() || !existing.priorities.empty() ||
                     !existing.categories.empty() || !existing.channels.empty();
    if (!any && !catch_all) catch_all = existing.name;
  }
  for (const auto& node : section) LoadOne(node, ctx, policy, catch_all);
}

}  // namespace esc::policy
