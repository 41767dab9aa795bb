#include "policy/trigger_loader.h"

#include <cstdlib>

#include <fmt/format.h>

#include "core/duration.h"

namespace esc::policy {
namespace {

using core::Seconds;

constexpr std::string_view kActions =
    "escalate, notify, set_priority, assign, tag or require_signoff";

std::optional<core::SlaTargetKind> ReadTargetKind(const YAML::Node& node, YamlContext& ctx) {
  auto text = ctx.Text(node, "target");
  if (!text) return std::nullopt;
  for (auto kind : core::kAllSlaTargetKinds) {
    if (core::ToString(kind) == *text) return kind;
  }
  ctx.Report(node, fmt::format("unknown SLA target \"{}\": expected first_response, next_update "
                               "or resolution",
                               *text));
  return std::nullopt;
}

void ReadSla(const YAML::Node& node, YamlContext& ctx, core::TriggerConditions& when) {
  core::SlaPoint point;
  bool has_target = false, has_at = false, ok = true;
  ctx.ForEachEntry(node, "sla", {"target", "at"}, [&](const YAML::Node& k, const YAML::Node& v) {
    if (k.Scalar() == "target") {
      has_target = true;
      auto kind = ReadTargetKind(v, ctx);
      ok = ok && kind.has_value();
      if (kind) point.target = *kind;
      return;
    }
    has_at = true;
    auto text = ctx.Text(v, "at");
    std::string error;
    auto parsed = text ? ParseSlaPoint(*text, &error) : std::nullopt;
    if (text && !parsed) ctx.Report(v, error);
    ok = ok && parsed.has_value();
    if (parsed) {
      point.percent_used = parsed->percent_used;
      point.offset = parsed->offset;
    }
  });
  if (!node.IsMap()) return;
  if (!has_target || !has_at) {
    ctx.Report(node, "sla needs target: (first_response, next_update or resolution) and at: "
                     "(such as 75%, -25%, breach or +1h)");
    return;
  }
  if (ok) when.sla = point;
}

bool ReadConditions(const YAML::Node& node, YamlContext& ctx, core::TriggerConditions& when,
                    const std::string& what) {
  int count = 0;
  const bool is_map = ctx.ForEachEntry(
      node, what + " when",
      {"sla", "unassigned_for", "no_update_for", "priority", "category", "tier", "channel",
       "customer_replies", "reopened", "words", "sentiment_below", "customer_asked_to_escalate"},
      [&](const YAML::Node& key, const YAML::Node& value) {
        ++count;
        const std::string& k = key.Scalar();
        if (k == "sla") {
          ReadSla(value, ctx, when);
        } else if (k == "unassigned_for" || k == "no_update_for") {
          (k == "unassigned_for" ? when.unassigned_for : when.no_update_for) =
              ctx.PositiveDuration(value, k);
        } else if (k == "priority" || k == "category" || k == "tier" || k == "channel") {
          auto values = ctx.TextList(value, k);
          if (!values) return;
          if (k == "priority" || k == "category") {
            std::size_t i = 0;
            for (const auto& item : value) ctx.Refer(k, (*values)[i++], item, what);
          }
          (k == "priority"   ? when.priorities
           : k == "category" ? when.categories
           : k == "tier"     ? when.tiers
                             : when.channels) = *values;
        } else if (k == "customer_replies") {
          auto n = ctx.Number(value, k);
          if (n && (*n < 1 || *n != static_cast<int>(*n))) {
            ctx.Report(value, "customer_replies must be a whole number of at least 1");
          } else if (n) {
            when.customer_replies = static_cast<int>(*n);
          }
        } else if (k == "reopened" || k == "customer_asked_to_escalate") {
          (k == "reopened" ? when.reopened : when.customer_asked_to_escalate) = ctx.Flag(value, k);
        } else if (k == "words") {
          if (auto words = ctx.TextList(value, k)) when.words = *words;
        } else {
          auto n = ctx.Number(value, k);
          if (n && (*n < -1 || *n > 1)) {
            ctx.Report(value, "sentiment_below must be between -1 (most negative) and 1");
          } else {
            when.sentiment_below = n;
          }
        }
      });
  if (is_map && count == 0) ctx.Report(node, fmt::format("{} has no conditions", what));
  return is_map;
}

std::optional<core::TriggerAction> ReadAction(const YAML::Node& node, YamlContext& ctx,
                                              const std::string& what) {
  if (!node.IsMap() || node.size() != 1) {
    ctx.Report(node, fmt::format("each action of {} must be one of {}, written as a one-key map "
                                 "such as {{escalate: next_level}}",
                                 what, kActions));
    return std::nullopt;
  }
  const YAML::Node key = node.begin()->first;
  const YAML::Node value = node.begin()->second;
  const std::string& name = key.Scalar();
  if (name == "escalate") {
    if (value.IsScalar() && value.Scalar() == "next_level") return core::EscalateAction{};
    core::EscalateAction action;
    bool set = false;
    ctx.ForEachEntry(value, "escalate (next_level, {team: ...} or {level: ...})", {"team", "level"},
                     [&](const YAML::Node& k, const YAML::Node& v) {
      auto id = ctx.Text(v, k.Scalar());
      if (!id || set) return;
      set = true;
      action.kind = k.Scalar() == "team" ? core::EscalationKind::kToTeam
                                         : core::EscalationKind::kToLevel;
      action.target = *id;
      ctx.Refer(k.Scalar(), *id, v, what);
    });
    if (!set) return std::nullopt;
    return action;
  }
  if (name == "notify") {
    core::NotifyAction action;
    bool has_to = false;
    ctx.ForEachEntry(value, "notify", {"to", "via"}, [&](const YAML::Node& k, const YAML::Node& v) {
      auto list = ctx.TextList(v, k.Scalar());
      if (!list) return;
      std::size_t i = 0;
      for (const auto& item : v) {
        const std::string& entry = (*list)[i++];
        if (k.Scalar() == "via") {
          action.channels.push_back(entry);
          ctx.Refer("channel", entry, item, what);
        } else if (auto role = core::ParseRecipientRole(entry)) {
          has_to = true;
          action.roles.push_back(*role);
        } else {
          has_to = true;
          action.people.push_back(entry);
          ctx.Refer("person", entry, item, what);
        }
      }
    });
    if (value.IsMap() && !has_to) {
      ctx.Report(value, "notify needs to: roles (assignee, team, team_lead, manager, customer, "
                        "on_call) or people");
    }
    return action;
  }
  if (name == "set_priority") {
    auto id = ctx.Text(value, name);
    if (!id) return std::nullopt;
    ctx.Refer("priority", *id, value, what);
    return core::SetPriorityAction{*id};
  }
  if (name == "assign") {
    std::optional<std::string> team;
    ctx.ForEachEntry(value, "assign", {"team"}, [&](const YAML::Node&, const YAML::Node& v) {
      team = ctx.Text(v, "team");
      if (team) ctx.Refer("team", *team, v, what);
    });
    if (!team) return std::nullopt;
    return core::AssignAction{*team};
  }
  if (name == "tag") {
    auto tag = ctx.Text(value, name);
    if (!tag) return std::nullopt;
    return core::TagAction{*tag};
  }
  if (name == "require_signoff") {
    auto flag = ctx.Flag(value, name);
    if (flag && !*flag) ctx.Report(value, "require_signoff: false does nothing: leave it out");
    if (!flag || !*flag) return std::nullopt;
    return core::RequireSignoffAction{};
  }
  ctx.Report(key, fmt::format("unknown action \"{}\": expected {}", name, kActions));
  return std::nullopt;
}

void LoadOne(const YAML::Node& node, YamlContext& ctx, core::Policy& policy) {
  core::Trigger trigger;
  std::optional<YAML::Node> when_node, then_node, repeat_node;
  const bool is_map = ctx.ForEachEntry(node, "a trigger", {"name", "when", "then", "repeat"},
                                       [&](const YAML::Node& k, const YAML::Node& v) {
    if (k.Scalar() == "name") {
      auto name = ctx.Text(v, "name");
      if (name) ctx.Define("trigger", *name, v);
      if (name) trigger.name = *name;
    } else if (k.Scalar() == "when") {
      when_node.emplace(v);
    } else if (k.Scalar() == "then") {
      then_node.emplace(v);
    } else {
      repeat_node.emplace(v);
    }
  });
  if (!is_map) return;
  if (trigger.name.empty()) {
    ctx.Report(node, "a trigger needs a name");
    return;
  }
  const std::string what = fmt::format("trigger \"{}\"", trigger.name);
  if (!when_node || !then_node) {
    ctx.Report(node, fmt::format("{} needs when: (conditions) and then: (actions)", what));
    return;
  }
  ReadConditions(*when_node, ctx, trigger.when, what);
  if (!then_node->IsSequence() || then_node->size() == 0) {
    ctx.Report(*then_node, fmt::format("then of {} must be a non-empty list of actions", what));
  } else {
    for (const auto& item : *then_node) {
      if (auto action = ReadAction(item, ctx, what)) trigger.then.push_back(*action);
    }
  }
  if (repeat_node) {
    core::Repeat repeat;
    bool has_every = false, has_times = false;
    ctx.ForEachEntry(*repeat_node, "repeat", {"every", "times"},
                     [&](const YAML::Node& k, const YAML::Node& v) {
      if (k.Scalar() == "every") {
        has_every = true;
        if (auto d = ctx.PositiveDuration(v, "every")) repeat.every = *d;
      } else {
        has_times = true;
        auto n = ctx.Number(v, "times");
        if (n && (*n < 1 || *n > 100 || *n != static_cast<int>(*n))) {
          ctx.Report(v, "times must be a whole number from 1 to 100");
        } else if (n) {
          repeat.times = static_cast<int>(*n);
        }
      }
    });
    if (repeat_node->IsMap() && (!has_every || !has_times)) {
      ctx.Report(*repeat_node, "repeat needs every: (such as 30m) and times: (such as 3)");
    }
    const bool repeatable = std::any_of(trigger.then.begin(), trigger.then.end(), [](const auto& a) {
      return std::holds_alternative<core::EscalateAction>(a) ||
             std::holds_alternative<core::NotifyAction>(a);
    });
    if (!repeatable) {
      ctx.Report(*repeat_node, fmt::format("{} repeats but has no escalate or notify action to "
                                           "repeat",
                                           what));
    }
    trigger.repeat = repeat;
  }
  policy.triggers.push_back(std::move(trigger));
}

}  // namespace

std::optional<core::SlaPoint> ParseSlaPoint(std::string_view text, std::string* error) {
  core::SlaPoint point;
  const std::string expected = fmt::format(
      "invalid SLA point \"{}\": expected a share used (75%), a share before or after the "
      "deadline (-25%, +10%), breach (or 0), or a time before or after it (-30m, +1h)",
      text);
  if (text == "breach" || text == "0") return point;
  if (!text.empty() && text.back() == '%') {
    const std::string number(text.substr(0, text.size() - 1));
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || value < -100 || value > 1000) {
      *error = expected;
      return std::nullopt;
    }
    const bool relative = number.front() == '+' || number.front() == '-';
    point.percent_used = relative ? 100 + value : value;
    if (point.percent_used <= 0) {
      *error = fmt::format("SLA point \"{}\" is at or before the start of the clock", text);
      return std::nullopt;
    }
    return point;
  }
  if (text.size() > 1 && (text.front() == '+' || text.front() == '-')) {
    auto d = core::ParseDuration(text.substr(1));
    if (d && *d > Seconds{0}) {
      point.offset = text.front() == '-' ? -*d : *d;
      return point;
    }
  }
  *error = expected;
  return std::nullopt;
}

void LoadTriggers(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  if (!section.IsSequence()) {
    ctx.Report(section, fmt::format("triggers must be a list of {{name, when, then}} rules, got {}",
                                    Describe(section)));
    return;
  }
  for (const auto& node : section) LoadOne(node, ctx, policy);
}

}  // namespace esc::policy
