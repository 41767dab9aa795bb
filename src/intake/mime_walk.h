// Walks a parsed MIME tree and collects what a ticket needs: the text body (text/plain
// preferred within multipart/alternative, else text/html made plain; every charset to
// UTF-8), the attachments (every other leaf, and forwarded messages as .eml files, whose
// text also joins the body), counting parts and nesting against the limits. Internal to
// src/intake; ParseMail is the way in.
#pragma once

#include <gmime/gmime.h>

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "intake/mail.h"

namespace esc::intake {

struct MimeContent {
  std::string body;  // segments joined by a blank line, '\n' line ends
  bool body_from_html = false;
  std::vector<Attachment> attachments;
};

// Errors: Invalid with `where` kLimitParts, kLimitDepth or kLimitAttachments.
core::Result<MimeContent> CollectContent(GMimeObject* root, const MailLimits& limits);

}  // namespace esc::intake
