#include "api/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/openapi.h"
#include "intake/mail.h"

namespace esc::api {
namespace {

bool Unsafe(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// The value of cookie `name` in a Cookie header; empty when absent.
std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view part = header.substr(0, end);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace

bool IntakeScopeRoute(std::string_view method, std::string_view path) {
  return method == "POST" && (path == "/api/v1/intake/mail" || path == "/api/v1/intake/messages");
}

namespace {

std::pair<int, const char*> StatusAndCode(const core::Error& error) {
  switch (error.code) {
    case core::ErrorCode::kInvalid: break;
    case core::ErrorCode::kNotFound: return {404, "not_found"};
    case core::ErrorCode::kConflict: return {409, "conflict"};
    case core::ErrorCode::kForbidden: return {403, "forbidden"};
    case core::ErrorCode::kUnauthenticated: return {401, "unauthenticated"};
    case core::ErrorCode::kRateLimited: return {429, "rate_limited"};
    case core::ErrorCode::kUnavailable: return {503, "unavailable"};
  }
  return {400, "invalid"};
}

}  // namespace

nlohmann::json ErrorJsonFor(const core::Error& error) {
  return {{"code", StatusAndCode(error).second},
          {"message", error.message},
          {"field", error.where.empty() ? nlohmann::json() : nlohmann::json(error.where)}};
}

http::Response ErrorResponseFor(const core::Error& error) {
  nlohmann::json body = {{"error", ErrorJsonFor(error)}};
  http::Response response;
  response.status = StatusAndCode(error).first;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

std::string SessionCookie(const ApiServices& services, const app::Session& session) {
  const auto lifetime = session.expires_at - services.context.clock.Now();
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                     session.token, lifetime.count(), services.secure_cookies ? "; Secure" : "");
}

std::size_t BodyLimitFor(std::string_view method, std::string_view target,
                         std::size_t fallback) {
  if (method != "POST") return fallback;
  const std::string_view path = target.substr(0, target.find('?'));
  constexpr std::size_t kHeadroom = 64 * 1024;  // a mail's headers beyond its limit
  if (path == "/api/v1/intake/mail") return intake::MailLimits{}.max_total_bytes + kHeadroom;
  if (path.starts_with("/api/v1/tickets/") && path.ends_with("/attachments")) {
    return app::MailIntake::kMaxUploadBytes;
  }
  return fallback;
}

Api::Api(ApiServices services) : services_(std::move(services)) {
  AddSystemRoutes(routes_, services_);
  AddAccountRoutes(routes_, services_);
  AddReportRoutes(routes_, services_);
  AddTicketRoutes(routes_, services_);
  AddFeedbackRoutes(routes_, services_);
  AddIntakeRoutes(routes_, services_);
  AddNotificationRoutes(routes_, services_);
  AddDashboardRoutes(routes_, services_);
  AddPolicyRoutes(routes_, services_);
  AddContactFormRoutes(routes_, services_);
  routes_.Add(
      "GET", "/api/openapi.json",
      [this](Call&) -> core::Result<http::Response> {
        return JsonResponse(200, OpenApiDocument(routes_));
      },
      true);
}

core::Result<app::Authenticated> Api::Authenticate(const http::Request& request) {
  const std::string_view authorization = request.Header("authorization");
  if (authorization.starts_with("Bearer ")) {
    return services_.accounts.FromApiToken(std::string(authorization.substr(7)));
  }
  const std::string token = CookieValue(request.Header("cookie"), kSessionCookie);
  if (token.empty()) {
    return std::unexpected(core::Error::Unauthenticated(
        "log in first (POST /api/v1/session) or send an API token as Authorization: Bearer"));
  }
  auto caller = services_.accounts.FromSession(token);
  if (!caller) return caller;
  if (Unsafe(request.method) && request.Header("x-csrf-token") != caller->csrf_token) {
    return std::unexpected(core::Error::Forbidden(
        "missing or wrong X-CSRF-Token header (it is returned by the login)", "x-csrf-token"));
  }
  return caller;
}

http::Response Api::Handle(const http::Request& request) {
  auto match = routes_.Find(request.method, request.path);
  if (!match.handler) {
    if (match.path_known) {
      auto response = ErrorResponseFor(core::Error::Invalid(
          std::string("method ") + request.method + " is not allowed here"));
      response.status = 405;
      return response;
    }
    return ErrorResponseFor(core::Error::NotFound("no such endpoint: " + request.path));
  }
  Call call{request, std::move(match.params), std::nullopt};
  if (!match.public_route) {
    auto caller = Authenticate(request);
    if (!caller) return ErrorResponseFor(caller.error());
    if (caller->intake_only() && !IntakeScopeRoute(request.method, request.path)) {
      return ErrorResponseFor(core::Error::Forbidden(
          "this API token has the intake scope: it may only post to /api/v1/intake/mail and "
          "/api/v1/intake/messages"));
    }
    call.caller = std::move(*caller);
  }
  try {
    auto result = (*match.handler)(call);
    if (!result) return ErrorResponseFor(result.error());
    return std::move(*result);
  } catch (const nlohmann::json::exception& e) {
    // Text the JSON writer cannot encode (bad UTF-8 stored by an older path, say).
    return ErrorResponseFor(core::Error::Invalid(std::string("cannot encode the response: ") + e.what()));
  }
}

}  // namespace esc::api
