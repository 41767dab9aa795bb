// Composes the RFC 5322 message for a notification: From, To, Subject (RFC 2047 when not
// ASCII), Date, a Message-ID derived from the outbox row and our domain (a resend of the
// same row carries the same id, so mail clients and our own intake recognise it),
// `Auto-Submitted: auto-generated` (RFC 3834: no auto-replies) and `X-Escalator-Loop`
// (our intake drops mail carrying it), and a multipart/alternative body of text and HTML
// parts in quoted-printable. CRLF line ends throughout; no line starts with a lone '.'.
#pragma once

#include <string>

#include "core/time.h"
#include "notify/notification.h"

namespace esc::notify {

struct MailHeaders {
  std::string from;      // an address; may be "Name <address>"
  std::string to;        // an address
  std::string domain;    // for the Message-ID and the loop header, e.g. "escalator.example"
  core::Instant date{};  // the Date header
};

// "<escalator.outbox.<id>@<domain>>"
std::string MessageId(std::int64_t outbox_id, const std::string& domain);

// RFC 5322 date-time in UTC: "Mon, 02 Mar 2026 14:00:00 +0000".
std::string MailDate(core::Instant t);

// The whole message, ready for SMTP DATA.
std::string ComposeMessage(const MailHeaders& headers, const Notification& notification);

}  // namespace esc::notify
