// The outbox for admins: notifications by state (with the last error, attempts and the
// next attempt) and putting a dead one back to pending.
#include "api/api.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "api/query_params.h"
#include "api/try.h"

namespace esc::api {

using core::Result;
using nlohmann::json;

void AddNotificationRoutes(Routes& routes, ApiServices& s) {
  routes.Add("GET", "/api/v1/notifications", [&s](Call& c) -> Result<http::Response> {
    if (!s.notifications) return std::unexpected(core::Error::NotFound("no outbox here"));
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"state", "limit", "offset"}));
    ESC_ASSIGN_OR_RETURN(auto page, QueryPage(c.request));
    const std::string state(c.request.Query("state").value_or(""));
    ESC_ASSIGN_OR_RETURN(auto rows,
                         s.notifications->List(c.actor(), state, page.limit, page.offset));
    json items = json::array();
    for (const auto& row : rows) items.push_back(OutboxJson(row));
    return JsonResponse(
        200, {{"items", std::move(items)}, {"limit", page.limit}, {"offset", page.offset}});
  });

  routes.Add("POST", "/api/v1/notifications/{id}/retry", [&s](Call& c) -> Result<http::Response> {
    if (!s.notifications) return std::unexpected(core::Error::NotFound("no outbox here"));
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    if (!c.request.body.empty()) {
      ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
      ESC_RETURN_IF_ERROR(body.Finish());
    }
    ESC_ASSIGN_OR_RETURN(auto row, s.notifications->Retry(c.actor(), id));
    return JsonResponse(200, OutboxJson(row));
  });
}

}  // namespace esc::api
