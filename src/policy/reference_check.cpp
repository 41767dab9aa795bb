#include "policy/reference_check.h"

#include <algorithm>

#include <fmt/format.h>

namespace esc::policy {
namespace {

// Whether `id` of `kind` is defined, and the defined names for the message.
bool Defined(const core::Policy& policy, const std::string& kind, const std::string& id,
             std::vector<std::string>& known) {
  if (kind == "level") {
    for (const auto& l : policy.levels) known.push_back(l.id);
  } else if (kind == "category") {
    for (const auto& c : policy.categories) known.push_back(c.id);
  } else if (kind == "calendar") {
    for (const auto& [name, calendar] : policy.calendars) known.push_back(name);
  } else if (kind == "team") {
    for (const auto& t : policy.teams) known.push_back(t.id);
  } else if (kind == "priority") {
    known = policy.priorities.order;
  } else if (kind == "impact") {
    known = policy.priorities.impacts;
  } else if (kind == "urgency") {
    known = policy.priorities.urgencies;
  } else if (kind == "channel") {
    for (const auto& c : policy.channels) known.push_back(c.id);
  } else if (kind == "person") {
    for (const auto& t : policy.teams) {
      for (const auto& m : t.members) known.push_back(m);
      if (t.manager) known.push_back(*t.manager);
    }
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
  }
  return std::find(known.begin(), known.end(), id) != known.end();
}

// Customers are reached by mail: customer_updates must name an email channel.
void CheckCustomerChannel(YamlContext& ctx, const core::Policy& policy, const Reference& ref) {
  if (ref.kind != "channel" || ref.context != "customer_updates") return;
  for (const auto& channel : policy.channels) {
    if (channel.id == ref.id && channel.type != core::ChannelType::kEmail) {
      ctx.ReportAt(ref.place, fmt::format("customer_updates via: channel \"{}\" is not an email "
                                          "channel; customers are reached by email",
                                          ref.id));
    }
  }
}

}  // namespace

void CheckReferences(YamlContext& ctx, const core::Policy& policy) {
  for (const auto& ref : ctx.references()) {
    std::vector<std::string> known;
    if (Defined(policy, ref.kind, ref.id, known) || ctx.IsDefined(ref.kind, ref.id)) {
      CheckCustomerChannel(ctx, policy, ref);
      continue;
    }
    ctx.ReportAt(ref.place,
               fmt::format("{} refers to an undefined {} \"{}\": expected one of {}", ref.context,
                           ref.kind, ref.id,
                           known.empty() ? std::string("(none defined)")
                                         : fmt::format("{}", fmt::join(known, ", "))));
  }
}

}  // namespace esc::policy
