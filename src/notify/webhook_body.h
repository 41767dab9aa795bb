// The JSON body of a webhook, in the format the receiving end understands: our own generic
// event object, a Slack / Mattermost incoming-webhook message (`text` plus blocks and an
// attachment with fields), or a Microsoft Teams message (an Adaptive Card in a
// "message" envelope, as Teams workflows and connectors accept). Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "notify/notification.h"

namespace esc::notify {

enum class WebhookFormat { kGeneric, kSlack, kTeams };

// "generic", "slack", "mattermost" (same as slack) or "teams"; nullopt for anything else.
std::optional<WebhookFormat> ParseWebhookFormat(std::string_view name);

std::string WebhookBody(WebhookFormat format, const Notification& notification);

}  // namespace esc::notify
