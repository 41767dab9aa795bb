#include "policy/organisation_loader.h"

#include <algorithm>

#include <fmt/format.h>

namespace esc::policy {

void LoadCategories(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  ctx.ForEachEntry(section, "categories", {}, [&](const YAML::Node& key, const YAML::Node& value) {
    if (!ctx.Define("category", key.Scalar(), key)) return;
    core::Category category{key.Scalar(), key.Scalar(), {}};
    const std::string what = fmt::format("category \"{}\"", category.id);
    ctx.ForEachEntry(value, what, {"name", "keywords"},
                     [&](const YAML::Node& k, const YAML::Node& v) {
      if (k.Scalar() == "name") {
        if (auto name = ctx.Text(v, "name")) category.name = *name;
      } else if (auto words = ctx.TextList(v, "keywords")) {
        category.keywords = *words;
      }
    });
    policy.categories.push_back(std::move(category));
  });
}

void LoadLevels(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  ctx.ForEachEntry(section, "levels", {}, [&](const YAML::Node& key, const YAML::Node& value) {
    if (!ctx.Define("level", key.Scalar(), key)) return;
    core::Level level;
    level.id = key.Scalar();
    level.name = level.id;
    level.rank = static_cast<int>(policy.levels.size());
    const std::string what = fmt::format("level \"{}\"", level.id);
    ctx.ForEachEntry(value, what, {"name", "authority"},
                     [&](const YAML::Node& k, const YAML::Node& v) {
      if (k.Scalar() == "name") {
        if (auto name = ctx.Text(v, "name")) level.name = *name;
        return;
      }
      ctx.ForEachEntry(v, what + " authority", {"refund_limit", "may_approve", "may_deescalate"},
                       [&](const YAML::Node& ak, const YAML::Node& av) {
        if (ak.Scalar() == "refund_limit") {
          auto limit = ctx.Number(av, "refund_limit");
          if (limit && *limit < 0) {
            ctx.Report(av, "refund_limit must not be negative");
          } else if (limit) {
            level.authority.refund_limit = *limit;
          }
        } else if (ak.Scalar() == "may_approve") {
          level.authority.may_approve = ctx.Flag(av, "may_approve").value_or(false);
        } else {
          level.authority.may_deescalate = ctx.Flag(av, "may_deescalate").value_or(false);
        }
      });
    });
    policy.levels.push_back(std::move(level));
  });
}

void LoadTeams(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  ctx.ForEachEntry(section, "teams", {}, [&](const YAML::Node& key, const YAML::Node& value) {
    if (!ctx.Define("team", key.Scalar(), key)) return;
    core::Team team;
    team.id = key.Scalar();
    team.name = team.id;
    const std::string what = fmt::format("team \"{}\"", team.id);
    bool has_level = false;
    const bool is_map = ctx.ForEachEntry(
        value, what,
        {"name", "level", "skills", "members", "lead", "manager", "calendar", "external"},
        [&](const YAML::Node& k, const YAML::Node& v) {
          const std::string& name = k.Scalar();
          if (name == "name") {
            if (auto text = ctx.Text(v, "name")) team.name = *text;
          } else if (name == "level") {
            has_level = true;
            if (auto id = ctx.Text(v, "level")) {
              team.level = *id;
              ctx.Refer("level", *id, v, what);
            }
          } else if (name == "skills") {
            if (auto skills = ctx.TextList(v, "skills")) {
              team.skills = *skills;
              std::size_t i = 0;
              for (const auto& item : v) ctx.Refer("category", (*skills)[i++], item, what + " skills");
            }
          } else if (name == "members") {
            if (auto members = ctx.TextList(v, "members")) team.members = *members;
          } else if (name == "lead") {
            team.lead = ctx.Text(v, "lead");
          } else if (name == "manager") {
            team.manager = ctx.Text(v, "manager");
          } else if (name == "calendar") {
            if (auto id = ctx.Text(v, "calendar")) {
              team.calendar = *id;
              ctx.Refer("calendar", *id, v, what);
            }
          } else {
            team.external = ctx.Flag(v, "external").value_or(false);
          }
        });
    if (!is_map) return;
    if (!has_level) ctx.Report(key, fmt::format("{} needs a level (one of the levels: keys)", what));
    if (team.lead && std::find(team.members.begin(), team.members.end(), *team.lead) ==
                         team.members.end()) {
      ctx.Report(value["lead"], fmt::format("the lead \"{}\" of {} is not one of its members",
                                            *team.lead, what));
    }
    policy.teams.push_back(std::move(team));
  });
}

void CheckLevelsStaffed(YamlContext& ctx, const core::Policy& policy) {
  if (policy.teams.empty()) return;
  for (const auto& level : policy.levels) {
    const bool staffed = std::any_of(policy.teams.begin(), policy.teams.end(),
                                     [&](const core::Team& t) { return t.level == level.id; });
    if (staffed) continue;
    if (auto place = ctx.PlaceOf("level", level.id)) {
      ctx.ReportAt(*place, fmt::format("level \"{}\" has no team: escalations to it could not "
                                       "be received (give a team level: {})",
                                       level.id, level.id));
    }
  }
}

}  // namespace esc::policy
