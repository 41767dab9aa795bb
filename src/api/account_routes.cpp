// Sessions (log in and out), the caller's own account and notification preferences,
// customers, users and API tokens.
#include <fmt/format.h>

#include "api/api.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "api/query_params.h"
#include "api/try.h"
#include "app/service/notification_preferences.h"

namespace esc::api {
namespace {

using nlohmann::json;
using core::Result;

Result<app::Id> PathId(const std::string& text) {
  ESC_ASSIGN_OR_RETURN(auto id, ParseId(text));
  return id;
}

json PreferencesJson(const app::PreferencesView& view) {
  const auto& quiet = view.preferences.quiet_hours;
  return {{"user_id", view.user.id},
          {"username", view.user.username},
          {"channels", view.preferences.channels},
          {"quiet_hours", quiet ? json(app::FormatQuietHours(*quiet)) : json(nullptr)},
          {"timezone", quiet ? json(quiet->timezone) : json(nullptr)},
          {"quiet_hours_apply", view.quiet_hours_apply},
          {"policy_channels", view.policy_channels}};
}

// PUT body: {"channels": [...], "quiet_hours": "22:00-07:00" | null, "timezone": ... | null};
// every field may be left out (none).
Result<app::PreferencesInput> PreferencesBody(const http::Request& request) {
  auto raw = json::parse(request.body, nullptr, false);
  if (raw.is_object()) {  // null means none, like a missing field
    for (const char* field : {"channels", "quiet_hours", "timezone"}) {
      if (raw.contains(field) && raw[field].is_null()) raw.erase(field);
    }
  }
  ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(raw.is_discarded() ? request.body : raw.dump()));
  app::PreferencesInput input;
  ESC_ASSIGN_OR_RETURN(input.channels, body.Strings("channels"));
  ESC_ASSIGN_OR_RETURN(input.quiet_hours, body.String("quiet_hours"));
  ESC_ASSIGN_OR_RETURN(input.timezone, body.String("timezone"));
  ESC_RETURN_IF_ERROR(body.Finish());
  return input;
}

}  // namespace

void AddAccountRoutes(Routes& routes, ApiServices& s) {
  auto& accounts = s.accounts;

  routes.Add(
      "POST", "/api/v1/session",
      [&s, &accounts](Call& c) -> Result<http::Response> {
        ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
        ESC_ASSIGN_OR_RETURN(auto username, body.String("username", true));
        ESC_ASSIGN_OR_RETURN(auto password, body.String("password", true));
        ESC_RETURN_IF_ERROR(body.Finish());
        ESC_ASSIGN_OR_RETURN(auto session, accounts.Login(*username, *password, c.request.remote));
        auto response = JsonResponse(201, {{"user", UserJson(session.user)},
                                           {"csrf_token", session.csrf_token},
                                           {"expires_at", Time(session.expires_at)}});
        response.headers.emplace_back("Set-Cookie", SessionCookie(s, session));
        return response;
      },
      true);

  routes.Add("DELETE", "/api/v1/session", [&accounts](Call& c) -> Result<http::Response> {
    const std::string_view cookie = c.request.Header("cookie");
    const std::string key = std::string(kSessionCookie) + "=";
    const auto at = cookie.find(key);
    if (at != std::string_view::npos) {
      auto value = cookie.substr(at + key.size());
      value = value.substr(0, value.find(';'));
      ESC_RETURN_IF_ERROR(accounts.Logout(std::string(value)));
    }
    auto response = JsonResponse(200, {{"logged_out", true}});
    response.headers.emplace_back(
        "Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", kSessionCookie));
    return response;
  });

  routes.Add("GET", "/api/v1/me", [&s, &accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto user, accounts.GetUser(c.actor(), c.actor().user_id));
    json body = UserJson(user);
    if (!c.caller->csrf_token.empty()) body["csrf_token"] = c.caller->csrf_token;
    // The service's clock (the manual one under --testing): the web app's countdowns
    // measure from it, not from the browser's clock.
    body["now"] = Time(s.context.clock.Now());
    return JsonResponse(200, body);
  });

  routes.Add("GET", "/api/v1/me/notification-preferences", [&s](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto view,
                         app::GetNotificationPreferences(s.context, c.actor(), c.actor().user_id));
    return JsonResponse(200, PreferencesJson(view));
  });

  routes.Add("PUT", "/api/v1/me/notification-preferences", [&s](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto input, PreferencesBody(c.request));
    ESC_ASSIGN_OR_RETURN(auto view, app::PutNotificationPreferences(s.context, c.actor(),
                                                                    c.actor().user_id, input));
    return JsonResponse(200, PreferencesJson(view));
  });

  routes.Add("GET", "/api/v1/users/{id}/notification-preferences",
             [&s](Call& c) -> Result<http::Response> {
               ESC_ASSIGN_OR_RETURN(auto id, PathId(c.params[0]));
               ESC_ASSIGN_OR_RETURN(auto view,
                                    app::GetNotificationPreferences(s.context, c.actor(), id));
               return JsonResponse(200, PreferencesJson(view));
             });

  routes.Add("PUT", "/api/v1/users/{id}/notification-preferences",
             [&s](Call& c) -> Result<http::Response> {
               ESC_ASSIGN_OR_RETURN(auto id, PathId(c.params[0]));
               ESC_ASSIGN_OR_RETURN(auto input, PreferencesBody(c.request));
               ESC_ASSIGN_OR_RETURN(
                   auto view, app::PutNotificationPreferences(s.context, c.actor(), id, input));
               return JsonResponse(200, PreferencesJson(view));
             });

  routes.Add("POST", "/api/v1/customers", [&accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto name, body.String("name", true));
    ESC_ASSIGN_OR_RETURN(auto tier, body.String("tier", true));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto customer, accounts.CreateCustomer(c.actor(), *name, *tier));
    return JsonResponse(201, CustomerJson(customer));
  });

  routes.Add("GET", "/api/v1/customers", [&accounts](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"limit", "offset"}));
    ESC_ASSIGN_OR_RETURN(auto page, QueryPage(c.request));
    ESC_ASSIGN_OR_RETURN(auto rows, accounts.ListCustomers(c.actor(), page.limit, page.offset));
    json items = json::array();
    for (const auto& row : rows) items.push_back(CustomerJson(row));
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("GET", "/api/v1/customers/{id}", [&accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, PathId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto customer, accounts.GetCustomer(c.actor(), id));
    json body = CustomerJson(customer);
    if (c.actor().staff()) {
      ESC_ASSIGN_OR_RETURN(auto contacts, accounts.ListUsers(c.actor(), id, 200, 0));
      json list = json::array();
      for (const auto& u : contacts) list.push_back(UserJson(u));
      body["contacts"] = std::move(list);
    }
    return JsonResponse(200, body);
  });

  routes.Add("GET", "/api/v1/customers/{id}/tickets", [&s, &accounts](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"limit", "offset"}));
    ESC_ASSIGN_OR_RETURN(auto id, PathId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto customer, accounts.GetCustomer(c.actor(), id));
    ESC_ASSIGN_OR_RETURN(auto page, QueryPage(c.request));
    app::TicketFilter filter;
    filter.customer_id = customer.id;
    filter.sort = app::TicketFilter::Sort::kNewest;
    filter.limit = page.limit;
    filter.offset = page.offset;
    app::ListTotal total;
    ESC_ASSIGN_OR_RETURN(auto rows, s.tickets.List(c.actor(), filter, &total));
    json items = json::array();
    for (const auto& t : rows) items.push_back(TicketJson(t, c.actor().customer()));
    return JsonResponse(200, {{"items", std::move(items)},
                              {"total", total.count},
                              {"total_capped", total.capped}});
  });

  routes.Add("POST", "/api/v1/users", [&accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    app::NewUser input;
    ESC_ASSIGN_OR_RETURN(auto username, body.String("username", true));
    ESC_ASSIGN_OR_RETURN(auto display_name, body.String("display_name"));
    ESC_ASSIGN_OR_RETURN(auto email, body.String("email"));
    ESC_ASSIGN_OR_RETURN(auto role, body.String("role", true));
    ESC_ASSIGN_OR_RETURN(auto customer, body.Integer("customer_id"));
    ESC_ASSIGN_OR_RETURN(auto password, body.String("password"));
    ESC_RETURN_IF_ERROR(body.Finish());
    input.username = *username;
    input.display_name = display_name.value_or("");
    input.email = email.value_or("");
    input.role = *role;
    input.customer_id = customer;
    input.password = password.value_or("");
    ESC_ASSIGN_OR_RETURN(auto user, accounts.CreateUser(c.actor(), input));
    return JsonResponse(201, UserJson(user));
  });

  routes.Add("GET", "/api/v1/users", [&accounts](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"customer_id", "limit", "offset"}));
    ESC_ASSIGN_OR_RETURN(auto page, QueryPage(c.request));
    ESC_ASSIGN_OR_RETURN(auto customer, QueryInteger(c.request, "customer_id", 1, INT64_MAX));
    ESC_ASSIGN_OR_RETURN(auto rows, accounts.ListUsers(c.actor(), customer, page.limit, page.offset));
    json items = json::array();
    for (const auto& u : rows) items.push_back(UserJson(u));
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("GET", "/api/v1/users/{id}", [&accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, PathId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto user, accounts.GetUser(c.actor(), id));
    return JsonResponse(200, UserJson(user));
  });

  routes.Add("PATCH", "/api/v1/users/{id}", [&accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, PathId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    app::UserChange change;
    ESC_ASSIGN_OR_RETURN(change.display_name, body.String("display_name"));
    ESC_ASSIGN_OR_RETURN(change.email, body.String("email"));
    ESC_ASSIGN_OR_RETURN(change.role, body.String("role"));
    ESC_ASSIGN_OR_RETURN(change.password, body.String("password"));
    ESC_ASSIGN_OR_RETURN(change.disabled, body.Bool("disabled"));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto user, accounts.UpdateUser(c.actor(), id, change));
    return JsonResponse(200, UserJson(user));
  });

  routes.Add("POST", "/api/v1/tokens", [&accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(c.request.body));
    ESC_ASSIGN_OR_RETURN(auto user, body.Integer("user_id", true));
    ESC_ASSIGN_OR_RETURN(auto name, body.String("name", true));
    ESC_ASSIGN_OR_RETURN(auto scope, body.String("scope"));
    ESC_RETURN_IF_ERROR(body.Finish());
    ESC_ASSIGN_OR_RETURN(auto created, accounts.CreateApiToken(c.actor(), *user, *name,
                                                               scope.value_or("full")));
    json out = ApiTokenJson(created.first);
    out["token"] = created.second;
    return JsonResponse(201, out);
  });

  routes.Add("GET", "/api/v1/tokens", [&accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto rows, accounts.ListApiTokens(c.actor()));
    json items = json::array();
    for (const auto& t : rows) items.push_back(ApiTokenJson(t));
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("DELETE", "/api/v1/tokens/{id}", [&accounts](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, PathId(c.params[0]));
    ESC_RETURN_IF_ERROR(accounts.RevokeApiToken(c.actor(), id));
    return JsonResponse(200, {{"revoked", true}});
  });
}

}  // namespace esc::api
