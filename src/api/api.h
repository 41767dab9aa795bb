// The JSON API (/api/v1), the operational endpoints (/healthz, /readyz, /metrics), the
// OpenAPI document and, with --testing only, the test clock: one http::Handler. It
// authenticates the caller (session cookie with CSRF token for state changes, or a
// bearer API token), dispatches to the route, and turns every Error into the JSON error
// shape {"error": {"code", "message", "field"}} with its 4xx status.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "api/routes.h"
#include "app/metrics/metrics.h"
#include "app/service/account_service.h"
#include "app/service/channel_intake.h"
#include "app/service/feedback_links.h"
#include "app/service/mail_intake.h"
#include "app/service/notification_admin.h"
#include "app/service/scheduler.h"
#include "app/service/ticket_service.h"
#include "http/http_types.h"

namespace esc::api {

inline constexpr std::string_view kSessionCookie = "esc_session";

struct ApiServices {
  app::ServiceContext& context;
  app::TicketService& tickets;
  app::AccountService& accounts;
  app::Scheduler& scheduler;
  app::MetricsRegistry& metrics;
  app::ManualClock* test_clock = nullptr;  // set with --testing: POST /_test/clock exists
  // Reloads the policy file; the error carries the check's report.
  std::function<core::Result<std::string>()> reload_policy;
  std::function<bool()> ready;  // false while starting or stopping
  bool secure_cookies = false;
  app::FeedbackLinks* feedback_links = nullptr;  // the signed links in customer mail
  // Inbound mail over HTTP, the quarantine and attachments; null: those routes are absent.
  app::MailIntake* mail_intake = nullptr;
  app::NotificationAdmin* notifications = nullptr;  // the outbox routes (admins)
  std::function<void()> clock_moved;                // after POST /_test/clock
  // The policy file (check: files it names are found beside it) and installing a new
  // text over it (checked, written, loaded); null: PUT /api/v1/policy is unavailable.
  std::filesystem::path policy_file;
  std::function<core::Result<std::string>(const std::string&)> install_policy;
  // Chat and social messages (POST /api/v1/intake/messages) and the public web form
  // (/contact); null: those routes are absent.
  app::ChannelIntake* channel_intake = nullptr;
};

// The endpoints an API token with the intake scope may call (every other one: 403).
bool IntakeScopeRoute(std::string_view method, std::string_view path);

class Api {
 public:
  explicit Api(ApiServices services);
  http::Response Handle(const http::Request& request);

 private:
  core::Result<app::Authenticated> Authenticate(const http::Request& request);

  ApiServices services_;
  Routes routes_;
};

// The HTTP status and error code for an Error, and the response carrying it.
http::Response ErrorResponseFor(const core::Error& error);
// Its {"code", "message", "field"} object, for an error reported inside a 200 answer.
nlohmann::json ErrorJsonFor(const core::Error& error);
// The Set-Cookie value that hands `session` to the browser (HttpOnly, SameSite=Strict,
// Secure when the service says so).
std::string SessionCookie(const ApiServices& services, const app::Session& session);
// The request body limit for the HTTP server (ServerOptions::body_limit_for): file uploads
// and inbound mail may be as large as an attachment or a mail may be; `fallback` otherwise.
std::size_t BodyLimitFor(std::string_view method, std::string_view target, std::size_t fallback);

// Route groups (one file each).
void AddTicketRoutes(Routes& routes, ApiServices& services);
void AddAccountRoutes(Routes& routes, ApiServices& services);
void AddSystemRoutes(Routes& routes, ApiServices& services);
void AddReportRoutes(Routes& routes, ApiServices& services);
void AddFeedbackRoutes(Routes& routes, ApiServices& services);
void AddIntakeRoutes(Routes& routes, ApiServices& services);
void AddNotificationRoutes(Routes& routes, ApiServices& services);
void AddDashboardRoutes(Routes& routes, ApiServices& services);
void AddPolicyRoutes(Routes& routes, ApiServices& services);
void AddContactFormRoutes(Routes& routes, ApiServices& services);

}  // namespace esc::api
