// One rendered notification, ready for a channel: what the outbox worker hands to
// `WebhookChannel::Send` or `SmtpChannel::Send` after the templates ran. `outbox_id` and
// `idempotency_key` are stable across retries of the same outbox row, so a receiver (or a
// mail client, via the Message-ID) can recognise a resend.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"

namespace esc::notify {

struct Notification {
  std::int64_t outbox_id = 0;
  std::string idempotency_key;  // e.g. "outbox-42"; see IdempotencyKey()
  std::string kind;             // template kind: warning, escalated_to_you, ...
  std::string recipient;        // an email address (mail) or a name (webhook text)
  std::string ticket_key;       // ESC-1042; may be empty
  std::string ticket_url;       // a link to the ticket; may be empty
  std::string subject;          // one line, UTF-8
  std::string text;             // plain text body, UTF-8, '\n' line ends
  std::string html;             // HTML body; empty: text only
  core::Instant created_at{};   // when the decision was taken
  std::vector<std::pair<std::string, std::string>> facts;  // label, value: for cards
  // A digest: a JSON array of {ticket.{key,title,url}, event, kind, at}; empty otherwise.
  // The generic webhook body carries it as `items`.
  std::string digest_items;
};

// The stable key for an outbox row: "escalator-outbox-<id>".
std::string IdempotencyKey(std::int64_t outbox_id);

}  // namespace esc::notify
