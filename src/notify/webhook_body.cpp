#include "notify/webhook_body.h"

#include <nlohmann/json.hpp>

#include "core/rfc3339.h"

namespace esc::notify {

namespace {

using nlohmann::json;

std::string Title(const Notification& n) {
  return n.ticket_key.empty() ? n.subject : n.ticket_key + ": " + n.subject;
}

json Generic(const Notification& n) {
  json facts = json::object();
  for (const auto& [label, value] : n.facts) facts[label] = value;
  json body = {{"id", n.idempotency_key},
          {"kind", n.kind},
          {"ticket", n.ticket_key},
          {"url", n.ticket_url},
          {"recipient", n.recipient},
          {"subject", n.subject},
          {"text", n.text},
          {"created_at", core::FormatRfc3339(n.created_at, core::Seconds{0})},
          {"facts", std::move(facts)}};
  if (!n.digest_items.empty()) {
    json items = json::parse(n.digest_items, nullptr, false);
    body["items"] = items.is_array() ? std::move(items) : json::array();
  }
  return body;
}

json Slack(const Notification& n) {
  const std::string link =
      n.ticket_url.empty() ? Title(n) : "<" + n.ticket_url + "|" + Title(n) + ">";
  json fields = json::array();
  for (const auto& [label, value] : n.facts) {
    fields.push_back({{"title", label}, {"value", value}, {"short", true}});
  }
  json blocks = json::array();
  blocks.push_back(
      {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*" + link + "*"}}}});
  if (!n.text.empty()) {
    blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", n.text}}}});
  }
  return {
      {"text", Title(n)},
      {"blocks", std::move(blocks)},
      {"attachments",
       json::array({{{"fallback", Title(n)}, {"text", n.text}, {"fields", std::move(fields)}}})}};
}

json Teams(const Notification& n) {
  json body = json::array();
  body.push_back({{"type", "TextBlock"},
                  {"text", Title(n)},
                  {"weight", "Bolder"},
                  {"size", "Medium"},
                  {"wrap", true}});
  if (!n.text.empty()) body.push_back({{"type", "TextBlock"}, {"text", n.text}, {"wrap", true}});
  if (!n.facts.empty()) {
    json facts = json::array();
    for (const auto& [label, value] : n.facts)
      facts.push_back({{"title", label}, {"value", value}});
    body.push_back({{"type", "FactSet"}, {"facts", std::move(facts)}});
  }
  json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.4"},
               {"body", std::move(body)}};
  if (!n.ticket_url.empty()) {
    card["actions"] = json::array(
        {{{"type", "Action.OpenUrl"}, {"title", "Open ticket"}, {"url", n.ticket_url}}});
  }
  return {{"type", "message"},
          {"summary", Title(n)},
          {"attachments", json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                        {"content", std::move(card)}}})}};
}

}  // namespace

std::optional<WebhookFormat> ParseWebhookFormat(std::string_view name) {
  if (name == "generic") return WebhookFormat::kGeneric;
  if (name == "slack" || name == "mattermost") return WebhookFormat::kSlack;
  if (name == "teams") return WebhookFormat::kTeams;
  return std::nullopt;
}

std::string WebhookBody(WebhookFormat format, const Notification& notification) {
  // Invalid UTF-8 in a template result must not throw on the delivery path: replace it.
  const auto dump = [](const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  switch (format) {
    case WebhookFormat::kGeneric:
      return dump(Generic(notification));
    case WebhookFormat::kSlack:
      return dump(Slack(notification));
    case WebhookFormat::kTeams:
      return dump(Teams(notification));
  }
  return dump(Generic(notification));
}

}  // namespace esc::notify
