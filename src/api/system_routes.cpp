// Operations and shared reference data: health and readiness, Prometheus metrics, the
// policy (teams, levels, categories; reload by an admin), the live event stream, and the
// test clock that exists only under --testing.
#include <fmt/format.h>

#include "api/api.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "api/query_params.h"
#include "api/try.h"
#include "core/rfc3339.h"

namespace esc::api {
namespace {

using nlohmann::json;
using core::Result;

// Adapts a live-event subscription to the server's EventFeed.
class LiveFeed final : public http::EventFeed {
 public:
  explicit LiveFeed(std::shared_ptr<app::LiveEvents::Subscription> subscription)
      : subscription_(std::move(subscription)) {}
  void Start(std::function<void()> wake) override { subscription_->OnReady(std::move(wake)); }
  std::string Take() override { return subscription_->Take(); }

 private:
  std::shared_ptr<app::LiveEvents::Subscription> subscription_;
};

json PolicyJson(const core::Policy& p) {
  json levels = json::array(), teams = json::array(), categories = json::array();
  for (const auto& l : p.levels) {
    levels.push_back({{"id", l.id},
                      {"name", l.name},
                      {"rank", l.rank},
                      {"may_approve", l.authority.may_approve},
                      {"may_deescalate", l.authority.may_deescalate}});
  }
  for (const auto& t : p.teams) {
    teams.push_back({{"id", t.id},
                     {"name", t.name},
                     {"level", t.level},
                     {"skills", t.skills},
                     {"members", t.members},
                     {"lead", t.lead ? json(*t.lead) : json()},
                     {"manager", t.manager ? json(*t.manager) : json()}});
  }
  for (const auto& c : p.categories) categories.push_back({{"id", c.id}, {"name", c.name}});
  return {{"version", p.version},
          {"levels", std::move(levels)},
          {"teams", std::move(teams)},
          {"categories", std::move(categories)},
          {"priorities", p.priorities.order},
          {"impacts", p.priorities.impacts},
          {"urgencies", p.priorities.urgencies}};
}

}  // namespace

void AddSystemRoutes(Routes& routes, ApiServices& s) {
  routes.Add(
      "GET", "/healthz",
      [](Call&) -> Result<http::Response> { return JsonResponse(200, {{"status", "ok"}}); }, true);

  routes.Add(
      "GET", "/readyz",
      [&s](Call&) -> Result<http::Response> {
        const bool ready = !s.ready || s.ready();
        return JsonResponse(ready ? 200 : 503, {{"status", ready ? "ready" : "not ready"}});
      },
      true);

  routes.Add(
      "GET", "/metrics",
      [&s](Call&) -> Result<http::Response> {
        http::Response response;
        response.content_type = "text/plain; version=0.0.4";
        response.body = s.metrics.Render();
        return response;
      },
      true);

  routes.Add("GET", "/api/v1/policy", [&s](Call&) -> Result<http::Response> {
    return JsonResponse(200, PolicyJson(*s.context.policies.Current()));
  });

  routes.Add("POST", "/api/v1/policy/reload", [&s](Call& c) -> Result<http::Response> {
    if (!app::IsAdmin(c.actor())) {
      return std::unexpected(core::Error::Forbidden("only admins reload the policy"));
    }
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto version, s.reload_policy());
    return JsonResponse(200, {{"version", version}});
  });

  routes.Add("GET", "/api/v1/events", [&s](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {}));
    const app::Actor actor = c.actor();
    auto subscription = s.context.live.Subscribe(
        [actor](const app::LiveEvent& event) -> const std::string* {
          if (actor.staff()) return &event.data;
          if (event.internal || !actor.customer_id || *actor.customer_id != event.customer_id) {
            return nullptr;
          }
          return &event.public_data;
        });
    http::Response response;
    response.feed = std::make_shared<LiveFeed>(std::move(subscription));
    return response;
  });

  if (s.test_clock) {
    routes.Add(
        "GET", "/_test/clock",
        [&s](Call&) -> Result<http::Response> {
          return JsonResponse(200, {{"now", Time(s.test_clock->Now())}});
        },
        true);
    routes.Add(
        "POST", "/_test/clock",
        [&s](Call& c) -> Result<http::Response> {
          ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
          ESC_ASSIGN_OR_RETURN(auto set, body.String("set"));
          ESC_ASSIGN_OR_RETURN(auto advance, body.Integer("advance_seconds"));
          ESC_RETURN_IF_ERROR(body.Finish());
          if (set.has_value() == advance.has_value()) {
            return std::unexpected(
                core::Error::Invalid("give exactly one of \"set\" and \"advance_seconds\""));
          }
          app::Instant target = s.test_clock->Now();
          if (set) {
            auto parsed = core::ParseDateTime(*set);
            if (!parsed || !parsed->utc_offset) {
              return std::unexpected(core::Error::Invalid(
                  "set must be an RFC 3339 instant with an offset, like 2026-03-06T16:30:00Z", "set"));
            }
            target = core::ToInstant(*parsed);
          } else {
            if (*advance < 0 || *advance > 10LL * 366 * 86400) {
              return std::unexpected(core::Error::Invalid(
                  "advance_seconds must be from 0 to ten years", "advance_seconds"));
            }
            target += core::Seconds{*advance};
          }
          ESC_ASSIGN_OR_RETURN(auto fired, s.scheduler.AdvanceTo(*s.test_clock, target));
          if (s.clock_moved) s.clock_moved();
          return JsonResponse(200, {{"now", Time(s.test_clock->Now())},
                                    {"evaluated", fired}});
        },
        true);
  }
}

}  // namespace esc::api
