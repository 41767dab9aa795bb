#include "app/service/mail_intake.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "app/service/intake_contacts.h"

namespace esc::app {
namespace {

constexpr std::size_t kMaxSubject = 200;  // as TicketService checks
constexpr std::size_t kMaxText = 65536;   // code points of a description or message
constexpr auto kSignalsKept = std::chrono::hours(24);

std::string Clip(const std::string& text, std::size_t max) { return ClipText(text, max); }
std::string Trimmed(std::string_view text) { return TrimText(text); }

// A stable id for mail without a Message-ID: FNV-1a of its bytes, so that a second
// delivery of the same bytes is recognised too.
std::string DerivedMessageId(std::string_view raw) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : raw) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}.{}@no-message-id.escalator", h, raw.size());
}

// The text a mail adds to the conversation: the reply without quoted history, else the
// whole body; never empty (CheckLength wants one character).
std::string MessageText(const InboundMail& mail, bool reply) {
  std::string text =
      Trimmed(reply && !Trimmed(mail.reply_text).empty() ? mail.reply_text : mail.body);
  if (text.empty()) text = mail.attachments.empty() ? "(no text)" : "(attachments only)";
  return Clip(text, kMaxText);
}

}  // namespace

std::string_view ToString(MailOutcomeKind kind) {
  switch (kind) {
    case MailOutcomeKind::kOpened:
      return "opened";
    case MailOutcomeKind::kThreaded:
      return "threaded";
    case MailOutcomeKind::kIgnored:
      return "ignored";
    case MailOutcomeKind::kDuplicate:
      return "duplicate";
    case MailOutcomeKind::kQuarantined:
      return "quarantined";
  }
  return "opened";
}

Result<MailOutcome> MailIntake::Deliver(const InboundMail& mail, std::string_view raw) {
  auto policy = context_.policies.Current();
  if (!policy->intake) {
    return std::unexpected(core::Error::Unavailable(
        "the policy has no intake: section, so mail is not taken in (docs/email.md)"));
  }
  MailOutcome outcome;
  // Another process delivering the same Message-ID at the same moment: a duplicate.
  auto written = WriteTakingIn(context_.store, [&](StoreTx& tx) -> Result<void> {
    auto delivered = DeliverIn(tx, *policy->intake, mail, raw);
    if (!delivered) return std::unexpected(delivered.error());
    outcome = std::move(*delivered);
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return outcome;
}

Result<MailOutcome> MailIntake::DeliverIn(StoreTx& tx, const core::IntakePolicy& intake,
                                          const InboundMail& mail, std::string_view raw) {
  const Instant now = context_.clock.Now();
  MailOutcome outcome;
  MailRecord record;
  record.message_id = mail.message_id.empty() ? DerivedMessageId(raw) : mail.message_id;
  record.kind = mail.kind;
  record.kind_reason = mail.kind_reason;
  record.sender = LowerAscii(Trimmed(mail.from_address));
  record.subject = Clip(mail.subject, kMaxSubject);
  record.received_at = now;

  auto known = tx.FindMail(record.message_id);
  if (!known) return std::unexpected(known.error());
  if (*known) {
    outcome.kind = MailOutcomeKind::kDuplicate;
    outcome.ticket_id = (*known)->ticket_id.value_or(0);
    outcome.detail = fmt::format("Message-ID <{}> was delivered before", record.message_id);
    return outcome;
  }
  if (mail.kind != "normal") {
    // Recorded (with the ticket it answers, when it names one of ours), never answered.
    std::vector<std::string> ids = mail.references;
    if (!mail.in_reply_to.empty()) ids.push_back(mail.in_reply_to);
    auto ticket = tx.FindMailTicket(ids);
    if (!ticket) return std::unexpected(ticket.error());
    record.ticket_id = *ticket;
    record.outcome = "ignored";
    if (auto id = tx.InsertMail(record); !id) return std::unexpected(id.error());
    outcome.kind = MailOutcomeKind::kIgnored;
    outcome.ticket_id = ticket->value_or(0);
    outcome.detail = fmt::format("{} ({})", mail.kind, mail.kind_reason);
    return outcome;
  }
  if (!PlausibleAddress(record.sender)) {
    auto q = QuarantineIn(
        tx, raw, "no_sender",
        fmt::format("the From address \"{}\" is not a mail address", Clip(mail.from_address, 200)),
        record.sender);
    if (!q) return std::unexpected(q.error());
    outcome.kind = MailOutcomeKind::kQuarantined;
    outcome.quarantine_id = q->id;
    outcome.detail = q->detail;
    return outcome;
  }
  auto contact = Contact(tx, intake, mail, record.sender);
  if (!contact) return std::unexpected(contact.error());
  if (contact->disabled || !contact->customer_id) {
    auto q =
        QuarantineIn(tx, raw, "sender_disabled",
                     fmt::format("the contact {} is disabled", contact->username), record.sender);
    if (!q) return std::unexpected(q.error());
    outcome.kind = MailOutcomeKind::kQuarantined;
    outcome.quarantine_id = q->id;
    outcome.detail = q->detail;
    return outcome;
  }
  const Actor actor{contact->id, contact->username, Role::kCustomer, contact->customer_id};

  auto target = ThreadTarget(tx, intake, mail, *contact);
  if (!target) return std::unexpected(target.error());
  if (*target) {
    auto message = tickets_.AddMessageIn(tx, actor, (*target)->id,
                                         Reply{MessageText(mail, true), false, "email", true});
    if (!message) return std::unexpected(message.error());
    record.message_row = message->id;
    outcome.kind = MailOutcomeKind::kThreaded;
    outcome.ticket_id = (*target)->id;
    outcome.ticket_key = (*target)->key;
  } else {
    NewTicket input;
    input.subject = Clip(Trimmed(mail.subject), kMaxSubject);
    if (input.subject.empty()) input.subject = "(no subject)";
    input.description = MessageText(mail, false);
    input.category = intake.category;
    input.impact = intake.impact;
    input.urgency = intake.urgency;
    input.customer_id = contact->customer_id;
    input.channel = "email";
    auto created = tickets_.CreateIn(tx, actor, input);
    if (!created) return std::unexpected(created.error());
    outcome.kind = MailOutcomeKind::kOpened;
    outcome.ticket_id = created->ticket.id;
    outcome.ticket_key = created->ticket.key;
  }
  record.ticket_id = outcome.ticket_id;
  record.outcome = std::string(ToString(outcome.kind));
  for (const auto& a : mail.attachments) {
    AttachmentRecord row;
    row.ticket_id = outcome.ticket_id;
    row.message_row = record.message_row;
    row.filename = Clip(a.filename, 255);
    row.content_type = Clip(a.content_type, 255);
    row.size = static_cast<std::int64_t>(a.bytes.size());
    row.content = a.bytes;
    row.created_at = now;
    if (auto id = tx.InsertAttachment(row); !id) return std::unexpected(id.error());
  }
  if (auto id = tx.InsertMail(record); !id) return std::unexpected(id.error());
  if (options_.signal_other_process) {
    if (auto ok = tx.SignalWakeup(outcome.ticket_id, now, now - kSignalsKept); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return outcome;
}

Result<UserRecord> MailIntake::Contact(StoreTx& tx, const core::IntakePolicy& intake,
                                       const InboundMail& mail, const std::string& address) {
  return FindOrCreateContact(tx, intake, context_.clock.Now(),
                             ContactRequest{address, address, "mail:" + address, mail.from_name});
}

Result<std::optional<TicketRecord>> MailIntake::ThreadTarget(StoreTx& tx,
                                                             const core::IntakePolicy& intake,
                                                             const InboundMail& mail,
                                                             const UserRecord& contact) {
  auto usable = [&](std::optional<TicketRecord> t) {
    return ThreadableTicket(tx, intake, contact, std::move(t));
  };
  std::vector<std::string> ids = mail.references;
  if (!mail.in_reply_to.empty()) ids.push_back(mail.in_reply_to);
  auto by_id = tx.FindMailTicket(ids);
  if (!by_id) return std::unexpected(by_id.error());
  if (*by_id) {
    auto ticket = tx.FindTicket(**by_id);
    if (!ticket) return std::unexpected(ticket.error());
    auto target = usable(std::move(*ticket));
    if (!target || *target) return target;
  }
  if (mail.ticket_key) {
    auto ticket = tx.FindTicketByKey(*mail.ticket_key);
    if (!ticket) return std::unexpected(ticket.error());
    return usable(std::move(*ticket));
  }
  return std::nullopt;
}

Result<MailOutcome> MailIntake::Quarantine(std::string_view raw, const std::string& reason,
                                           const std::string& detail, const std::string& sender) {
  MailOutcome outcome;
  outcome.kind = MailOutcomeKind::kQuarantined;
  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto q = QuarantineIn(tx, raw, reason, detail, sender);
    if (!q) return std::unexpected(q.error());
    outcome.quarantine_id = q->id;
    outcome.detail = q->detail;
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return outcome;
}

Result<QuarantineRecord> MailIntake::QuarantineIn(StoreTx& tx, std::string_view raw,
                                                  const std::string& reason,
                                                  const std::string& detail,
                                                  const std::string& sender) {
  QuarantineRecord q;
  q.received_at = context_.clock.Now();
  q.reason = Clip(reason, 100);
  q.detail = Clip(detail, 1000);
  q.sender = Clip(sender, 320);
  q.size = static_cast<std::int64_t>(raw.size());
  q.raw = std::string(raw);
  auto id = tx.InsertQuarantine(q);
  if (!id) return std::unexpected(id.error());
  q.id = *id;
  return q;
}

Result<std::vector<QuarantineRecord>> MailIntake::ListQuarantine(const Actor& actor, int limit,
                                                                 int offset) {
  if (!IsAdmin(actor))
    return std::unexpected(core::Error::Forbidden("the quarantine is for admins"));
  std::vector<QuarantineRecord> out;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto rows = tx.ListQuarantine(limit, offset);
    if (!rows) return std::unexpected(rows.error());
    out = std::move(*rows);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return out;
}

Result<QuarantineRecord> MailIntake::Quarantined(const Actor& actor, Id id) {
  if (!IsAdmin(actor))
    return std::unexpected(core::Error::Forbidden("the quarantine is for admins"));
  QuarantineRecord out;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto row = tx.FindQuarantined(id);
    if (!row) return std::unexpected(row.error());
    if (!*row) {
      return std::unexpected(
          core::Error::NotFound(fmt::format("no quarantined mail {}", id), "id"));
    }
    out = std::move(**row);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return out;
}

Result<std::vector<AttachmentRecord>> MailIntake::Attachments(const Actor& actor, Id ticket_id) {
  std::vector<AttachmentRecord> out;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto ticket = tx.FindTicket(ticket_id);
    if (!ticket) return std::unexpected(ticket.error());
    if (!*ticket || !MaySee(actor, **ticket)) {
      return std::unexpected(core::Error::NotFound(fmt::format("no ticket {}", ticket_id), "id"));
    }
    auto rows = tx.Attachments(ticket_id);
    if (!rows) return std::unexpected(rows.error());
    out = std::move(*rows);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return out;
}

Result<AttachmentRecord> MailIntake::Attachment(const Actor& actor, Id ticket_id,
                                                Id attachment_id) {
  AttachmentRecord out;
  auto read = context_.store.Read([&](StoreTx& tx) -> Result<void> {
    auto ticket = tx.FindTicket(ticket_id);
    if (!ticket) return std::unexpected(ticket.error());
    auto row = tx.FindAttachment(attachment_id);
    if (!row) return std::unexpected(row.error());
    if (!*ticket || !MaySee(actor, **ticket) || !*row || (*row)->ticket_id != ticket_id) {
      return std::unexpected(core::Error::NotFound(
          fmt::format("no attachment {} on ticket {}", attachment_id, ticket_id), "id"));
    }
    out = std::move(**row);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return out;
}

}  // namespace esc::app
