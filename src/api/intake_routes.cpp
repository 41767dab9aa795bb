// /api/v1/intake (inbound mail over HTTP, chat and social messages, the quarantine) and the
// attachments of a ticket.
#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

#include "api/api.h"
#include "api/chat_message_json.h"
#include "api/json_views.h"
#include "api/query_params.h"
#include "api/try.h"
#include "intake/take_in.h"

namespace esc::api {
namespace {

using core::Result;
using nlohmann::json;

// Bytes to download: never rendered by the browser (mail content is hostile until proven
// otherwise), with the file name for saving.
http::Response Download(std::string bytes, const std::string& filename) {
  http::Response response;
  response.content_type = "application/octet-stream";
  std::string safe;
  for (char ch : filename) {
    const auto c = static_cast<unsigned char>(ch);
    safe += (c < 0x20 || c == '"' || c == '\\' || c >= 0x7F) ? '_' : ch;
  }
  if (safe.empty()) safe = "attachment";
  response.headers.emplace_back("Content-Disposition",
                                fmt::format("attachment; filename=\"{}\"", safe));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.body = std::move(bytes);
  return response;
}

Result<app::Id> ParseNumber(const std::string& text, std::string_view what) {
  app::Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return std::unexpected(
        core::Error::NotFound(fmt::format("\"{}\" is not a {} id", text, what), "id"));
  }
  return id;
}

// Admins, and API tokens with the intake scope (whoever their user is).
Result<void> MayTakeIn(const Call& c) {
  if (app::IsAdmin(c.actor()) || c.caller->intake_only()) return {};
  return std::unexpected(core::Error::Forbidden(
      "intake is for admins and API tokens with the intake scope"));
}

void AddMessageRoute(Routes& routes, ApiServices& s) {
  routes.Add("POST", "/api/v1/intake/messages", [&s](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(MayTakeIn(c));
    ESC_ASSIGN_OR_RETURN(auto message, ParseChatMessage(c.request.body));
    const auto policy = s.context.policies.Current();
    if (!policy->intake) {
      return std::unexpected(core::Error::Unavailable(
          "the policy has no intake: section, so messages are not taken in"));
    }
    if (const auto* source = policy->intake->Channel(message.source);
        source && !source->secret_env.empty()) {
      const char* secret = std::getenv(source->secret_env.c_str());
      if (!secret || !*secret) {
        return std::unexpected(core::Error::Unavailable(fmt::format(
            "the secret of source {} is not set (environment variable {})", source->name,
            source->secret_env)));
      }
      ESC_RETURN_IF_ERROR(app::CheckSignature(secret, c.request.body,
                                              c.request.Header("x-escalator-signature")));
    }
    ESC_ASSIGN_OR_RETURN(auto outcome, s.channel_intake->DeliverChat(message));
    return JsonResponse(outcome.kind == app::ChannelOutcomeKind::kOpened ? 201 : 200,
                        {{"outcome", app::ToString(outcome.kind)},
                         {"ticket_id", outcome.ticket_id},
                         {"ticket_key", outcome.ticket_key},
                         {"channel", outcome.channel},
                         {"detail", outcome.detail}});
  });
}

}  // namespace

void AddIntakeRoutes(Routes& routes, ApiServices& s) {
  if (s.channel_intake) AddMessageRoute(routes, s);
  if (!s.mail_intake) return;
  app::MailIntake& mail = *s.mail_intake;

  routes.Add("POST", "/api/v1/intake/mail", [&](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(MayTakeIn(c));
    if (c.request.body.empty()) {
      return std::unexpected(core::Error::Invalid("the body must be one RFC 5322 message", "body"));
    }
    const auto options = intake::ParseOptionsFor(*s.context.policies.Current());
    ESC_ASSIGN_OR_RETURN(auto outcome, intake::TakeIn(mail, c.request.body, options));
    const bool created = outcome.kind == app::MailOutcomeKind::kOpened;
    return JsonResponse(
        created ? 201 : 200,
        {{"outcome", app::ToString(outcome.kind)},
         {"ticket_id", outcome.ticket_id ? json(outcome.ticket_id) : json()},
         {"ticket_key", outcome.ticket_key.empty() ? json() : json(outcome.ticket_key)},
         {"quarantine_id", outcome.quarantine_id ? json(outcome.quarantine_id) : json()},
         {"detail", outcome.detail}});
  });

  routes.Add("GET", "/api/v1/intake/quarantine", [&](Call& c) -> Result<http::Response> {
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"limit", "offset"}));
    ESC_ASSIGN_OR_RETURN(auto page, QueryPage(c.request));
    ESC_ASSIGN_OR_RETURN(auto rows, mail.ListQuarantine(c.actor(), page.limit, page.offset));
    json items = json::array();
    for (const auto& q : rows) items.push_back(QuarantineJson(q));
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  routes.Add("GET", "/api/v1/intake/quarantine/{id}", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseNumber(c.params[0], "quarantined mail"));
    ESC_ASSIGN_OR_RETURN(auto row, mail.Quarantined(c.actor(), id));
    return JsonResponse(200, QuarantineJson(row));
  });

  routes.Add("GET", "/api/v1/intake/quarantine/{id}/raw", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseNumber(c.params[0], "quarantined mail"));
    ESC_ASSIGN_OR_RETURN(auto row, mail.Quarantined(c.actor(), id));
    return Download(std::move(row.raw), fmt::format("quarantine-{}.eml", id));
  });

  routes.Add("GET", "/api/v1/tickets/{id}/attachments", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_ASSIGN_OR_RETURN(auto rows, mail.Attachments(c.actor(), id));
    json items = json::array();
    for (const auto& a : rows) items.push_back(AttachmentJson(a));
    return JsonResponse(200, {{"items", std::move(items)}});
  });

  // The body is the file's bytes (not JSON): ?filename= names it, Content-Type types it.
  routes.Add("POST", "/api/v1/tickets/{id}/attachments", [&](Call& c) -> Result<http::Response> {
    ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
    ESC_RETURN_IF_ERROR(CheckQueryNames(c.request, {"filename"}));
    const auto filename = c.request.Query("filename");
    ESC_ASSIGN_OR_RETURN(auto row, mail.AddAttachment(c.actor(), id,
                                                      std::string(filename.value_or("")),
                                                      std::string(c.request.Header("content-type")),
                                                      c.request.body));
    return JsonResponse(201, AttachmentJson(row));
  });

  routes.Add("GET", "/api/v1/tickets/{id}/attachments/{attachment}",
             [&](Call& c) -> Result<http::Response> {
               ESC_ASSIGN_OR_RETURN(auto id, ParseId(c.params[0]));
               ESC_ASSIGN_OR_RETURN(auto attachment, ParseNumber(c.params[1], "attachment"));
               ESC_ASSIGN_OR_RETURN(auto row, mail.Attachment(c.actor(), id, attachment));
               return Download(std::move(row.content), row.filename);
             });
}

}  // namespace esc::api
