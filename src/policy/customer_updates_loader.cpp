#include "policy/customer_updates_loader.h"

#include <fmt/format.h>

namespace esc::policy {
namespace {

std::string KnownUpdates() {
  std::string names;
  for (const auto update : core::AllCustomerUpdates()) {
    names += (names.empty() ? "" : ", ") + std::string(core::ToString(update));
  }
  return names;
}

}  // namespace

void LoadCustomerUpdates(const YAML::Node& section, YamlContext& ctx, core::Policy& policy) {
  core::CustomerUpdates updates;
  const bool ok = ctx.ForEachEntry(
      section, "customer_updates", {"via", "send", "feedback_after", "feedback_link_valid"},
      [&](const YAML::Node& k, const YAML::Node& v) {
        const std::string& key = k.Scalar();
        if (key == "via") {
          if (auto id = ctx.Text(v, "via")) {
            updates.via = *id;
            ctx.Refer("channel", *id, v, "customer_updates");
          }
        } else if (key == "send") {
          auto list = ctx.TextList(v, "send");
          if (!list) return;
          updates.send.clear();
          std::size_t i = 0;
          for (const auto& item : v) {
            const std::string& name = (*list)[i++];
            const auto update = core::ParseCustomerUpdate(name);
            if (!update) {
              ctx.Report(item, fmt::format("unknown customer update \"{}\"; expected one of: {}",
                                           name, KnownUpdates()));
              continue;
            }
            if (!updates.Sends(*update)) updates.send.push_back(*update);
          }
        } else if (key == "feedback_after") {
          // 0 (at once with the resolution) or a duration such as 1h or 2d.
          if (v.IsScalar() && v.Scalar() == "0") {
            updates.feedback_after = std::chrono::seconds(0);
          } else if (auto after = ctx.PositiveDuration(v, "feedback_after")) {
            updates.feedback_after = *after;
          }
        } else if (auto valid = ctx.PositiveDuration(v, "feedback_link_valid")) {
          updates.feedback_link_valid = *valid;
        }
      });
  if (!ok) return;
  if (updates.via.empty()) {
    ctx.Report(section, "customer_updates needs via: (the email channel that reaches customers)");
    return;
  }
  policy.customer_updates = updates;
}

}  // namespace esc::policy
