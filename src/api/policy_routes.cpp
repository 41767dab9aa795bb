// /api/v1/policy/...: what the web app's policy pages show and do. Staff read the SLA
// targets table and the escalation flowchart (SVG drawn by Graphviz, or DOT); admins
// check a candidate policy text (every problem with its line and column, nothing
// changes), simulate it against the tickets of a recent range side by side with the
// running policy, and install one (checked again, written over the policy file, then
// loaded as a reload would).
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "api/api.h"
#include "api/json_views.h"
#include "api/query_params.h"
#include "api/report_json.h"
#include "api/try.h"
#include "app/graphviz_svg.h"
#include "app/policy_graph.h"
#include "app/service/live_history.h"
#include "app/simulation_run.h"
#include "core/duration.h"
#include "policy/policy_loader.h"

namespace esc::api {
namespace {

using nlohmann::json;
using core::Result;

Result<void> StaffOnly(const app::Actor& actor) {
  if (!actor.staff()) return std::unexpected(core::Error::Forbidden("the policy pages are for staff"));
  return {};
}

Result<void> AdminOnly(const app::Actor& actor, std::string_view what) {
  if (!app::IsAdmin(actor)) {
    return std::unexpected(core::Error::Forbidden(fmt::format("only admins {}", what)));
  }
  return {};
}

json SlaJson(const core::Policy& policy) {
  json items = json::array();
  for (const auto& sla : policy.sla) {
    json targets = json::object();
    for (core::SlaTargetKind kind : core::kAllSlaTargetKinds) {
      const auto& target = sla.Target(kind);
      targets[std::string(core::ToString(kind))] =
          target ? json{{"duration", core::FormatDuration(target->duration)},
                        {"seconds", target->duration.count()},
                        {"calendar", target->calendar}}
                 : json();
    }
    json pause_on = json::array();
    for (auto status : sla.pause_on) pause_on.push_back(core::ToString(status));
    items.push_back({{"name", sla.name},
                     {"when",
                      {{"tiers", sla.tiers},
                       {"priorities", sla.priorities},
                       {"categories", sla.categories},
                       {"channels", sla.channels}}},
                     {"targets", std::move(targets)},
                     {"pause_on", std::move(pause_on)}});
  }
  return {{"version", policy.version}, {"items", std::move(items)}};
}

// The policy text of a check or install: the raw body, YAML.
Result<std::string_view> PolicyText(const http::Request& r) {
  const std::string_view type = r.Header("content-type");
  const bool yaml = type.empty() || type.starts_with("application/yaml") ||
                    type.starts_with("application/x-yaml") || type.starts_with("text/yaml") ||
                    type.starts_with("text/plain");
  if (!yaml) {
    return std::unexpected(core::Error::Invalid(
        fmt::format("the body must be the policy's YAML (Content-Type application/yaml), not {}",
                    type),
        "content-type"));
  }
  if (r.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return std::unexpected(core::Error::Invalid("the body is empty: send the policy's YAML"));
  }
  return std::string_view(r.body);
}

json ProblemsJson(const policy::Diagnostics& problems) {
  json out = json::array();
  for (const auto& d : problems) {
    out.push_back({{"file", d.file},
                   {"line", d.line},
                   {"column", d.column},
                   {"message", d.message},
                   {"text", d.ToString()}});
  }
  return out;
}

json SummaryJson(const core::Policy& p) {
  return {{"levels", p.levels.size()},         {"teams", p.teams.size()},
          {"categories", p.categories.size()}, {"sla", p.sla.size()},
          {"triggers", p.triggers.size()},     {"channels", p.channels.size()}};
}

// How much history a simulation replays: the tickets created in at most this many days,
// at most this many of them (the earliest).
constexpr auto kMaxSimulatedRange = std::chrono::days(400);
constexpr auto kDefaultSimulatedRange = std::chrono::days(30);
constexpr std::size_t kMaxSimulatedTickets = 50000;

// Flowcharts drawn for a policy version, so that Graphviz runs once per version and
// category, not once per page view. A handful of versions are kept.
class SvgCache {
 public:
  Result<std::string> Get(const core::Policy& policy, const std::optional<std::string>& category) {
    const std::string key = policy.version + "\n" + category.value_or("");
    {
      std::lock_guard lock(mutex_);
      if (auto it = svgs_.find(key); it != svgs_.end()) return it->second;
    }
    ESC_ASSIGN_OR_RETURN(auto svg, app::RenderGraphvizSvg(app::RenderPolicyGraph(policy, category)));
    std::lock_guard lock(mutex_);
    if (svgs_.size() >= kMaxEntries) svgs_.clear();
    svgs_.emplace(key, svg);
    return svg;
  }

 private:
  static constexpr std::size_t kMaxEntries = 64;
  std::mutex mutex_;
  std::map<std::string, std::string> svgs_;
};

}  // namespace

void AddPolicyRoutes(Routes& routes, ApiServices& s) {
  routes.Add("GET", "/api/v1/policy/sla", [&s](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(StaffOnly(c.actor()));
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {}));
    return JsonResponse(200, SlaJson(*s.context.policies.Current()));
  });

  auto cache = std::make_shared<SvgCache>();
  routes.Add("GET", "/api/v1/policy/graph", [&s, cache](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(StaffOnly(c.actor()));
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"category", "format"}));
    const auto policy = s.context.policies.Current();
    std::optional<std::string> category;
    if (auto text = c.request.Query("category")) {
      if (*text != "default" && !policy->FindCategory(*text)) {
        return std::unexpected(core::Error::Invalid(
            fmt::format("the policy has no category \"{}\"", *text), "category"));
      }
      category = std::string(*text);
    }
    const std::string format(c.request.Query("format").value_or("svg"));
    http::Response response;
    response.headers.emplace_back("Cache-Control", "private, no-cache");
    response.headers.emplace_back("ETag", fmt::format("\"{}-{}-{}\"", policy->version,
                                                      category.value_or(""), format));
    if (format == "dot") {
      response.content_type = "text/vnd.graphviz; charset=utf-8";
      response.body = app::RenderPolicyGraph(*policy, category);
      return response;
    }
    if (format != "svg") {
      return std::unexpected(core::Error::Invalid("format must be svg or dot", "format"));
    }
    ESC_ASSIGN_OR_RETURN(response.body, cache->Get(*policy, category));
    response.content_type = "image/svg+xml";
    return response;
  });

  routes.Add("POST", "/api/v1/policy/check", [&s](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(AdminOnly(c.actor(), "check policies"));
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {}));
    ESC_ASSIGN_OR_RETURN(auto text, PolicyText(c.request));
    const auto running = s.context.policies.Current();
    auto checked = policy::LoadPolicyText(text, s.policy_file.filename().string(),
                                          s.policy_file.parent_path());
    if (!checked) {
      return JsonResponse(200, {{"ok", false},
                                {"problems", ProblemsJson(checked.error())},
                                {"running_version", running->version}});
    }
    return JsonResponse(200, {{"ok", true},
                              {"version", checked->version},
                              {"problems", json::array()},
                              {"summary", SummaryJson(*checked)},
                              {"running_version", running->version},
                              {"same_as_running", checked->version == running->version}});
  });

  routes.Add("POST", "/api/v1/policy/simulate", [&s](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(AdminOnly(c.actor(), "simulate policies"));
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"from", "to"}));
    ESC_ASSIGN_OR_RETURN(auto from, QueryInstant(c.request, "from", false));
    ESC_ASSIGN_OR_RETURN(auto to, QueryInstant(c.request, "to", true));
    ESC_ASSIGN_OR_RETURN(auto text, PolicyText(c.request));
    const auto now = s.context.clock.Now();
    const app::Instant end = to.value_or(now);
    const app::Instant start = from.value_or(end - kDefaultSimulatedRange);
    if (start >= end) {
      return std::unexpected(core::Error::Invalid("from must be before to", "from"));
    }
    if (end - start > kMaxSimulatedRange) {
      return std::unexpected(core::Error::Invalid("the range is longer than 400 days", "from"));
    }
    const auto running = s.context.policies.Current();
    auto candidate = policy::LoadPolicyText(text, s.policy_file.filename().string(),
                                            s.policy_file.parent_path());
    if (!candidate) {
      return JsonResponse(200, {{"ok", false}, {"problems", ProblemsJson(candidate.error())}});
    }
    ESC_ASSIGN_OR_RETURN(auto history,
                         app::ReadLiveHistory(s.context.store, start, end, kMaxSimulatedTickets));
    const std::size_t tickets = history.tickets.size();
    // Their whole story so far: judged as of now.
    auto outcome = app::RunSimulation(std::move(history.tickets), *running, &*candidate, now);
    json out = {{"from", Time(start)},
                {"to", Time(end)},
                {"tickets", tickets},
                {"truncated", history.truncated},
                {"events", outcome.events},
                {"problems", json::array()}};
    if (outcome.error_count > 0) {
      out["ok"] = false;
      out["errors"] = outcome.errors;
      out["error_count"] = outcome.error_count;
      return JsonResponse(200, out);
    }
    out["ok"] = true;
    out["running"] = SimulationReportJson(outcome.report);
    out["candidate"] = SimulationReportJson(*outcome.candidate);
    return JsonResponse(200, out);
  });

  // The policy file's text, for editing it in the web app: admins only (it may name
  // mailboxes and addresses). `running` says whether the file is what the service runs
  // (false: it changed on disk since it was loaded).
  routes.Add("GET", "/api/v1/policy/source", [&s](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(AdminOnly(c.actor(), "read the policy file"));
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {}));
    if (s.policy_file.empty()) {
      return std::unexpected(core::Error::NotFound("this server runs no policy file"));
    }
    std::ifstream in(s.policy_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      return std::unexpected(core::Error::Unavailable(
          fmt::format("cannot read the policy file {}", s.policy_file.string())));
    }
    const std::string running = s.context.policies.Current()->version;
    const auto loaded = policy::LoadPolicyText(text.str(), s.policy_file.filename().string(),
                                               s.policy_file.parent_path());
    return JsonResponse(200, {{"file", s.policy_file.filename().string()},
                              {"text", text.str()},
                              {"version", running},
                              {"running", loaded && loaded->version == running}});
  });

  routes.Add("PUT", "/api/v1/policy", [&s](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(AdminOnly(c.actor(), "install policies"));
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {}));
    ESC_ASSIGN_OR_RETURN(auto text, PolicyText(c.request));
    if (!s.install_policy) {
      return std::unexpected(core::Error::Unavailable("this server cannot install policies"));
    }
    const std::string previous = s.context.policies.Current()->version;
    ESC_ASSIGN_OR_RETURN(auto version, s.install_policy(std::string(text)));
    return JsonResponse(200, {{"version", version}, {"previous_version", previous}});
  });
}

}  // namespace esc::api
