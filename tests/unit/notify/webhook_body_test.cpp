#include "notify/webhook_body.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/webhook_signature.h"

namespace esc::notify {
namespace {

using nlohmann::json;

Notification Sample() {
  Notification n;
  n.outbox_id = 9;
  n.idempotency_key = IdempotencyKey(9);
  n.kind = "breached";
  n.ticket_key = "ESC-9";
  n.ticket_url = "https://esc.example/tickets/9";
  n.subject = "SLA breached";
  n.text = "Resolution target missed";
  n.facts = {{"Priority", "P1"}, {"Team", "Tier 2"}};
  return n;
}

TEST(WebhookBody, FormatNamesIncludeMattermostAsSlack) {
  EXPECT_EQ(ParseWebhookFormat("mattermost"), WebhookFormat::kSlack);
  EXPECT_EQ(ParseWebhookFormat("teams"), WebhookFormat::kTeams);
  EXPECT_FALSE(ParseWebhookFormat("discord").has_value());
}

TEST(WebhookBody, GenericCarriesTheEventFields) {
  const json body = json::parse(WebhookBody(WebhookFormat::kGeneric, Sample()));
  EXPECT_EQ(body["id"], "escalator-outbox-9");
  EXPECT_EQ(body["kind"], "breached");
  EXPECT_EQ(body["ticket"], "ESC-9");
  EXPECT_EQ(body["created_at"], "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(body["facts"]["Team"], "Tier 2");
}

TEST(WebhookBody, GenericDigestCarriesItsItemsAndOthersNone) {
  EXPECT_FALSE(json::parse(WebhookBody(WebhookFormat::kGeneric, Sample())).contains("items"));
  Notification n = Sample();
  n.kind = "digest";
  n.ticket_key.clear();
  n.subject = "2 more Escalator notifications";
  n.digest_items = R"([{"ticket": {"key": "ESC-3"}, "event": "half-time"},
                       {"ticket": {"key": "ESC-4"}, "event": "half-time"}])";
  const json body = json::parse(WebhookBody(WebhookFormat::kGeneric, n));
  EXPECT_EQ(body["kind"], "digest");
  ASSERT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["items"][1]["ticket"]["key"], "ESC-4");
  // Slack and Teams show the digest's text (the template lists the items).
  EXPECT_EQ(json::parse(WebhookBody(WebhookFormat::kSlack, n))["text"],
            "2 more Escalator notifications");
}

TEST(WebhookBody, SlackHasTextBlocksAndAttachmentFields) {
  const json body = json::parse(WebhookBody(WebhookFormat::kSlack, Sample()));
  EXPECT_EQ(body["text"], "ESC-9: SLA breached");
  EXPECT_EQ(body["blocks"][0]["text"]["text"],
            "*<https://esc.example/tickets/9|ESC-9: SLA breached>*");
  EXPECT_EQ(body["attachments"][0]["fields"][0]["title"], "Priority");
}

TEST(WebhookBody, TeamsIsAnAdaptiveCardWithFactsAndALink) {
  const json body = json::parse(WebhookBody(WebhookFormat::kTeams, Sample()));
  EXPECT_EQ(body["type"], "message");
  const json& card = body["attachments"][0]["content"];
  EXPECT_EQ(body["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
  EXPECT_EQ(card["type"], "AdaptiveCard");
  EXPECT_EQ(card["body"][2]["type"], "FactSet");
  EXPECT_EQ(card["actions"][0]["url"], "https://esc.example/tickets/9");
}

TEST(WebhookBody, InvalidUtf8DoesNotThrow) {
  Notification n = Sample();
  n.text = "bad \xff byte";
  EXPECT_NO_THROW((void)WebhookBody(WebhookFormat::kGeneric, n));
}

TEST(WebhookSignature, MatchesAnIndependentHmacSha256) {
  // Python: hmac.new(b'shh-secret', b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
  EXPECT_EQ(SignWebhook("shh-secret", 1700000000, R"({"a":1})"),
            "sha256=5aa000428682c6f09cb80bf46f3993e0ed652e27146ada94efcaabb4e4827284");
}

}  // namespace
}  // namespace esc::notify
