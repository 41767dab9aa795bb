// The body of POST /api/v1/intake/messages as the service's ChatMessage: one JSON object
// {source, conversation_id, message_id, sender: {email, handle, name}, subject, text,
// attachments: [{filename, content_type, content_base64}]}, read strictly (unknown fields,
// wrong types and bad base64 are errors naming the field). The content checks (lengths,
// the source, limits) are the service's (app::CheckChatMessage).
#pragma once

#include <string_view>

#include "app/service/channel_intake.h"
#include "core/error.h"

namespace esc::api {

core::Result<app::ChatMessage> ParseChatMessage(std::string_view body);

}  // namespace esc::api
