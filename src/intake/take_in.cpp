#include "intake/take_in.h"

#include <exception>

namespace esc::intake {

app::InboundMail ToInboundMail(ParsedMail parsed) {
  app::InboundMail mail;
  mail.from_address = std::move(parsed.from.address);
  mail.from_name = std::move(parsed.from.name);
  mail.subject = std::move(parsed.subject);
  mail.message_id = std::move(parsed.message_id);
  mail.in_reply_to = std::move(parsed.in_reply_to);
  mail.references = std::move(parsed.references);
  mail.ticket_key = std::move(parsed.ticket_key);
  mail.body = std::move(parsed.body);
  mail.reply_text = std::move(parsed.reply_text);
  for (auto& a : parsed.attachments) {
    mail.attachments.push_back(
        {std::move(a.filename), std::move(a.content_type), std::move(a.bytes)});
  }
  switch (parsed.kind) {
    case MailKind::kNormal:
      mail.kind = "normal";
      break;
    case MailKind::kAutoReply:
      mail.kind = "auto_reply";
      break;
    case MailKind::kBounce:
      mail.kind = "bounce";
      break;
    case MailKind::kLoop:
      mail.kind = "loop";
      break;
  }
  mail.kind_reason = std::move(parsed.kind_reason);
  return mail;
}

ParseOptions ParseOptionsFor(const core::Policy& policy) {
  ParseOptions options;
  if (policy.intake) options.our_message_id_domain = policy.intake->message_id_domain;
  return options;
}

Result<app::MailOutcome> TakeIn(app::MailIntake& intake, std::string_view raw,
                                const ParseOptions& options) {
  Result<ParsedMail> parsed = std::unexpected(core::Error::Invalid("not parsed", "parser_error"));
  try {
    parsed = ParseMail(raw, options);
  } catch (const std::exception& e) {
    parsed = std::unexpected(core::Error::Invalid(e.what(), "parser_error"));
  }
  if (!parsed) {
    return intake.Quarantine(raw, parsed.error().where.empty() ? "invalid" : parsed.error().where,
                             parsed.error().message, "");
  }
  const std::string sender = parsed->from.address;
  auto delivered = intake.Deliver(ToInboundMail(std::move(*parsed)), raw);
  if (delivered || delivered.error().code == core::ErrorCode::kUnavailable) return delivered;
  // The use case refused it (a problem with this mail, not with the service).
  return intake.Quarantine(raw, "rejected", delivered.error().ToString(), sender);
}

}  // namespace esc::intake
