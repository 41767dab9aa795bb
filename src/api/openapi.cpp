#include "api/openapi.h"

#include <fmt/format.h>

#include <map>

namespace esc::api {
namespace {

using nlohmann::json;

// One line per operation; docs/api.md has the long form.
const std::map<std::string, std::string>& Summaries() {
  static const std::map<std::string, std::string> summaries = {
      {"GET /healthz", "Liveness"},
      {"GET /readyz", "Readiness (503 while starting or stopping)"},
      {"GET /metrics", "Prometheus metrics"},
      {"GET /api/openapi.json", "This document"},
      {"POST /api/v1/session", "Log in: sets the session cookie, returns the CSRF token"},
      {"DELETE /api/v1/session", "Log out"},
      {"GET /api/v1/me", "The caller"},
      {"GET /api/v1/me/notification-preferences",
       "The caller's notification preferences (channels, personal quiet hours)"},
      {"PUT /api/v1/me/notification-preferences",
       "Replace the caller's notification preferences (400 names the field; nothing changes)"},
      {"POST /api/v1/customers", "Create a customer organisation"},
      {"GET /api/v1/customers", "List customers"},
      {"GET /api/v1/customers/{id}", "A customer with its contacts"},
      {"GET /api/v1/customers/{id}/tickets", "A customer's tickets"},
      {"POST /api/v1/users", "Create a user (admin)"},
      {"GET /api/v1/users", "List users"},
      {"GET /api/v1/users/{id}", "A user"},
      {"PATCH /api/v1/users/{id}", "Change a user (admin)"},
      {"GET /api/v1/users/{id}/notification-preferences",
       "A staff user's notification preferences (admin, or the user)"},
      {"PUT /api/v1/users/{id}/notification-preferences",
       "Replace a staff user's notification preferences (admin, or the user)"},
      {"POST /api/v1/tokens",
       "Create an API token (admin; scope full or intake); the token is shown once"},
      {"GET /api/v1/tokens", "List API tokens (admin)"},
      {"DELETE /api/v1/tokens/{id}", "Revoke an API token (admin)"},
      {"GET /api/v1/policy", "The running policy: version, levels, teams, categories"},
      {"GET /api/v1/policy/source", "The policy file's text and whether it is running (admin)"},
      {"POST /api/v1/policy/reload", "Reload the policy file (admin); refused if it fails the check"},
      {"GET /api/v1/policy/sla", "The SLA targets table (staff)"},
      {"GET /api/v1/policy/graph", "The escalation flowchart, SVG or DOT (staff)"},
      {"POST /api/v1/policy/check", "Check a policy text (admin); nothing changes"},
      {"POST /api/v1/policy/simulate", "Replay recent tickets through a candidate policy and the running one (admin)"},
      {"PUT /api/v1/policy", "Install a policy text over the policy file and load it (admin)"},
      {"GET /api/v1/events", "Server-Sent Events of ticket changes the caller may see"},
      {"POST /api/v1/tickets", "Open a ticket (Idempotency-Key header honoured)"},
      {"GET /api/v1/tickets",
       "List and filter tickets (status, team, level, priority, category, channel, ...), by next "
       "deadline by default"},
      {"GET /api/v1/tickets/{id}", "A ticket (ETag: its version)"},
      {"PATCH /api/v1/tickets/{id}", "Edit a ticket (version or If-Match required; 409 when stale)"},
      {"GET /api/v1/tickets/{id}/messages", "The conversation (customers: public only)"},
      {"POST /api/v1/tickets/{id}/messages", "Reply or add an internal note"},
      {"POST /api/v1/tickets/{id}/status", "Change the status"},
      {"GET /api/v1/tickets/{id}/attachments", "Attachments of the ticket (mail and uploads)"},
      {"POST /api/v1/tickets/{id}/attachments",
       "Upload a file to the ticket (body: the bytes; ?filename=; Content-Type)"},
      {"GET /api/v1/tickets/{id}/attachments/{id2}", "Download an attachment"},
      {"POST /api/v1/intake/mail",
       "Take in one raw RFC 5322 message (admin, or an API token with the intake scope)"},
      {"POST /api/v1/intake/messages",
       "Take in one chat or social message (JSON; admin or an intake-scoped token; optional "
       "X-Escalator-Signature per source); 201 opened, 200 threaded or duplicate"},
      {"GET /contact", "The public contact form (HTML; when the policy enables intake.web_form)"},
      {"POST /contact",
       "Send the contact form (urlencoded): opens a ticket with channel web; 400 with the form "
       "and its problems, 429 with Retry-After"},
      {"GET /api/v1/intake/quarantine", "Quarantined mail, newest first (admin)"},
      {"GET /api/v1/intake/quarantine/{id}", "One quarantined mail (admin)"},
      {"GET /api/v1/intake/quarantine/{id}/raw", "Its original bytes (admin)"},
      {"POST /api/v1/tickets/{id}/escalate",
       "Escalate (next_level, a team or a level; reason required; 202: queued under a limit)"},
      {"POST /api/v1/tickets/{id}/escalate", "Escalate (functional: a team; hierarchical: next_level)"},
      {"POST /api/v1/tickets/{id}/deescalate", "De-escalate"},
      {"GET /api/v1/tickets/{id}/escalation-preview", "What an escalation would do: authority, receivers, limits"},
      {"POST /api/v1/tickets/{id}/acknowledge", "Acknowledge the latest escalation"},
      {"POST /api/v1/tickets/{id}/escalation-request", "The customer asks for an escalation"},
      {"GET /api/v1/tickets/{id}/escalations", "Escalation history"},
      {"POST /api/v1/tickets/{id}/resolve", "Resolve with root cause"},
      {"POST /api/v1/tickets/{id}/signoff", "Approve or reject the management sign-off"},
      {"POST /api/v1/tickets/{id}/feedback", "Customer feedback (CSAT 1-5)"},
      {"GET /api/v1/tickets/{id}/links", "Knowledge and ticket links"},
      {"POST /api/v1/tickets/{id}/links", "Add a link"},
      {"POST /api/v1/tickets/{id}/merge", "Merge a duplicate into another ticket"},
      {"GET /api/v1/tickets/{id}/events", "The audit trail"},
      {"GET /api/v1/tickets/{id}/notifications", "Notifications queued for the ticket"},
      {"GET /api/v1/notifications",
       "The outbox by state (pending, sent, dead) with error, attempts and next attempt (admin)"},
      {"POST /api/v1/notifications/{id}/retry", "Put a dead notification back to pending (admin)"},
      {"GET /api/v1/dashboard", "The live escalation dashboard (staff)"},
      {"GET /api/v1/views", "The caller's saved ticket-list views"},
      {"POST /api/v1/views", "Save a ticket-list query under a name"},
      {"DELETE /api/v1/views/{id}", "Delete one of the caller's saved views"},
      {"GET /api/v1/reports/kpis", "KPIs of the tickets created in a range (format=json|csv)"},
      {"GET /api/v1/reports/series", "The KPIs per day, week or month of a range (format=json|csv)"},
      {"GET /api/v1/reports/tickets", "One row per ticket created in a range (format=json|csv)"},
  };
  return summaries;
}

json ErrorSchema() {
  return {{"type", "object"},
          {"required", {"error"}},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"required", {"code", "message", "field"}},
              {"properties",
               {{"code", {{"type", "string"}}},
                {"message", {{"type", "string"}}},
                {"field", {{"type", {"string", "null"}}}}}}}}}}};
}

}  // namespace

json OpenApiDocument(const Routes& routes) {
  json paths = json::object();
  for (const auto& route : routes.List()) {
    std::string path = route.pattern;
    json parameters = json::array();
    // The parameters are {id}, {id2}, ... (a path template names each once).
    for (std::size_t at = path.find("{}"); at != std::string::npos; at = path.find("{}")) {
      const std::string name =
          parameters.empty() ? "id" : fmt::format("id{}", parameters.size() + 1);
      path.replace(at, 2, "{" + name + "}");
      parameters.push_back({{"name", name},
                            {"in", "path"},
                            {"required", true},
                            {"schema", {{"type", "string"}}},
                            {"description", "numeric id (tickets also ESC-<number>)"}});
    }
    std::string method = route.method;
    const auto summary = Summaries().find(method + " " + path);
    for (auto& c : method) c = static_cast<char>(c - 'A' + 'a');
    json operation = {
        {"summary", summary == Summaries().end() ? path : summary->second},
        {"responses",
         {{"200", {{"description", "success"}}},
          {"4XX",
           {{"description", "error",
             },
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}};
    if (!parameters.empty()) operation["parameters"] = parameters;
    if (route.public_route) operation["security"] = json::array();
    paths[path][method] = std::move(operation);
  }
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Escalator API"},
            {"version", "1"},
            {"description", "Escalation management: tickets, SLA clocks, escalations, audit trail. "
                            "See docs/api.md."}}},
          {"paths", std::move(paths)},
          {"components",
           {{"schemas", {{"Error", ErrorSchema()}}},
            {"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "esc_session"}}},
              {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
          {"security", json::array({{{"session", json::array()}}, {{"token", json::array()}}})}};
}

}  // namespace esc::api
