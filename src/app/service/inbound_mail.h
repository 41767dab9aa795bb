// One inbound mail as the service's mail intake sees it: plain data the intake adapter
// (src/intake, GMime) builds from a parsed RFC 5322 message, so the use case depends on no
// MIME library. Everything textual is valid UTF-8.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace esc::app {

struct InboundAttachment {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

struct InboundMail {
  std::string from_address;  // "alice@example.com"
  std::string from_name;
  std::string subject;
  std::string message_id;  // without brackets; empty when the mail has none
  std::string in_reply_to;
  std::vector<std::string> references;
  std::optional<std::string> ticket_key;  // "ESC-123" from the subject
  std::string body;                       // the whole text
  std::string reply_text;                 // without the quoted history
  std::vector<InboundAttachment> attachments;
  std::string kind = "normal";  // normal, auto_reply, bounce, loop
  std::string kind_reason;
};

}  // namespace esc::app
