#include "app/service/channel_intake.h"

#include <fmt/format.h>

#include <algorithm>

#include "app/service/intake_contacts.h"
#include "auth/token.h"

namespace esc::app {
namespace {

constexpr std::size_t kMaxSubject = 200;     // code points, as TicketService checks
constexpr std::size_t kMaxText = 65536;      // code points of a chat message
constexpr std::size_t kMaxFormText = 10000;  // code points of the form's description
constexpr std::size_t kMaxId = 200;          // bytes of a source's ids

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

core::Error Invalid(std::string message, std::string field) {
  return core::Error::Invalid(std::move(message), std::move(field));
}

// A source's id: 1 to kMaxId bytes without control characters.
Result<void> CheckId(const std::string& value, const std::string& field) {
  if (value.empty() || value.size() > kMaxId || HasControl(value)) {
    return std::unexpected(Invalid(
        fmt::format("{} must have 1 to {} characters and no control characters", field, kMaxId),
        field));
  }
  return {};
}

// A new ticket's subject from a chat message: its subject, else its first line.
std::string ChatSubject(const ChatMessage& m) {
  std::string subject = TrimText(m.subject);
  if (subject.empty()) {
    const std::string text = TrimText(m.text);
    subject = TrimText(std::string_view(text).substr(0, text.find('\n')));
  }
  if (subject.empty()) subject = "(attachments only)";
  if (CodePoints(subject) > 100) subject = ClipText(subject, 99) + "\u2026";
  return subject;
}

}  // namespace

std::string_view ToString(ChannelOutcomeKind kind) {
  switch (kind) {
    case ChannelOutcomeKind::kOpened:
      return "opened";
    case ChannelOutcomeKind::kThreaded:
      return "threaded";
    case ChannelOutcomeKind::kDuplicate:
      return "duplicate";
  }
  return "opened";
}

Result<void> CheckChatMessage(const ChatMessage& m, const core::IntakePolicy& intake) {
  if (!intake.Channel(m.source)) {
    std::string known;
    for (const auto& c : intake.channels) known += (known.empty() ? "" : ", ") + c.name;
    return std::unexpected(Invalid(
        fmt::format("source \"{}\" is not one of the policy's intake.channels ({})",
                    ClipText(m.source, 60), known.empty() ? "none" : known),
        "source"));
  }
  if (auto ok = CheckId(m.conversation, "conversation_id"); !ok) return ok;
  if (auto ok = CheckId(m.message_id, "message_id"); !ok) return ok;
  if (m.sender_email.empty() && m.sender_handle.empty()) {
    return std::unexpected(Invalid("sender needs an email or a handle", "sender"));
  }
  if (!m.sender_email.empty() && !PlausibleAddress(LowerAscii(TrimText(m.sender_email)))) {
    return std::unexpected(Invalid(
        fmt::format("\"{}\" is not a mail address", ClipText(m.sender_email, 60)), "sender.email"));
  }
  if (!m.sender_handle.empty() && (m.sender_handle.size() > 100 || HasControl(m.sender_handle))) {
    return std::unexpected(Invalid(
        "sender.handle must have at most 100 characters and no control characters",
        "sender.handle"));
  }
  if (CodePoints(m.sender_name) > 200) {
    return std::unexpected(Invalid("sender.name must have at most 200 characters", "sender.name"));
  }
  if (CodePoints(m.subject) > kMaxSubject) {
    return std::unexpected(
        Invalid(fmt::format("subject must have at most {} characters", kMaxSubject), "subject"));
  }
  if (TrimText(m.text).empty() && m.attachments.empty()) {
    return std::unexpected(Invalid("text must not be empty (or send an attachment)", "text"));
  }
  if (CodePoints(m.text) > kMaxText) {
    return std::unexpected(
        Invalid(fmt::format("text must have at most {} characters", kMaxText), "text"));
  }
  if (m.attachments.size() > kMaxChatAttachments) {
    return std::unexpected(Invalid(
        fmt::format("at most {} attachments per message", kMaxChatAttachments), "attachments"));
  }
  for (std::size_t i = 0; i < m.attachments.size(); ++i) {
    const auto& a = m.attachments[i];
    const std::string field = fmt::format("attachments[{}]", i);
    if (a.filename.empty() || CodePoints(a.filename) > 255 || HasControl(a.filename)) {
      return std::unexpected(Invalid(
          "filename must have 1 to 255 characters and no control characters", field + ".filename"));
    }
    if (a.bytes.size() > kMaxChatAttachmentBytes) {
      return std::unexpected(Invalid(fmt::format("an attachment may have at most {} bytes",
                                                 kMaxChatAttachmentBytes),
                                     field + ".content_base64"));
    }
  }
  return {};
}

std::vector<std::string> FormCategories(const core::IntakePolicy& intake) {
  if (!intake.web_form.categories.empty()) return intake.web_form.categories;
  return {intake.category};
}

std::vector<FormProblem> CheckContactForm(const ContactForm& form,
                                          const core::IntakePolicy& intake) {
  std::vector<FormProblem> problems;
  auto length = [&](const char* field, const std::string& value, std::size_t max,
                    const char* label) {
    const std::string trimmed = TrimText(value);
    if (trimmed.empty()) {
      problems.push_back({field, fmt::format("Please enter {}.", label)});
    } else if (CodePoints(trimmed) > max) {
      problems.push_back(
          {field, fmt::format("Please shorten {} to at most {} characters.", label, max)});
    }
  };
  length("name", form.name, 200, "your name");
  const std::string email = LowerAscii(TrimText(form.email));
  if (email.empty()) {
    problems.push_back({"email", "Please enter your email address."});
  } else if (!PlausibleAddress(email) || email.find('.', email.find('@')) == std::string::npos) {
    problems.push_back({"email", "Please enter an email address such as name@example.com."});
  }
  length("subject", form.subject, kMaxSubject, "a subject");
  length("description", form.description, kMaxFormText, "a description");
  const auto categories = FormCategories(intake);
  if (std::find(categories.begin(), categories.end(), form.category) == categories.end()) {
    problems.push_back({"category", "Please choose one of the listed categories."});
  }
  return problems;
}

Result<void> CheckSignature(std::string_view secret, std::string_view body,
                            std::string_view signature) {
  constexpr std::string_view kPrefix = "sha256=";
  if (signature.size() != kPrefix.size() + 64 ||
      LowerAscii(std::string(signature.substr(0, kPrefix.size()))) != kPrefix) {
    return std::unexpected(core::Error::Unauthenticated(
        "this source signs its posts: X-Escalator-Signature must be sha256=<hex HMAC-SHA256 "
        "of the body>",
        "x-escalator-signature"));
  }
  const std::string expected = auth::HmacSha256Hex(secret, body);
  if (!auth::SameSecret(expected, LowerAscii(std::string(signature.substr(kPrefix.size()))))) {
    return std::unexpected(core::Error::Unauthenticated(
        "X-Escalator-Signature does not match the body", "x-escalator-signature"));
  }
  return {};
}

Result<ChannelOutcome> ChannelIntake::DeliverChat(const ChatMessage& message) {
  auto policy = context_.policies.Current();
  if (!policy->intake) {
    return std::unexpected(core::Error::Unavailable(
        "the policy has no intake: section, so messages are not taken in (docs/intake.md)"));
  }
  if (auto ok = CheckChatMessage(message, *policy->intake); !ok) {
    return std::unexpected(ok.error());
  }
  ChannelOutcome outcome;
  // The same message delivered twice at the same moment: the second sees the first.
  auto written = WriteTakingIn(context_.store, [&](StoreTx& tx) -> Result<void> {
    auto delivered = DeliverChatIn(tx, *policy->intake, message);
    if (!delivered) return std::unexpected(delivered.error());
    outcome = std::move(*delivered);
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return outcome;
}

Result<ChannelOutcome> ChannelIntake::DeliverChatIn(StoreTx& tx, const core::IntakePolicy& intake,
                                                    const ChatMessage& m) {
  const Instant now = context_.clock.Now();
  ChannelOutcome outcome;
  outcome.channel = "chat:" + m.source;
  auto known = tx.FindChatMessage(m.source, m.message_id);
  if (!known) return std::unexpected(known.error());
  if (*known) {
    auto ticket = tx.FindTicket((*known)->ticket_id);
    if (!ticket) return std::unexpected(ticket.error());
    outcome.kind = ChannelOutcomeKind::kDuplicate;
    outcome.ticket_id = (*known)->ticket_id;
    if (*ticket) outcome.ticket_key = (*ticket)->key;
    outcome.detail = fmt::format("message {} of {} was taken in before", ClipText(m.message_id, 60),
                                 m.source);
    return outcome;
  }

  const std::string email = LowerAscii(TrimText(m.sender_email));
  const std::string handle_name = fmt::format("chat:{}:{}", m.source, LowerAscii(m.sender_handle));
  ContactRequest request;
  request.email = email;
  request.username = email.empty() ? handle_name : email;
  request.alternative = email.empty() ? handle_name : fmt::format("chat:{}:{}", m.source, email);
  request.display_name = m.sender_name.empty() ? m.sender_handle : m.sender_name;
  auto contact = FindOrCreateContact(tx, intake, now, request);
  if (!contact) return std::unexpected(contact.error());
  if (contact->disabled || !contact->customer_id) {
    return std::unexpected(core::Error::Forbidden(
        fmt::format("the contact {} is disabled", contact->username), "sender"));
  }
  const Actor actor{contact->id, contact->username, Role::kCustomer, contact->customer_id};

  ChatMessageRecord record;
  record.source = m.source;
  record.external_id = m.message_id;
  record.conversation = m.conversation;
  record.customer_id = *contact->customer_id;
  record.sender = contact->username;
  record.received_at = now;

  std::optional<TicketRecord> target;
  auto earlier = tx.FindConversationTicket(m.source, m.conversation, *contact->customer_id);
  if (!earlier) return std::unexpected(earlier.error());
  if (*earlier) {
    auto ticket = tx.FindTicket(**earlier);
    if (!ticket) return std::unexpected(ticket.error());
    auto usable = ThreadableTicket(tx, intake, *contact, std::move(*ticket));
    if (!usable) return std::unexpected(usable.error());
    target = std::move(*usable);
  }
  std::string text = ClipText(TrimText(m.text), kMaxText);
  if (text.empty()) text = "(attachments only)";
  if (target) {
    auto added =
        tickets_.AddMessageIn(tx, actor, target->id, Reply{text, false, outcome.channel, true});
    if (!added) return std::unexpected(added.error());
    record.message_row = added->id;
    outcome.kind = ChannelOutcomeKind::kThreaded;
    outcome.ticket_id = target->id;
    outcome.ticket_key = target->key;
  } else {
    NewTicket input;
    input.subject = ChatSubject(m);
    input.description = text;
    input.category = intake.category;
    input.impact = intake.impact;
    input.urgency = intake.urgency;
    input.customer_id = contact->customer_id;
    input.channel = outcome.channel;
    auto created = tickets_.CreateIn(tx, actor, input);
    if (!created) return std::unexpected(created.error());
    outcome.kind = ChannelOutcomeKind::kOpened;
    outcome.ticket_id = created->ticket.id;
    outcome.ticket_key = created->ticket.key;
  }
  record.ticket_id = outcome.ticket_id;
  record.outcome = std::string(ToString(outcome.kind));
  for (const auto& a : m.attachments) {
    AttachmentRecord row;
    row.ticket_id = outcome.ticket_id;
    row.message_row = record.message_row;
    row.filename = ClipText(a.filename, 255);
    row.content_type = ClipText(a.content_type.empty() ? "application/octet-stream" : a.content_type, 255);
    row.size = static_cast<std::int64_t>(a.bytes.size());
    row.content = a.bytes;
    row.created_at = now;
    if (auto id = tx.InsertAttachment(row); !id) return std::unexpected(id.error());
  }
  if (auto id = tx.InsertChatMessage(record); !id) return std::unexpected(id.error());
  return outcome;
}

Result<FormOutcome> ChannelIntake::SubmitForm(const ContactForm& form, const std::string& client) {
  auto policy = context_.policies.Current();
  if (!policy->intake || !policy->intake->web_form.enabled) {
    return std::unexpected(core::Error::NotFound("the contact form is not enabled"));
  }
  const core::IntakePolicy& intake = *policy->intake;
  FormOutcome outcome;
  if (!form.honeypot.empty()) {
    outcome.spam = true;
    return outcome;
  }
  outcome.problems = CheckContactForm(form, intake);
  if (!outcome.problems.empty()) return outcome;
  const std::string email = LowerAscii(TrimText(form.email));
  const Instant now = context_.clock.Now();
  outcome.retry_after = limiter_.TryAcquire(intake.web_form, client, email, now);
  if (outcome.retry_after.count() > 0) return outcome;

  auto written = context_.store.Write([&](StoreTx& tx) -> Result<void> {
    auto contact = FindOrCreateContact(tx, intake, now,
                                       ContactRequest{email, email, "web:" + email, form.name});
    if (!contact) return std::unexpected(contact.error());
    if (contact->disabled || !contact->customer_id) {
      outcome.problems.push_back({"email", "This address cannot open tickets here; please "
                                           "contact us another way."});
      return {};
    }
    const Actor actor{contact->id, contact->username, Role::kCustomer, contact->customer_id};
    NewTicket input;
    input.subject = ClipText(TrimText(form.subject), kMaxSubject);
    input.description = TrimText(form.description);
    input.category = form.category;
    input.impact = intake.impact;
    input.urgency = intake.urgency;
    input.customer_id = contact->customer_id;
    input.channel = "web";
    auto created = tickets_.CreateIn(tx, actor, input);
    if (!created) return std::unexpected(created.error());
    outcome.ticket_id = created->ticket.id;
    outcome.ticket_key = created->ticket.key;
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return outcome;
}

}  // namespace esc::app
