// The intake's view of one inbound mail, and ParseMail, which builds it from the raw bytes
// of an RFC 5322 message (MIME, RFC 2047 encoded-words, RFC 2231 parameters, any declared
// charset). Everything textual in a ParsedMail is valid UTF-8. Parsing never throws for
// bad input: malformed mail is parsed as far as it makes sense, and mail over a limit is
// refused with an Error whose `where` names the limit (the caller quarantines it).
// Thread-safe: ParseMail may run on several threads at once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"

namespace esc::intake {

template <typename T>
using Result = core::Result<T>;

struct MailAddress {
  std::string address;  // "alice@example.com"; may lack a domain in broken mail
  std::string name;     // display name, decoded; empty when there is none
  bool operator==(const MailAddress&) const = default;
};

struct Attachment {
  std::string filename;      // decoded (RFC 2047 / 2231); empty when the part has none
  std::string content_type;  // "application/pdf", lower case
  std::size_t size = 0;      // decoded size in bytes (== bytes.size())
  std::string bytes;         // decoded content (transfer encoding removed)
};

enum class MailKind { kNormal, kAutoReply, kBounce, kLoop };
std::string_view ToString(MailKind kind);

// The names ParseMail puts in Error::where when a limit refuses a message.
inline constexpr std::string_view kLimitTotalBytes = "max_total_bytes";
inline constexpr std::string_view kLimitHeaders = "max_headers";
inline constexpr std::string_view kLimitAttachments = "max_attachments";
inline constexpr std::string_view kLimitParts = "max_parts";
inline constexpr std::string_view kLimitDepth = "max_depth";
inline constexpr std::string_view kNotMail = "not_mail";

struct MailLimits {
  std::size_t max_total_bytes = 25u * 1024 * 1024;  // the raw message, headers included
  std::size_t max_headers = 1000;                   // header fields of the top-level message
  std::size_t max_attachments = 100;
  std::size_t max_parts = 1000;  // MIME parts of any kind, nested messages included
  int max_depth = 32;            // multipart / message nesting
};

struct ParseOptions {
  MailLimits limits;
  // The domain of the Message-IDs Escalator writes ("mail.escalator.example"). Mail with
  // such a Message-ID is our own coming back (a loop); an automatic answer to one of ours
  // is a loop too. Empty: only X-Escalator-Loop detects loops.
  std::string our_message_id_domain;
  std::string ticket_key_prefix = "ESC";  // finds "[ESC-123]" in the subject
};

// The header Escalator sets on the mail it sends; an inbound mail carrying it is a loop.
inline constexpr std::string_view kLoopHeader = "X-Escalator-Loop";

struct ParsedMail {
  MailAddress from;
  std::vector<MailAddress> to;
  std::vector<MailAddress> cc;
  std::string subject;                // encoded-words decoded
  std::optional<core::Instant> date;  // absent when missing or unparseable
  std::string message_id;             // without angle brackets
  std::string in_reply_to;            // the first id of In-Reply-To, without brackets
  std::vector<std::string> references;
  std::optional<std::string> ticket_key;  // "ESC-123" from "[ESC-123]" in the subject
  std::string body;        // the text, from text/plain, else from text/html made plain
  std::string reply_text;  // `body` without the quoted history of earlier mails
  bool body_from_html = false;
  std::vector<Attachment> attachments;
  MailKind kind = MailKind::kNormal;
  std::string kind_reason;  // why `kind` was chosen ("Auto-Submitted: auto-replied")
};

// Parses `raw`. Errors (all ErrorCode::kInvalid, `where` = one of the kLimit* names or
// kNotMail): over a limit of `options.limits`, or no header block at all.
Result<ParsedMail> ParseMail(std::string_view raw, const ParseOptions& options = {});

}  // namespace esc::intake
