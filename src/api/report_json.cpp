#include "api/report_json.h"

#include "api/json_views.h"

namespace esc::api {

using nlohmann::json;

json AttainmentJson(const core::TargetAttainment& a) {
  auto share = a.Attainment();
  return {{"met", a.met},
          {"breached", a.breached},
          {"open", a.open},
          {"attainment", share ? json(*share) : json(nullptr)}};
}

json TargetsJson(const std::array<core::TargetAttainment, 3>& targets) {
  json out = json::object();
  for (core::SlaTargetKind kind : core::kAllSlaTargetKinds) {
    out[std::string(core::ToString(kind))] =
        AttainmentJson(targets[static_cast<std::size_t>(kind)]);
  }
  return out;
}

json DurationsJson(const core::DurationSummary& d) {
  return {{"count", d.count}, {"median_seconds", d.median.count()}, {"p90_seconds", d.p90.count()}};
}

json OptionalJson(std::optional<double> value) { return value ? json(*value) : json(nullptr); }

json SimulationReportJson(const core::SimulationReport& r) {
  json by_priority = json::object();
  for (const auto& [priority, targets] : r.sla_by_priority) by_priority[priority] = TargetsJson(targets);
  json load = json::array();
  for (const auto& l : r.load) {
    load.push_back({{"scope", l.scope},
                    {"id", l.id},
                    {"peak", l.peak},
                    {"peak_at", Time(l.peak_at)},
                    {"limit", l.limit ? json(*l.limit) : json()},
                    {"queued", l.queued},
                    {"over_limit", l.over_limit}});
  }
  const double rate = r.tickets == 0 ? 0.0
                                     : static_cast<double>(r.escalated_tickets) /
                                           static_cast<double>(r.tickets);
  return {{"policy_version", r.policy_version},
          {"tickets", r.tickets},
          {"unresolved", r.unresolved},
          {"decisions", {{"total", r.decisions}, {"by_trigger", r.decisions_by_trigger}}},
          {"escalations",
           {{"total", r.escalations},
            {"tickets", r.escalated_tickets},
            {"rate", r.tickets == 0 ? json() : json(rate)},
            {"blocked", r.escalations_blocked},
            {"by_type", r.escalations_by_type},
            {"by_level", r.escalations_by_level}}},
          {"signoffs_required", r.signoffs_required},
          {"notifications", {{"total", r.notifications}, {"held", r.notifications_held}}},
          {"sla", TargetsJson(r.sla)},
          {"sla_by_priority", std::move(by_priority)},
          {"breaches", {{"tickets", r.tickets_breached}, {"cycles", r.breaches}}},
          {"time_to_escalate", DurationsJson(r.time_to_escalate)},
          {"time_to_resolve", DurationsJson(r.time_to_resolve)},
          {"load", std::move(load)}};
}

}  // namespace esc::api
