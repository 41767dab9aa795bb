// The stored records of inbound mail and chat: each delivered mail by its Message-ID (what
// it became), each chat message by its source's id, the attachments kept with a ticket,
// and quarantined mail with its original bytes. Plain data shared by the mail intake use case, the API and the stores.
#pragma once

#include <optional>
#include <string>

#include "app/service/records.h"

namespace esc::app {

struct MailRecord {
  Id id = 0;
  std::string message_id;  // without angle brackets; unique
  std::optional<Id> ticket_id;
  std::optional<Id> message_row;  // the MessageRecord it became
  std::string kind;               // normal, auto_reply, bounce, loop
  std::string kind_reason;
  std::string sender;
  std::string subject;
  std::string outcome;  // opened, threaded, ignored (auto-reply, bounce, loop)
  Instant received_at;
};

// One chat or social message taken in (channel intake), by its source's own message id.
struct ChatMessageRecord {
  Id id = 0;
  std::string source;        // the policy's intake.channels name
  std::string external_id;   // the source's message id; unique per source
  std::string conversation;  // the source's conversation id
  Id customer_id = 0;        // the sender's organisation: conversations never cross it
  Id ticket_id = 0;
  std::optional<Id> message_row;  // the MessageRecord it became; empty when it opened the ticket
  std::string sender;             // the contact's username
  std::string outcome;            // opened, threaded
  Instant received_at;
};

struct AttachmentRecord {
  Id id = 0;
  Id ticket_id = 0;
  std::optional<Id> message_row;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string content;  // the bytes; empty in lists (only FindAttachment loads them)
  Instant created_at;
};

struct QuarantineRecord {
  Id id = 0;
  Instant received_at;
  std::string reason;  // a limit's name (max_total_bytes, ...), not_mail, no_sender, ...
  std::string detail;  // for a person
  std::string sender;  // best effort; may be empty
  std::int64_t size = 0;
  std::string raw;  // the original bytes; empty in lists (only FindQuarantined loads them)
};

}  // namespace esc::app
