// Decides whether an inbound mail is a person writing (normal), an automatic answer
// (auto-reply), a delivery failure (bounce) or our own mail coming back (loop), from the
// headers that say so. Pure: the parser fills MailSignals, tests can too. The order of the
// checks is the order of the precedence: loop, bounce, auto-reply, then the weaker bounce
// sign (an empty Return-Path, which auto-replies also use), then normal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "intake/mail.h"

namespace esc::intake {

struct MailSignals {
  std::string from_address;
  std::string subject;                     // decoded
  std::string content_type;                // "multipart/report", lower case
  std::string report_type;                 // the report-type parameter, lower case
  std::optional<std::string> return_path;  // raw header value; absent when no header
  std::optional<std::string> auto_submitted;
  std::optional<std::string> precedence;
  bool has_autoreply_header = false;  // X-Autoreply / X-Autorespond
  bool has_loop_header = false;       // X-Escalator-Loop
  std::string message_id;
  std::string in_reply_to;
  std::vector<std::string> references;
};

struct Classification {
  MailKind kind = MailKind::kNormal;
  std::string reason;
};

// `our_domain`: see ParseOptions::our_message_id_domain (empty disables the id checks).
Classification Classify(const MailSignals& signals, std::string_view our_domain);

// True when `subject` reads like an out-of-office or automatic reply.
bool IsAutoReplySubject(std::string_view subject);

}  // namespace esc::intake
